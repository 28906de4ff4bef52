/**
 * Which command a key press means in the search box. Pure, so every binding has a unit test.
 * Ctrl and Cmd are treated alike: users switching machines should not need two habits.
 */
export type SearchCommand =
  | 'move-up'
  | 'move-down'
  | 'page-up'
  | 'page-down'
  | 'copy-main'
  | 'copy-username'
  | 'copy-totp'
  | 'open-url'
  | 'details'
  | 'escape'
  | 'lock'
  | 'settings'
  | 'shortcuts'
  | 'auto-type';

export interface KeyPress {
  readonly key: string;
  readonly shiftKey: boolean;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
}

export interface SearchKeyContext {
  readonly queryEmpty: boolean;
  /** → opens details only when the caret is at the end, so it still moves the caret otherwise. */
  readonly caretAtEnd: boolean;
  readonly hasSelection: boolean;
}

export function searchCommandFor(press: KeyPress, context: SearchKeyContext): SearchCommand | null {
  const primary = press.ctrlKey || press.metaKey;
  if (press.altKey) {
    return null;
  }
  switch (press.key) {
    case 'ArrowDown':
      return primary || press.shiftKey ? null : 'move-down';
    case 'ArrowUp':
      return primary || press.shiftKey ? null : 'move-up';
    case 'PageDown':
      return 'page-down';
    case 'PageUp':
      return 'page-up';
    case 'Enter':
      if (primary) {
        return press.shiftKey ? 'auto-type' : 'copy-totp';
      }
      return press.shiftKey ? 'copy-username' : 'copy-main';
    case 'Tab':
      // With nothing typed the list is favourites and recent, and Tab keeps moving focus to the
      // toolbar (keyboard-only users need that way out); → still opens the entry's details.
      return !primary && !press.shiftKey && context.hasSelection && !context.queryEmpty ? 'details' : null;
    case 'ArrowRight':
      return !primary && !press.shiftKey && context.caretAtEnd && context.hasSelection ? 'details' : null;
    case 'Escape':
      return 'escape';
    case '?':
      return context.queryEmpty && !primary ? 'shortcuts' : null;
    case ',':
      return primary ? 'settings' : null;
    default:
      break;
  }
  if (primary && !press.shiftKey) {
    const letter = press.key.toLowerCase();
    if (letter === 'u') {
      return 'open-url';
    }
    if (letter === 'l') {
      return 'lock';
    }
  }
  return null;
}
