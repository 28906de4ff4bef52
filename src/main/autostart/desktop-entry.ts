// Writing a freedesktop desktop entry's Exec line correctly (Desktop Entry Specification 1.5,
// "The Exec key"): arguments with reserved characters are double-quoted, and inside quotes ", `, $
// and \ are backslash-escaped; % is doubled; then the whole value gets the string escapes (\\, \n,
// \t, \r), which is why a literal backslash inside quotes ends up as four backslashes in the file.

const RESERVED = /[\s"'\\><~|&;$*?#()`]/;

/** Quotes one argument for an Exec line (before the string-value escaping). */
export function quoteExecArgument(argument: string): string {
  const quoted = RESERVED.test(argument) || argument === '' ? `"${argument.replace(/["`$\\]/g, '\\$&')}"` : argument;
  return quoted.replace(/%/g, '%%');
}

/** Escapes a value of type string for a .desktop file (after quoting). */
export function escapeDesktopString(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r');
}

/** The Exec value for a program and its arguments; throws on control characters, which no path should hold. */
export function execLine(program: string, args: readonly string[]): string {
  for (const part of [program, ...args]) {
    // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
    if (/[\u0000-\u001f\u007f]/.test(part)) {
      throw new RangeError('a launch path or argument contains a control character');
    }
  }
  return escapeDesktopString([program, ...args].map(quoteExecArgument).join(' '));
}

export interface AutostartEntryFields {
  readonly name: string;
  readonly comment: string;
  readonly icon: string;
  readonly wmClass: string;
  readonly exec: string;
}

/** The XDG autostart file (freedesktop Desktop Application Autostart Specification). */
export function autostartDesktopFile(fields: AutostartEntryFields): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    `Name=${escapeDesktopString(fields.name)}`,
    `Comment=${escapeDesktopString(fields.comment)}`,
    `Exec=${fields.exec}`,
    `Icon=${escapeDesktopString(fields.icon)}`,
    'Terminal=false',
    'Categories=Utility;Security;',
    `StartupWMClass=${escapeDesktopString(fields.wmClass)}`,
    'X-GNOME-Autostart-enabled=true',
    // Give the panel's tray host a moment, so the icon is not registered before anyone listens.
    'X-GNOME-Autostart-Delay=5',
    '',
  ].join('\n');
}

/** True when a user or desktop tool switched the entry off without deleting it. */
export function entryIsSwitchedOff(text: string): boolean {
  return /^Hidden\s*=\s*true\s*$/m.test(text) || /^X-GNOME-Autostart-enabled\s*=\s*false\s*$/m.test(text);
}
