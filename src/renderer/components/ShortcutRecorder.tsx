/**
 * Records the global shortcut from a key press instead of free text: press "Record", then the
 * keys; Esc cancels. It shows the combination in Electron's accelerator syntax, as main stores it
 * (main checks it again before it stores or registers it).
 */
import { useRef, useState, type KeyboardEvent } from 'react';

import { recordPress } from '../../shared/accelerator';
import { strings } from '../strings';

const MAC = typeof navigator !== 'undefined' && /Mac/i.test(navigator.platform);

export function ShortcutRecorder({ current, labelId, onRecorded }: { readonly current: string; readonly labelId: string; readonly onRecorded: (accelerator: string) => void }) {
  const [recording, setRecording] = useState(false);
  const [partial, setPartial] = useState('');
  const [hint, setHint] = useState('');
  const button = useRef<HTMLButtonElement>(null);

  function stop(): void {
    setRecording(false);
    setPartial('');
  }

  function onKeyDown(event: KeyboardEvent<HTMLButtonElement>): void {
    // Plain Tab leaves, so the recorder is never a keyboard trap.
    if (!recording || (event.key === 'Tab' && !event.ctrlKey && !event.metaKey && !event.altKey)) {
      stop();
      return;
    }
    // Every key is the recording's, not the window's (no lock on Ctrl+L, no back on Esc).
    event.preventDefault();
    event.stopPropagation();
    if (event.key === 'Escape' && !event.ctrlKey && !event.metaKey && !event.altKey && !event.shiftKey) {
      stop();
      setHint(strings.settings.shortcutRecorder.cancelled);
      return;
    }
    const result = recordPress(event, MAC);
    if (result.kind === 'complete') {
      stop();
      setHint('');
      onRecorded(result.accelerator);
    } else if (result.kind === 'partial') {
      setPartial(result.modifiers.length > 0 ? `${result.modifiers.join('+')}+…` : '');
      // Modifiers alone are on their way to a combination; a plain key needs one.
      setHint(result.waiting ? '' : strings.settings.shortcutRecorder.needsModifier);
    } else {
      setHint(strings.settings.shortcutRecorder.unsupported);
    }
  }

  return (
    <div className="shortcut-recorder">
      <kbd className="shortcut-current" data-testid="shortcut-current">
        {recording ? partial || strings.settings.shortcutRecorder.waiting : current}
      </kbd>
      <button
        ref={button}
        type="button"
        className={`button${recording ? ' recording' : ''}`}
        aria-pressed={recording}
        aria-describedby={labelId}
        onClick={() => {
          setHint('');
          setRecording((on) => !on);
        }}
        onKeyDown={onKeyDown}
        onBlur={stop}
        data-testid="shortcut-record"
      >
        {recording ? strings.settings.shortcutRecorder.stop : strings.settings.shortcutRecorder.record}
      </button>
      <span className="hint muted" role="status" data-testid="shortcut-hint">
        {recording ? hint || strings.settings.shortcutRecorder.instructions : hint}
      </span>
    </div>
  );
}
