/**
 * Onboarding: six fields or one paste box, a connection test that shows the server's identity
 * and what the key can see, then a PIN choice and save. The values live in this component's
 * state only (never in the store) and cross to main once, for check and save.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';

import type { SetupCredentials } from '../../shared/ipc/dto';
import { Icon } from '../components/Icons';
import { presentError } from '../errors';
import {
  normaliseCredentials,
  parsePastedCredentials,
  SETUP_FIELD_ORDER,
  validateSetupForm,
  type SetupFieldKey,
} from '../setup/paste-parser';
import { useAppStore } from '../store/context';
import { strings } from '../strings';

const EMPTY: SetupCredentials = { serverUrl: '', apiKeyId: '', apiKeyPrivateKey: '', apiKeySecretKey: '', serverPublicKey: '', serverSignature: '' };
const SECRET_FIELDS: ReadonlySet<SetupFieldKey> = new Set(['apiKeyPrivateKey', 'apiKeySecretKey']);
const MIN_PIN = 6;

function SetupField({
  field,
  value,
  problem,
  onChange,
}: {
  readonly field: SetupFieldKey;
  readonly value: string;
  readonly problem: string | null;
  readonly onChange: (value: string) => void;
}) {
  const id = useId();
  const messageId = `${id}-message`;
  const secret = SECRET_FIELDS.has(field);
  return (
    <div className={`form-field${problem ? ' invalid' : ''}`}>
      <label htmlFor={id}>{strings.setup.fields[field]}</label>
      <input
        id={id}
        name={field}
        type={secret ? 'password' : 'text'}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={problem !== null}
        aria-describedby={problem ? messageId : undefined}
        data-testid={`setup-${field}`}
      />
      {problem ? (
        <p id={messageId} className="hint error" data-testid={`setup-${field}-error`}>
          {problem}
        </p>
      ) : null}
    </div>
  );
}

export function SetupScreen() {
  const check = useAppStore((state) => state.setupCheck);
  const checking = useAppStore((state) => state.setupChecking);
  const saving = useAppStore((state) => state.setupSaving);
  const error = useAppStore((state) => state.setupError);
  const wipeToken = useAppStore((state) => state.wipeToken);
  const checkSetup = useAppStore((state) => state.checkSetup);
  const saveSetup = useAppStore((state) => state.saveSetup);
  const invalidate = useAppStore((state) => state.invalidateSetupCheck);

  const [values, setValues] = useState<SetupCredentials>(EMPTY);
  const [touched, setTouched] = useState<ReadonlySet<SetupFieldKey>>(new Set());
  const [showAllProblems, setShowAllProblems] = useState(false);
  const [paste, setPaste] = useState('');
  const [pasteNote, setPasteNote] = useState<string | null>(null);
  const [usePin, setUsePin] = useState(true);
  const [pin, setPin] = useState('');
  const [pinRepeat, setPinRepeat] = useState('');
  const [pinTouched, setPinTouched] = useState(false);
  const pasteId = useId();
  const pasteBox = useRef<HTMLTextAreaElement>(null);
  const form = useRef<HTMLFormElement>(null);
  // Bumped by each refused "Test connection", so focus moves to the first marked field once rendered.
  const [refusals, setRefusals] = useState(0);

  useEffect(() => pasteBox.current?.focus(), []);
  useEffect(() => {
    if (refusals > 0) {
      form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    }
  }, [refusals]);

  // The window hid: drop the key material the user typed; the public values can stay.
  useEffect(() => {
    if (wipeToken === 0) {
      return;
    }
    setValues((current) => ({ ...current, apiKeyPrivateKey: '', apiKeySecretKey: '' }));
    setPaste('');
    setPin('');
    setPinRepeat('');
  }, [wipeToken]);

  const problems = validateSetupForm(values);
  const serverFieldProblem = error?.field && (SETUP_FIELD_ORDER as readonly string[]).includes(error.field) ? (error.field as SetupFieldKey) : null;

  function setField(field: SetupFieldKey, value: string) {
    setValues((current) => ({ ...current, [field]: value }));
    setTouched((current) => new Set(current).add(field));
    invalidate();
  }

  function applyPaste(text: string) {
    setPaste(text);
    if (text.trim() === '') {
      setPasteNote(null);
      return;
    }
    const parsed = parsePastedCredentials(text);
    const found = Object.keys(parsed.values).length;
    if (found === 0) {
      setPasteNote(strings.setup.pasteNothing);
      return;
    }
    setValues((current) => ({ ...current, ...parsed.values }));
    setTouched((current) => new Set([...current, ...(Object.keys(parsed.values) as SetupFieldKey[])]));
    invalidate();
    const unknown = parsed.unknownKeys.length > 0 ? ` ${strings.setup.pasteUnknown(parsed.unknownKeys.join(', '))}` : '';
    setPasteNote(strings.setup.pasteFound(found) + unknown);
    // The pasted text holds the private and secret key; the fields now carry them, so drop the copy.
    setPaste('');
  }

  const formValid = Object.keys(problems).length === 0;
  const pinProblem = !usePin ? null : pin.length < MIN_PIN ? strings.setup.pinTooShort : pin !== pinRepeat ? strings.setup.pinMismatch : null;

  async function onTest(event: FormEvent) {
    event.preventDefault();
    setShowAllProblems(true);
    if (!formValid) {
      setRefusals((n) => n + 1);
      return;
    }
    await checkSetup(normaliseCredentials(values));
  }

  async function onSave() {
    setPinTouched(true);
    if (!check || pinProblem) {
      return;
    }
    const saved = await saveSetup(normaliseCredentials(values), usePin ? pin : null);
    if (saved) {
      setValues(EMPTY);
      setPin('');
      setPinRepeat('');
    }
  }

  const shownError = error ? presentError(error) : null;
  return (
    <div className="screen setup-screen" data-testid="setup-screen">
      <div className="setup-scroll">
        <h1>{strings.setup.title}</h1>
        <p className="muted">{strings.setup.intro}</p>
        <form ref={form} onSubmit={(event) => void onTest(event)} noValidate>
          <div className="form-field paste-field">
            <label htmlFor={pasteId}>{strings.setup.pasteLabel}</label>
            <textarea
              ref={pasteBox}
              id={pasteId}
              rows={3}
              value={paste}
              placeholder={strings.setup.pastePlaceholder}
              onChange={(event) => applyPaste(event.target.value)}
              spellCheck={false}
              autoComplete="off"
              data-testid="setup-paste"
            />
            <p className="hint" role="status" data-testid="setup-paste-note">
              {pasteNote ?? ''}
            </p>
          </div>
          <div className="setup-grid">
            {SETUP_FIELD_ORDER.map((field) => {
              const visible = showAllProblems || (touched.has(field) && values[field] !== '');
              const problem = visible ? (problems[field] ?? null) : null;
              const fromServer = serverFieldProblem === field && shownError ? shownError.message : null;
              return (
                <SetupField
                  key={field}
                  field={field}
                  value={values[field]}
                  problem={problem ?? fromServer}
                  onChange={(value) => setField(field, value)}
                />
              );
            })}
          </div>
          <p className="muted small">{strings.setup.restrictedExplained}</p>
          <div className="button-row">
            <button type="submit" className="button primary" disabled={checking} data-testid="setup-test">
              {checking ? strings.setup.testing : strings.setup.test}
            </button>
            <span className="hint error" role="status" data-testid="setup-fix-fields">
              {showAllProblems && !formValid ? strings.setup.errors.fixFields : ''}
            </span>
          </div>
        </form>

        {shownError ? (
          <div className="notice error" role="alert" data-testid="setup-error">
            <strong>{shownError.title}.</strong> {shownError.message}
            <div className="muted">{shownError.remedy}</div>
          </div>
        ) : null}

        {check ? (
          <div className="notice ok" role="status" data-testid="setup-check">
            <div className="check-line">
              <Icon name="check" /> <strong>{strings.setup.connectedAs(check.username, check.entryCount)}</strong>
            </div>
            <div>{strings.setup.checkServer(check.serverVersion)}</div>
            <div>
              {strings.setup.checkFingerprint}: <span className="mono">{check.serverFingerprint}</span>
            </div>
            <div className="muted small">{strings.setup.checkFingerprintHint}</div>
            {check.restricted ? <div className="hint warning">{strings.setup.restrictedNotice}</div> : null}
          </div>
        ) : null}

        {check ? (
          <fieldset className="pin-choice">
            <legend>{strings.setup.pinTitle}</legend>
            <label className="radio">
              <input type="radio" name="pin-mode" checked={usePin} onChange={() => setUsePin(true)} data-testid="setup-use-pin" />
              {strings.setup.pinChoice}
            </label>
            {usePin ? (
              <div className="pin-inputs">
                <label className="stacked">
                  {strings.setup.pinLabel}
                  <input type="password" value={pin} onChange={(event) => setPin(event.target.value)} onBlur={() => setPinTouched(true)} autoComplete="off" data-testid="setup-pin" />
                </label>
                <label className="stacked">
                  {strings.setup.pinConfirmLabel}
                  <input type="password" value={pinRepeat} onChange={(event) => setPinRepeat(event.target.value)} autoComplete="off" data-testid="setup-pin-repeat" />
                </label>
                {pinTouched && pinProblem ? <p className="hint error">{pinProblem}</p> : null}
              </div>
            ) : null}
            <label className="radio">
              <input type="radio" name="pin-mode" checked={!usePin} onChange={() => setUsePin(false)} data-testid="setup-no-pin" />
              {strings.setup.noPinChoice}
            </label>
            {!usePin ? <p className="hint warning">{strings.setup.noPinWarning}</p> : null}
            <div className="button-row">
              <button type="button" className="button primary" disabled={saving || (pinTouched && pinProblem !== null)} onClick={() => void onSave()} data-testid="setup-save">
                {saving ? strings.setup.saving : strings.setup.saveProfile}
              </button>
              <span className="muted small">{strings.setup.keychainNote}</span>
            </div>
          </fieldset>
        ) : (
          <p className="muted small">{strings.setup.mustTestFirst}</p>
        )}
      </div>
    </div>
  );
}
