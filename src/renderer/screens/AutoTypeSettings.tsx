import { useEffect, useId, useState, type FormEvent } from 'react';

import { DEFAULT_AUTO_TYPE_SEQUENCE } from '../../shared/setting-limits';
import { Icon } from '../components/Icons';
import { useAppStore } from '../store/context';
import { strings } from '../strings';

/**
 * Settings' auto-type section: on/off, whether this desktop can do it (and why not), and the
 * default sequence. Main checks the sequence with core's parser; its reason is shown under the field.
 */
export function AutoTypeSettings() {
  const enabled = useAppStore((state) => state.settings?.autoType ?? false);
  const stored = useAppStore((state) => state.settings?.autoTypeSequence ?? '');
  const availability = useAppStore((state) => state.app?.autoType ?? null);
  const error = useAppStore((state) => (state.settingsError?.field === 'autoTypeSequence' ? state.settingsError : null));
  const update = useAppStore((state) => state.updateSettings);
  const [draft, setDraft] = useState(stored);
  const titleId = useId();
  const toggleId = useId();
  const sequenceId = useId();
  const helpId = useId();
  const errorId = useId();
  useEffect(() => setDraft(stored), [stored]);
  const apply = (event: FormEvent) => {
    event.preventDefault();
    if (draft !== stored) {
      void update({ autoTypeSequence: draft });
    }
  };
  const unavailable = availability !== null && !availability.available;
  return (
    <section className="settings-section" aria-labelledby={titleId} data-testid="autotype-settings">
      <h2 id={titleId}>{strings.autoType.section}</h2>
      {availability ? (
        <p className={`hint ${unavailable ? 'warning' : 'ok'}`} data-testid="autotype-availability" data-state={unavailable ? 'unavailable' : 'available'}>
          <Icon name={unavailable ? 'warning' : 'check'} /> {unavailable ? strings.autoType.unavailable(availability.reason ?? '') : strings.autoType.available}
        </p>
      ) : null}
      <div className="setting-row">
        <input id={toggleId} type="checkbox" checked={enabled && !unavailable} disabled={unavailable} onChange={(event) => void update({ autoType: event.target.checked })} data-setting="autoType" />
        <label htmlFor={toggleId}>{strings.autoType.enabled}</label>
      </div>
      <form className="setting-row shortcut-row" onSubmit={apply}>
        <label htmlFor={sequenceId}>{strings.autoType.sequenceLabel}</label>
        <div className="inline-form">
          <input
            id={sequenceId}
            type="text"
            className="mono"
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            spellCheck={false}
            autoComplete="off"
            aria-describedby={error ? `${errorId} ${helpId}` : helpId}
            aria-invalid={error !== null}
            data-setting="autoTypeSequence"
          />
          <button type="submit" className="button">
            {strings.autoType.sequenceApply}
          </button>
          <button type="button" className="button" onClick={() => void update({ autoTypeSequence: DEFAULT_AUTO_TYPE_SEQUENCE })} disabled={stored === DEFAULT_AUTO_TYPE_SEQUENCE}>
            {strings.autoType.sequenceReset}
          </button>
        </div>
        {error ? (
          <p id={errorId} className="hint error" role="alert" data-testid="autotype-sequence-error">
            {error.message}
          </p>
        ) : null}
        <p id={helpId} className="hint muted">
          {strings.autoType.sequenceHelp}
        </p>
      </form>
    </section>
  );
}
