import { footerHint } from '../footer-hint';
import { useAppStore } from '../store/context';
import { selectClipboardSecondsLeft, selectSelectedEntry } from '../store/selectors';
import { strings } from '../strings';
import { Icon } from './Icons';

/**
 * The footer line: what was copied (a label, never the value) and when the clipboard clears. Only
 * the message is a live region, present from the start; the countdown beside it ticks every second
 * and is not live, so it is read when the user reads the line (or focuses a copy button, which it
 * describes), not announced each second. With nothing to report it shows the keys of the screen shown.
 */
export const CLIPBOARD_COUNTDOWN_ID = 'clipboard-countdown';

export function StatusLine() {
  const status = useAppStore((state) => state.status);
  const secondsLeft = useAppStore(selectClipboardSecondsLeft);
  const hint = useAppStore((state) =>
    footerHint({ screen: state.screen, largeType: state.largeType, selected: selectSelectedEntry(state), autoType: Boolean(state.app?.autoType.available && state.settings?.autoType) }),
  );
  return (
    <footer className={`status-line tone-${status?.tone ?? 'none'}`} aria-label={strings.status.region} data-testid="status-line">
      {status?.tone === 'ok' ? <Icon name="check" /> : status?.tone === 'error' ? <Icon name="warning" /> : null}
      <span className={`status-text${status ? '' : ' muted'}`} role="status" data-testid="status-message">
        {status ? status.text : null}
      </span>
      {/* Not in the live region: it changes with every move through the list. */}
      {status ? null : (
        <span className="status-text muted footer-hint" data-testid="footer-hint">
          {hint}
        </span>
      )}
      {status?.clipboard && secondsLeft !== null ? (
        <span className="status-countdown" id={CLIPBOARD_COUNTDOWN_ID}>{` — ${strings.status.clearsIn(secondsLeft)}`}</span>
      ) : null}
    </footer>
  );
}
