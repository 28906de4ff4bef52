import { useEffect, useRef, useState, type FormEvent } from 'react';

import { Icon } from '../components/Icons';
import { RemoveProfileDialog } from '../components/RemoveProfileDialog';
import { lockReasonNeedsSetup, lockReasonText, presentError } from '../errors';
import { useAppStore } from '../store/context';
import { selectProfile } from '../store/selectors';
import { strings } from '../strings';

const ERROR_ID = 'unlock-error';

export function LockedScreen() {
  const profile = useAppStore(selectProfile);
  const reason = useAppStore((state) => state.app?.lockReason ?? null);
  const unlocking = useAppStore((state) => state.unlocking);
  const error = useAppStore((state) => state.unlockError);
  const focusToken = useAppStore((state) => state.focusToken);
  const wipeToken = useAppStore((state) => state.wipeToken);
  const unlock = useAppStore((state) => state.unlock);
  const removeProfile = useAppStore((state) => state.removeProfile);
  const showScreen = useAppStore((state) => state.showScreen);
  const [pin, setPin] = useState('');
  // Setting up again removes the profile: with a PIN, the removal dialog asks for it.
  const [confirmingRemoval, setConfirmingRemoval] = useState(false);
  const firstControl = useRef<HTMLInputElement & HTMLButtonElement>(null);
  const hasPin = profile?.hasPin ?? false;
  const needsSetup = lockReasonNeedsSetup(reason);

  useEffect(() => firstControl.current?.focus(), [focusToken, error]);
  useEffect(() => setPin(''), [wipeToken]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const done = await unlock(hasPin ? pin : null);
    setPin('');
    if (!done) {
      firstControl.current?.focus();
    }
  }

  const shownError = error ? presentError(error) : null;
  return (
    <div className="screen centered-screen" data-testid="locked-screen">
      <div className="card">
        <div className="card-icon">
          <Icon name="lock" />
        </div>
        <h1>{strings.locked.title}</h1>
        <p data-testid="lock-reason">{lockReasonText(reason)}</p>
        {needsSetup ? (
          <button type="button" className="button primary" onClick={() => (hasPin ? setConfirmingRemoval(true) : void removeProfile(null))} ref={firstControl}>
            {strings.locked.setupAgain}
          </button>
        ) : (
          <form className="unlock-form" onSubmit={(event) => void submit(event)}>
            {hasPin ? (
              <input
                ref={firstControl}
                type="password"
                aria-label={strings.locked.pinLabel}
                placeholder={strings.locked.pinLabel}
                value={pin}
                onChange={(event) => setPin(event.target.value)}
                autoComplete="off"
                aria-invalid={error?.kind === 'wrong-pin'}
                aria-describedby={shownError ? ERROR_ID : undefined}
                data-testid="unlock-pin"
              />
            ) : null}
            <button type="submit" className="button primary" disabled={unlocking || (hasPin && pin.length === 0)} ref={hasPin ? undefined : firstControl} data-testid="unlock-button">
              {unlocking ? strings.locked.unlocking : strings.locked.unlock}
            </button>
          </form>
        )}
        {!hasPin && !needsSetup ? <p className="muted small">{strings.locked.noPinHint}</p> : null}
        {shownError ? (
          <div className="notice error" role="alert" id={ERROR_ID} data-testid="unlock-error">
            <strong>{shownError.title}.</strong> {shownError.message}
            <div className="muted">{shownError.remedy}</div>
          </div>
        ) : null}
        <button type="button" className="link-button" onClick={() => showScreen('settings')}>
          {strings.nav.settings}
        </button>
      </div>
      {confirmingRemoval ? <RemoveProfileDialog hasPin={hasPin} onCancel={() => setConfirmingRemoval(false)} onConfirm={removeProfile} /> : null}
    </div>
  );
}
