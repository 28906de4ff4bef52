import { useRef, useState, type FormEvent } from 'react';

import { presentError } from '../errors';
import { useAppStore } from '../store/context';
import { strings } from '../strings';
import { Dialog } from './Dialog';

const ERROR_ID = 'remove-profile-error';

/** Confirms removing the profile; with a PIN, main checks it like an unlock (a wrong one counts). */
export function RemoveProfileDialog({ hasPin, onCancel, onConfirm }: {
  readonly hasPin: boolean;
  readonly onCancel: () => void;
  readonly onConfirm: (pin: string | null) => Promise<boolean>;
}) {
  const cancel = useRef<HTMLButtonElement>(null);
  const pinInput = useRef<HTMLInputElement>(null);
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const error = useAppStore((state) => state.settingsError);
  const pinError = error?.kind === 'wrong-pin' || error?.kind === 'pin-erased' ? presentError(error) : null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const removed = await onConfirm(hasPin ? pin : null);
    setPin('');
    setBusy(false);
    if (!removed) {
      pinInput.current?.focus();
    }
  }

  return (
    <Dialog role="alertdialog" labelledBy="remove-profile-title" describedBy="remove-profile-body" onClose={onCancel} initialFocus={hasPin ? pinInput : cancel} className="confirm">
      <h2 id="remove-profile-title">{strings.settings.removeConfirmButton}</h2>
      <form onSubmit={(event) => void submit(event)}>
        <p id="remove-profile-body">
          {strings.settings.removeConfirm}
          {hasPin ? ` ${strings.settings.removePinPrompt}` : ''}
        </p>
        {hasPin ? (
          <input
            ref={pinInput}
            type="password"
            aria-label={strings.settings.removePinLabel}
            placeholder={strings.settings.removePinLabel}
            value={pin}
            onChange={(event) => setPin(event.target.value)}
            autoComplete="off"
            aria-invalid={pinError !== null}
            aria-describedby={pinError ? ERROR_ID : undefined}
            data-testid="remove-profile-pin"
          />
        ) : null}
        {pinError ? (
          <p className="notice error" role="alert" id={ERROR_ID} data-testid="remove-profile-error">
            <strong>{pinError.title}.</strong> {pinError.message}
          </p>
        ) : null}
        <div className="button-row">
          <button type="submit" className="button danger" disabled={busy || (hasPin && pin.length === 0)} data-testid="remove-profile-confirm">
            {strings.settings.removeConfirmButton}
          </button>
          <button ref={cancel} type="button" className="button" onClick={onCancel}>
            {strings.cancel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
