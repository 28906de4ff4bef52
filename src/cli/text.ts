/**
 * Text for a terminal: names come from the server, so every human-readable line escapes C0/C1
 * control characters (ESC would let a shared folder name rewrite the terminal). JSON output is
 * left exact: JSON.stringify escapes C0 itself, and a script wants the value as stored.
 */

// C0 (incl. TAB, LF, ESC), DEL and C1: matching them is the point here.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** `\n`, `\t`, `\r` as such; any other control character as `\xNN` / `\u00NN`. */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (char) => {
    switch (char) {
      case '\n':
        return '\\n';
      case '\t':
        return '\\t';
      case '\r':
        return '\\r';
      default:
        return `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;
    }
  });
}

/** Columns a code point takes in a terminal: 0 for combining marks, 2 for East Asian wide and emoji. */
function codePointWidth(code: number): number {
  if ((code >= 0x300 && code <= 0x36f) || (code >= 0x200b && code <= 0x200f) || code === 0xfe0f) {
    return 0;
  }
  const wide =
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd);
  return wide ? 2 : 1;
}

export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    width += codePointWidth(char.codePointAt(0)!);
  }
  return width;
}

/** Rows of cells as aligned columns (two spaces apart); the last column is not padded. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, column) => {
      widths[column] = Math.max(widths[column] ?? 0, displayWidth(cell));
    });
  }
  return rows
    .map((row) => {
      const cells = row.map((cell, column) => (column === row.length - 1 ? cell : cell + ' '.repeat(widths[column]! - displayWidth(cell))));
      return `${cells.join('  ').trimEnd()}\n`;
    })
    .join('');
}

/** A name from the vault or the command line in double quotes, for a message: escaped, never raw. */
export function quoted(text: string): string {
  return `"${escapeControl(text).replace(/"/g, '\\"')}"`;
}
