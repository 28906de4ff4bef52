/**
 * Auto-type sequences in KeePassXC's notation: `{USERNAME}{TAB}{PASSWORD}{ENTER}`, `{TOTP}`,
 * `{SPACE}`, `{DELAY n}` (milliseconds), literal text, and `{{}` / `{}}` for a literal brace.
 * Tokens are case-insensitive. Parsing is strict so that a typo is reported in Settings instead of
 * being typed into another program: an unknown token, an unclosed or stray brace, or a control
 * character in literal text is an error. Pure: main reads the fields a sequence names and asks
 * `resolveSequence` for the actions its key adapter performs.
 */
import { err, ok, type Result } from '../result';

export const DEFAULT_AUTO_TYPE_SEQUENCE = '{USERNAME}{TAB}{PASSWORD}{ENTER}';
/** Longer sequences are refused (a sequence is a handful of tokens). */
export const MAX_SEQUENCE_LENGTH = 500;
/** The longest `{DELAY n}`, and the most all delays of one sequence may add up to. */
export const MAX_DELAY_MS = 10_000;

export type AutoTypeField = 'username' | 'password' | 'totp';
/** Keys by their X keysym names (the adapters map them to their platform's key codes). */
export type AutoTypeKey = 'Tab' | 'Return' | 'space';

export type SequenceStep =
  | { readonly kind: 'field'; readonly field: AutoTypeField }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'key'; readonly key: AutoTypeKey }
  | { readonly kind: 'delay'; readonly ms: number };

/** What the key adapter does, in order. `type` text may be a secret: never log it. */
export type AutoTypeAction =
  | { readonly kind: 'type'; readonly text: string }
  | { readonly kind: 'key'; readonly key: AutoTypeKey }
  | { readonly kind: 'delay'; readonly ms: number };

export interface SequenceError {
  readonly message: string;
  /** Index in the sequence text where the problem starts. */
  readonly at: number;
}

const FIELD_TOKENS: Readonly<Record<string, AutoTypeField>> = { USERNAME: 'username', PASSWORD: 'password', TOTP: 'totp' };
const KEY_TOKENS: Readonly<Record<string, AutoTypeKey>> = { TAB: 'Tab', ENTER: 'Return', SPACE: 'space' };
const DELAY = /^DELAY (\d{1,5})$/i;
// eslint-disable-next-line no-control-regex -- control characters are exactly what this rejects
const CONTROL = /[\u0000-\u001f\u007f]/;

/** One `{…}` token (without braces) as a step, or an error message. */
function tokenStep(content: string): SequenceStep | string {
  const name = content.toUpperCase();
  const field = FIELD_TOKENS[name];
  if (field) {
    return { kind: 'field', field };
  }
  const key = KEY_TOKENS[name];
  if (key) {
    return { kind: 'key', key };
  }
  const delay = DELAY.exec(content);
  if (delay) {
    const ms = Number(delay[1]);
    return ms <= MAX_DELAY_MS ? { kind: 'delay', ms } : `{DELAY n} takes at most ${MAX_DELAY_MS} ms`;
  }
  if (/^DELAY\b/i.test(content)) {
    return 'write a delay as {DELAY n}, n in milliseconds';
  }
  return `unknown token {${content}} (known: {USERNAME}, {PASSWORD}, {TOTP}, {TAB}, {ENTER}, {SPACE}, {DELAY n}, {{}, {}})`;
}

export function parseSequence(text: string): Result<readonly SequenceStep[], SequenceError> {
  if (text.length > MAX_SEQUENCE_LENGTH) {
    return err({ message: `a sequence has at most ${MAX_SEQUENCE_LENGTH} characters`, at: MAX_SEQUENCE_LENGTH });
  }
  const steps: SequenceStep[] = [];
  let literal = '';
  let totalDelay = 0;
  const flush = (): void => {
    if (literal !== '') {
      steps.push({ kind: 'text', text: literal });
      literal = '';
    }
  };
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('{{}', i) || text.startsWith('{}}', i)) {
      literal += text[i + 1];
      i += 3;
      continue;
    }
    const char = text[i]!;
    if (char === '}') {
      return err({ message: 'a lone } (write it as {}})', at: i });
    }
    if (char !== '{') {
      if (CONTROL.test(char)) {
        return err({ message: 'control characters are not typed as text (use {TAB} or {ENTER})', at: i });
      }
      literal += char;
      i += 1;
      continue;
    }
    const close = text.indexOf('}', i + 1);
    const content = close < 0 ? '' : text.slice(i + 1, close);
    if (close < 0 || content.includes('{')) {
      return err({ message: 'a { without its } (write a literal { as {{})', at: i });
    }
    const step = tokenStep(content);
    if (typeof step === 'string') {
      return err({ message: step, at: i });
    }
    if (step.kind === 'delay') {
      totalDelay += step.ms;
      if (totalDelay > MAX_DELAY_MS) {
        return err({ message: `the delays of a sequence add up to at most ${MAX_DELAY_MS} ms`, at: i });
      }
    }
    flush();
    steps.push(step);
    i = close + 1;
  }
  flush();
  if (steps.length === 0) {
    return err({ message: 'the sequence is empty', at: 0 });
  }
  return ok(steps);
}

/** The entry fields a sequence types (main reads only these). */
export function sequenceFields(steps: readonly SequenceStep[]): ReadonlySet<AutoTypeField> {
  return new Set(steps.flatMap((step) => (step.kind === 'field' ? [step.field] : [])));
}

const FIELD_NAMES: Readonly<Record<AutoTypeField, string>> = { username: 'username', password: 'password', totp: 'TOTP code' };

/**
 * The actions for `steps` with the entry's values filled in. An empty or missing field is an error
 * (typing nothing where a password was expected would submit a form with an empty password).
 */
export function resolveSequence(
  steps: readonly SequenceStep[],
  values: Readonly<Partial<Record<AutoTypeField, string | null>>>,
): Result<readonly AutoTypeAction[], string> {
  const actions: AutoTypeAction[] = [];
  for (const step of steps) {
    if (step.kind === 'field') {
      const value = values[step.field];
      if (value === undefined || value === null || value === '') {
        return err(`This entry has no ${FIELD_NAMES[step.field]} to type.`);
      }
      actions.push({ kind: 'type', text: value });
    } else if (step.kind === 'text') {
      actions.push({ kind: 'type', text: step.text });
    } else {
      actions.push(step);
    }
  }
  return ok(actions);
}

/**
 * Whether a custom field holds the entry's own sequence: named `autotype`, `auto-type` or
 * `Auto Type` (case, spaces, `-` and `_` ignored), as KeePassXC users name it.
 */
export function isAutoTypeFieldName(name: string): boolean {
  return name.toLowerCase().replace(/[\s_-]/g, '') === 'autotype';
}
