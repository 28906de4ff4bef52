/**
 * The one modal dialog. On open it remembers the focused control, makes the rest of the page
 * `inert` (so neither Tab nor a screen reader's virtual cursor can leave) and moves focus in; Esc
 * closes this dialog only; on close, focus returns to the control that opened it.
 */
import { useEffect, useLayoutEffect, useRef, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import { createPortal } from 'react-dom';

const FOCUSABLE = 'button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea:not(:disabled), a[href], [tabindex]:not([tabindex="-1"])';

/** Open dialogs, innermost last: only the innermost leaves the page interactive below it. */
const openDialogs: HTMLElement[] = [];

function applyInert(): void {
  const innermost = openDialogs.at(-1);
  for (const child of document.body.children) {
    if (child instanceof HTMLElement) {
      child.inert = innermost !== undefined && !child.contains(innermost);
    }
  }
}

export function Dialog({
  role = 'dialog',
  labelledBy,
  describedBy,
  className,
  onClose,
  initialFocus,
  children,
}: {
  readonly role?: 'dialog' | 'alertdialog';
  readonly labelledBy: string;
  readonly describedBy?: string;
  readonly className?: string;
  readonly onClose: () => void;
  /** The control focused on open; the first focusable one otherwise. */
  readonly initialFocus?: RefObject<HTMLElement | null>;
  readonly children: ReactNode;
}) {
  const layer = useRef<HTMLDivElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  }, [onClose]);

  useLayoutEffect(() => {
    const element = layer.current;
    const dialog = box.current;
    if (!element || !dialog) {
      return;
    }
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    openDialogs.push(element);
    applyInert();
    const target = initialFocus?.current ?? dialog.querySelector<HTMLElement>(FOCUSABLE) ?? dialog;
    target.focus();
    return () => {
      openDialogs.splice(openDialogs.indexOf(element), 1);
      applyInert();
      // The opener may have gone (its screen changed); then focus stays where the app puts it.
      if (opener?.isConnected) {
        opener.focus();
      }
    };
  }, [initialFocus]);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key === 'Escape') {
      // Handled here, so whatever is below (a screen, the window) does not also close.
      event.preventDefault();
      event.stopPropagation();
      onCloseRef.current();
      return;
    }
    if (event.key !== 'Tab' || !box.current) {
      return;
    }
    // Wrap Tab inside the dialog: with everything else inert it would leave for the window's edge.
    const focusable = [...box.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = focusable[0];
    const last = focusable.at(-1);
    if (!first || !last) {
      event.preventDefault();
      return;
    }
    if (event.shiftKey && (document.activeElement === first || document.activeElement === box.current)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  return createPortal(
    <div ref={layer} className="sheet-backdrop" onClick={() => onCloseRef.current()}>
      <div
        ref={box}
        className={`sheet${className ? ` ${className}` : ''}`}
        role={role}
        aria-modal="true"
        aria-labelledby={labelledBy}
        aria-describedby={describedBy}
        tabIndex={-1}
        onKeyDown={onKeyDown}
        onClick={(event) => event.stopPropagation()}
      >
        {children}
      </div>
    </div>,
    document.body,
  );
}
