/**
 * What every fuzzed CLI run must satisfy. A failure names the check and never quotes a secret: the
 * leak checks run first, so later messages may quote a line of output.
 */
import type { Meaning } from './mutations';
import { FIXTURE_SECRETS, SEED_KEYS } from './world';

export interface Command {
  readonly name: string;
  readonly argv: readonly string[];
  /** The fixture secret this command prints on purpose, if any. */
  readonly prints?: keyof typeof FIXTURE_SECRETS;
  /** stdout is JSON (exact) or a raw field value rather than human-readable lines. */
  readonly stdout: 'human' | 'json' | 'value';
}

export const COMMANDS: readonly Command[] = [
  { name: 'ls --json', argv: ['ls', '--json'], stdout: 'json' },
  { name: 'ls', argv: ['ls'], stdout: 'human' },
  { name: 'get --field password', argv: ['get', 'Work/Mail', '--field', 'password'], prints: 'mailPassword', stdout: 'value' },
  { name: 'totp', argv: ['totp', 'Token'], stdout: 'human' },
];

export interface Run {
  readonly code: number | 'hang';
  readonly stdout: string;
  readonly stderr: string;
}

/** C0 and C1 controls and DEL, except newline and tab. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex -- as above
const C0 = /[\u0000-\u0008\u000b-\u001f]/;
/** The CLI's own "internal error (…); please report it", or a stack. The server's "reported an internal error" is fine. */
const INTERNAL = /internal error \(|please report it|Maximum call stack|\n\s+at |(?:Type|Range|Reference|Syntax)Error/;

function excerpt(text: string, match: RegExp): string {
  const line = text.split('\n').find((candidate) => match.test(candidate)) ?? '';
  return JSON.stringify(line.slice(0, 200));
}

/** The first broken rule, or undefined. `tokens`: session tokens the server saw this run. */
export function violation(command: Command, run: Run, tokens: readonly string[]): string | undefined {
  if (run.code === 'hang') {
    return 'no exit within the per-case timeout';
  }
  const output = `${run.stdout}\n${run.stderr}`;
  const keys: Array<[string, string]> = [...SEED_KEYS.map((key, index): [string, string] => [`seed key #${index}`, key]), ...tokens.map((token): [string, string] => ['a session token', token])];
  for (const [what, value] of keys) {
    if (output.toLowerCase().includes(value.toLowerCase())) {
      return `the output contains ${what}`;
    }
  }
  if (/[0-9a-f]{64}/i.test(output)) {
    return 'the output contains 64 hex digits (a key?)';
  }
  for (const [name, value] of Object.entries(FIXTURE_SECRETS)) {
    if (name !== command.prints && output.includes(value)) {
      return `the output contains the fixture secret ${name}`;
    }
  }
  if (command.prints !== undefined && run.stderr.includes(FIXTURE_SECRETS[command.prints])) {
    return 'stderr contains the requested value';
  }
  if (![0, 1, 3].includes(run.code)) {
    return `exit code ${run.code}`;
  }
  if (INTERNAL.test(output)) {
    return `internal error or stack trace: ${excerpt(output, INTERNAL)}`;
  }
  if (CONTROL.test(run.stderr)) {
    return `control character on stderr: ${excerpt(run.stderr, CONTROL)}`;
  }
  if (command.stdout === 'human' && CONTROL.test(run.stdout)) {
    return `control character on stdout: ${excerpt(run.stdout, CONTROL)}`;
  }
  if (command.stdout === 'json' && run.code === 0) {
    if (C0.test(run.stdout)) {
      return 'a raw control character in JSON output';
    }
    try {
      JSON.parse(run.stdout);
    } catch {
      return 'exit 0 with stdout that is not JSON';
    }
  }
  return undefined;
}

/** Whether the run is what `meaning` allows, against the untampered run of the same command. */
export function acceptedInSilence(meaning: Meaning, run: Run, untampered: Run): string | undefined {
  const same = run.code === untampered.code && run.stdout === untampered.stdout && run.stderr === untampered.stderr;
  if (meaning === 'same') {
    return same ? undefined : 'a change of form only, yet the output differs from the untampered run';
  }
  const warned = run.code !== 0 || run.stderr.includes('psono: warning:');
  if (meaning === 'tampered' && !same && !warned) {
    return 'a tampered answer was accepted in silence (exit 0, no warning, output differs from the untampered run)';
  }
  if (meaning === 'warns' && !warned) {
    return 'content the client must not take in silence gave neither a warning nor an error';
  }
  return undefined;
}
