/**
 * The page's keyboard and mouse input, reported to main as Electron does: Electron tells main
 * ('before-input-event' for keys, 'input-event' for keys and mouse) before the page sees it, and
 * the page cannot fake it. Here an init script listens for trusted events (a real key press or
 * click from Playwright) in the capture phase and reports them through a binding it hides from
 * page scripts, so a script calling the bridge without input is seen as exactly that.
 */
import type * as E from 'electron';

export const PAGE_INPUT_BINDING = '__electronInput';

/** What the init script reports for one trusted DOM event. */
export interface PageInput {
  readonly kind: 'keydown' | 'keyup' | 'mousedown' | 'mouseup';
  readonly key: string;
  readonly code: string;
  readonly repeat: boolean;
  readonly shift: boolean;
  readonly control: boolean;
  readonly alt: boolean;
  readonly meta: boolean;
  readonly location: number;
}

export const PAGE_INPUT_SCRIPT = `(() => {
  const report = window.${PAGE_INPUT_BINDING};
  try { delete window.${PAGE_INPUT_BINDING}; } catch {}
  if (typeof report !== 'function') return;
  for (const kind of ['keydown', 'keyup', 'mousedown', 'mouseup']) {
    window.addEventListener(kind, (event) => {
      if (!event.isTrusted) return;
      report({
        kind,
        key: event.key ?? '',
        code: event.code ?? '',
        repeat: event.repeat === true,
        shift: event.shiftKey,
        control: event.ctrlKey,
        alt: event.altKey,
        meta: event.metaKey,
        location: event.location ?? 0,
      });
    }, { capture: true });
  }
})();`;

const INPUT_TYPES = { keydown: 'keyDown', keyup: 'keyUp', mousedown: 'mouseDown', mouseup: 'mouseUp' } as const satisfies Record<PageInput['kind'], E.InputEvent['type']>;

function modifiers(input: PageInput): NonNullable<E.InputEvent['modifiers']> {
  const flags = [
    [input.shift, 'shift'],
    [input.control, 'control'],
    [input.alt, 'alt'],
    [input.meta, 'meta'],
    [input.repeat, 'isautorepeat'],
  ] as const;
  const list: NonNullable<E.InputEvent['modifiers']> = flags.filter(([on]) => on).map(([, name]) => name);
  return list;
}

/** The 'input-event' payload for one page input. */
export function toInputEvent(input: PageInput): E.InputEvent {
  return { type: INPUT_TYPES[input.kind], modifiers: modifiers(input) };
}

/** The 'before-input-event' payload, for key events only (as in Electron). */
export function toBeforeInput(input: PageInput): E.Input | null {
  if (input.kind !== 'keydown' && input.kind !== 'keyup') {
    return null;
  }
  return {
    type: INPUT_TYPES[input.kind],
    key: input.key,
    code: input.code,
    isAutoRepeat: input.repeat,
    isComposing: false,
    shift: input.shift,
    control: input.control,
    alt: input.alt,
    meta: input.meta,
    location: input.location,
    modifiers: modifiers(input),
  };
}
