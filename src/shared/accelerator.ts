/**
 * Electron accelerators (`CommandOrControl+Alt+P`): built from a key press in the settings
 * recorder, and checked by main before it stores or registers one. Only the subset a recorder
 * produces is accepted: modifiers first, then exactly one key.
 */

export const MODIFIERS = ['CommandOrControl', 'Control', 'Command', 'Super', 'Alt', 'Shift'] as const;
export type Modifier = (typeof MODIFIERS)[number];

const NAMED_KEYS = ['Space', 'Tab', 'Backspace', 'Delete', 'Insert', 'Enter', 'Up', 'Down', 'Left', 'Right', 'Home', 'End', 'PageUp', 'PageDown', 'PrintScreen'] as const;
const PUNCTUATION: Readonly<Record<string, string>> = {
  Minus: '-',
  Equal: '=',
  BracketLeft: '[',
  BracketRight: ']',
  Semicolon: ';',
  Quote: "'",
  Comma: ',',
  Period: '.',
  Slash: '/',
  Backslash: '\\',
  Backquote: '`',
};
const ARROWS: Readonly<Record<string, string>> = { ArrowUp: 'Up', ArrowDown: 'Down', ArrowLeft: 'Left', ArrowRight: 'Right' };

/** The accelerator name of the key at `code` (KeyboardEvent.code: the key's place, not the layout's letter), or null. */
export function acceleratorKey(code: string): string | null {
  const letter = /^Key([A-Z])$/.exec(code);
  if (letter) {
    return letter[1] ?? null;
  }
  const digit = /^Digit([0-9])$/.exec(code);
  if (digit) {
    return digit[1] ?? null;
  }
  const numpad = /^Numpad([0-9])$/.exec(code);
  if (numpad) {
    return `num${numpad[1] ?? ''}`;
  }
  if (/^F([1-9]|1[0-9]|2[0-4])$/.test(code)) {
    return code;
  }
  if (code === 'NumpadEnter') {
    return 'Enter';
  }
  return ARROWS[code] ?? PUNCTUATION[code] ?? ((NAMED_KEYS as readonly string[]).includes(code) ? code : null);
}

export interface RecordedPress {
  readonly code: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  readonly shiftKey: boolean;
}

export type Recording =
  | { readonly kind: 'complete'; readonly accelerator: string }
  /** Modifiers held so far (shown as "Ctrl+Alt+…"), or a key that needs a modifier. */
  | { readonly kind: 'partial'; readonly modifiers: readonly Modifier[]; readonly waiting: boolean }
  | { readonly kind: 'unsupported' };

const MODIFIER_CODES = /^(Control|Meta|Alt|Shift|OS)(Left|Right)?$|^AltGraph$/;

/**
 * What a key press in the recorder means. The primary modifier (Cmd on macOS, Ctrl elsewhere) is
 * written CommandOrControl, as the default is, so a settings file moves between machines.
 */
export function recordPress(press: RecordedPress, mac: boolean): Recording {
  const modifiers: Modifier[] = [];
  if (mac ? press.metaKey : press.ctrlKey) {
    modifiers.push('CommandOrControl');
  }
  if (mac ? press.ctrlKey : press.metaKey) {
    modifiers.push(mac ? 'Control' : 'Super');
  }
  if (press.altKey) {
    modifiers.push('Alt');
  }
  if (press.shiftKey) {
    modifiers.push('Shift');
  }
  if (MODIFIER_CODES.test(press.code)) {
    return { kind: 'partial', modifiers, waiting: true };
  }
  const key = acceleratorKey(press.code);
  if (key === null) {
    return { kind: 'unsupported' };
  }
  // A global shortcut without Ctrl/Cmd/Alt/Super would swallow that key in every app; F-keys may stand alone.
  const needsModifier = !/^F\d+$/.test(key);
  if (needsModifier && !modifiers.some((modifier) => modifier !== 'Shift')) {
    return { kind: 'partial', modifiers, waiting: false };
  }
  return { kind: 'complete', accelerator: [...modifiers, key].join('+') };
}

/** Whether `text` is an accelerator of the recorder's form: known modifiers, each once, then one key. */
export function isValidAccelerator(text: string): boolean {
  const parts = text.split('+');
  // '+' itself is not a key the recorder writes, so an empty part is always an error.
  if (parts.length < 1 || parts.some((part) => part === '')) {
    return false;
  }
  const key = parts.at(-1) ?? '';
  const modifiers = parts.slice(0, -1);
  if (new Set(modifiers).size !== modifiers.length || !modifiers.every((part) => (MODIFIERS as readonly string[]).includes(part))) {
    return false;
  }
  const knownKey =
    /^[A-Z0-9]$/.test(key) || /^num[0-9]$/.test(key) || /^F([1-9]|1[0-9]|2[0-4])$/.test(key) || (NAMED_KEYS as readonly string[]).includes(key) || Object.values(PUNCTUATION).includes(key);
  if (!knownKey) {
    return false;
  }
  return /^F\d+$/.test(key) || modifiers.some((modifier) => modifier !== 'Shift');
}
