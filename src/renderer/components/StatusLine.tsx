import { useAppStore } from '../store/context';
import { selectClipboardSecondsLeft } from '../store/selectors';
import { strings } from '../strings';
import { Icon } from './Icons';

/** The footer line: what was copied (a label, never the value) and when the clipboard clears. */
export function StatusLine() {
  const status = useAppStore((state) => state.status);
  const secondsLeft = useAppStore(selectClipboardSecondsLeft);
  return (
    <footer className={`status-line tone-${status?.tone ?? 'none'}`} role="status" aria-live="polite" aria-label={strings.status.region} data-testid="status-line">
      {status ? (
        <>
          {status.tone === 'ok' ? <Icon name="check" /> : status.tone === 'error' ? <Icon name="warning" /> : null}
          <span className="status-text">{status.text}</span>
          {status.clipboard && secondsLeft !== null ? <span className="status-countdown">{` — ${strings.status.clearsIn(secondsLeft)}`}</span> : null}
        </>
      ) : (
        <span className="status-text muted">{strings.search.emptyHintKeys}</span>
      )}
    </footer>
  );
}
