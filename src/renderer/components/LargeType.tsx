/**
 * The large-type view: the whole window for one value the window already holds (a field revealed
 * through main's guarded reveal, the detail view's TOTP code, or a generated value). It adds no way
 * to reach a secret. Esc closes it and masks the value; the reveal's timer still ends it.
 */
import { useRef } from 'react';

import { useAppStore } from '../store/context';
import { selectRevealSecondsLeft } from '../store/selectors';
import { strings } from '../strings';
import { CharacterCells } from './CharacterCells';
import { Dialog } from './Dialog';

export function LargeType() {
  const source = useAppStore((state) => state.largeType);
  const value = useAppStore((state) =>
    state.largeType === 'revealed' ? (state.revealed?.value ?? null) : state.largeType === 'totp' ? (state.totp?.code ?? null) : state.largeType === 'generated' ? (state.generated?.value ?? null) : null,
  );
  const secondsLeft = useAppStore(selectRevealSecondsLeft);
  const close = useAppStore((state) => state.closeLargeType);
  const closeButton = useRef<HTMLButtonElement>(null);
  if (source === null || value === null) {
    return null;
  }
  return (
    <Dialog labelledBy="large-type-title" describedBy="large-type-legend" className="large-type" onClose={close} initialFocus={closeButton}>
      <div className="large-type-head">
        <h2 id="large-type-title">{strings.largeType.title}</h2>
        {source === 'revealed' && secondsLeft !== null ? <span className="muted">{strings.largeType.hidesIn(secondsLeft)}</span> : null}
        <button ref={closeButton} type="button" className="button" onClick={close}>
          {strings.largeType.close}
        </button>
      </div>
      <CharacterCells value={value} label={strings.largeType.title} />
      <p id="large-type-legend" className="muted large-type-legend">
        {strings.largeType.legend}
      </p>
    </Dialog>
  );
}
