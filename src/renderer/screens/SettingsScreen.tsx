import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';

import type { LockTriggerStates, Settings, Theme } from '../../shared/ipc/dto';
import { SETTING_LIMITS, THEMES } from '../../shared/setting-limits';
import { Icon } from '../components/Icons';
import { RemoveProfileDialog } from '../components/RemoveProfileDialog';
import { ShortcutRecorder } from '../components/ShortcutRecorder';
import { presentError } from '../errors';
import { AutoTypeSettings } from './AutoTypeSettings';
import { useAppStore } from '../store/context';
import { selectPhase, selectProfile } from '../store/selectors';
import { strings } from '../strings';

type BooleanSetting = { [K in keyof Settings]: Settings[K] extends boolean ? K : never }[keyof Settings];
type NumberSetting = { [K in keyof Settings]: Settings[K] extends number ? K : never }[keyof Settings];

function Toggle({ name, label, trigger }: { readonly name: BooleanSetting; readonly label: string; readonly trigger?: keyof LockTriggerStates }) {
  const value = useAppStore((state) => state.settings?.[name] ?? false);
  const update = useAppStore((state) => state.updateSettings);
  // An OS lock or sleep this desktop never reports cannot lock the app: shown off and disabled (the
  // stored choice stays, for a desktop that does). Idle still locks without system idle time (app inactivity).
  const undelivered = useAppStore((state) => trigger !== undefined && trigger !== 'systemIdle' && state.app?.lockTriggers?.[trigger] === 'unavailable');
  const id = useId();
  const hintId = useId();
  return (
    <div className={`setting-row${trigger ? ' with-hint' : ''}`}>
      <input
        id={id}
        type="checkbox"
        checked={value && !undelivered}
        disabled={undelivered}
        onChange={(event) => void update({ [name]: event.target.checked })}
        data-setting={name}
        {...(trigger ? { 'aria-describedby': hintId } : {})}
      />
      <label htmlFor={id}>{label}</label>
      {trigger ? <TriggerHint id={hintId} trigger={trigger} /> : null}
    </div>
  );
}

function UsageHistory() {
  const clear = useAppStore((state) => state.clearUsage);
  const cleared = useAppStore((state) => state.usageCleared);
  return (
    <div className="setting-row">
      <button type="button" className="button" onClick={() => void clear()} data-testid="clear-usage">
        {strings.settings.clearUsage}
      </button>
      <span className="saved-note" aria-live="polite" data-testid="usage-cleared">
        {cleared ? strings.settings.usageCleared : ''}
      </span>
    </div>
  );
}

/** Whether this desktop delivers the trigger, as main found out. */
function TriggerHint({ id, trigger }: { readonly id: string; readonly trigger: keyof LockTriggerStates }) {
  const state = useAppStore((store) => store.app?.lockTriggers?.[trigger] ?? 'unknown');
  const tone = state === 'available' ? 'ok' : state === 'unavailable' ? 'warning' : 'muted';
  return (
    <p id={id} className={`hint trigger-hint ${tone}`} data-testid={`trigger-${trigger}`} data-state={state}>
      {state === 'unavailable' ? <Icon name="warning" /> : null}
      <span>{strings.settings.triggerStates[trigger][state]}</span>
    </p>
  );
}

/** Commits on blur or Enter, so half-typed numbers are not sent to main on every keystroke. */
function NumberSettingInput({
  name,
  label,
  min,
  max,
  disabled = false,
  indented = false,
}: {
  readonly name: NumberSetting;
  readonly label: string;
  readonly min: number;
  readonly max: number;
  readonly disabled?: boolean;
  /** Drawn under the toggle it belongs to. */
  readonly indented?: boolean;
}) {
  const stored = useAppStore((state) => state.settings?.[name] ?? 0);
  const update = useAppStore((state) => state.updateSettings);
  const [draft, setDraft] = useState(String(stored));
  const id = useId();
  useEffect(() => setDraft(String(stored)), [stored]);
  const commit = () => {
    const parsed = Number(draft);
    if (Number.isInteger(parsed) && parsed >= min && parsed <= max && parsed !== stored) {
      void update({ [name]: parsed });
    } else if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
      setDraft(String(stored));
    }
  };
  return (
    <div className={`setting-row number${indented ? ' indented' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        min={min}
        max={max}
        value={draft}
        disabled={disabled}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            commit();
          }
        }}
        data-setting={name}
      />
    </div>
  );
}

function Section({ title, children }: { readonly title: string; readonly children: ReactNode }) {
  const id = useId();
  return (
    <section className="settings-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

function ShortcutSetting() {
  const stored = useAppStore((state) => state.settings?.shortcut ?? '');
  const registration = useAppStore((state) => state.app?.shortcut ?? null);
  const update = useAppStore((state) => state.updateSettings);
  const id = useId();
  return (
    <div className="setting-row shortcut-row" role="group" aria-labelledby={id}>
      <span id={id}>{strings.settings.shortcutLabel}</span>
      <ShortcutRecorder
        current={stored}
        labelId={id}
        onRecorded={(accelerator) => {
          if (accelerator !== stored) {
            void update({ shortcut: accelerator });
          }
        }}
      />
      {registration ? (
        <p className={`hint ${registration.registered ? 'ok' : 'error'}`} data-testid="shortcut-state">
          <Icon name={registration.registered ? 'check' : 'warning'} />{' '}
          {registration.registered ? strings.settings.shortcutRegistered(registration.accelerator) : strings.settings.shortcutNotRegistered(registration.accelerator)}
          {registration.registered ? <span className="muted"> {strings.settings.shortcutWaylandNote}</span> : null}
        </p>
      ) : null}
    </div>
  );
}

function ThemeSetting() {
  const theme = useAppStore((state) => state.settings?.theme ?? 'system');
  const update = useAppStore((state) => state.updateSettings);
  const id = useId();
  return (
    <div className="setting-row number">
      <label htmlFor={id}>{strings.settings.theme}</label>
      <select id={id} value={theme} onChange={(event) => void update({ theme: event.target.value as Theme })} data-setting="theme">
        {THEMES.map((option) => (
          <option key={option} value={option}>
            {strings.settings.themes[option]}
          </option>
        ))}
      </select>
    </div>
  );
}

function PinSetting() {
  const profile = useAppStore(selectProfile);
  const changePin = useAppStore((state) => state.changePin);
  const error = useAppStore((state) => state.pinChangeError);
  const changed = useAppStore((state) => state.pinChanged);
  const wipeToken = useAppStore((state) => state.wipeToken);
  const [currentPin, setCurrentPin] = useState('');
  const [newPin, setNewPin] = useState('');
  const [noPin, setNoPin] = useState(false);
  useEffect(() => {
    setCurrentPin('');
    setNewPin('');
  }, [wipeToken]);
  if (!profile) {
    return null;
  }
  const newPinValid = noPin || newPin.length >= 6;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!newPinValid) {
      return;
    }
    const done = await changePin(profile.hasPin ? currentPin : null, noPin ? null : newPin);
    if (done) {
      setCurrentPin('');
      setNewPin('');
    }
  };
  return (
    <Section title={strings.settings.sections.pin}>
      <p className="muted">{profile.hasPin ? strings.settings.hasPin : strings.settings.noPin}</p>
      <form className="pin-form" onSubmit={(event) => void submit(event)}>
        {profile.hasPin ? (
          <label className="stacked">
            {strings.settings.currentPin}
            <input type="password" value={currentPin} onChange={(event) => setCurrentPin(event.target.value)} autoComplete="off" data-testid="current-pin" />
          </label>
        ) : null}
        <label className="stacked">
          {strings.settings.newPin}
          <input type="password" value={newPin} disabled={noPin} onChange={(event) => setNewPin(event.target.value)} autoComplete="off" aria-invalid={!newPinValid && newPin !== ''} data-testid="new-pin" />
        </label>
        <div className="setting-row">
          <input id="no-pin-setting" type="checkbox" checked={noPin} onChange={(event) => setNoPin(event.target.checked)} />
          <label htmlFor="no-pin-setting">{strings.settings.removePin}</label>
        </div>
        {noPin ? <p className="hint warning">{strings.setup.noPinWarning}</p> : null}
        {!newPinValid && newPin !== '' ? <p className="hint error">{strings.setup.pinTooShort}</p> : null}
        <button type="submit" className="button" disabled={!newPinValid}>
          {strings.settings.changePin}
        </button>
        {error ? (
          <p className="hint error" role="alert">
            {presentError(error).title}: {error.message}
          </p>
        ) : null}
        <p className="hint ok" role="status" data-testid="pin-changed">
          {changed ? strings.settings.pinChanged : ''}
        </p>
      </form>
    </Section>
  );
}

function ProfileSection() {
  const profile = useAppStore(selectProfile);
  const removeProfile = useAppStore((state) => state.removeProfile);
  const [confirming, setConfirming] = useState(false);
  if (!profile) {
    return null;
  }
  return (
    <Section title={strings.settings.sections.profile}>
      <dl className="profile-list">
        <dt>{strings.settings.profileServer}</dt>
        <dd>{profile.serverUrl}</dd>
        {profile.username ? (
          <>
            <dt>{strings.settings.profileUser}</dt>
            <dd>{profile.username}</dd>
          </>
        ) : null}
        <dt>{strings.settings.profileKeyId}</dt>
        <dd className="mono">{profile.apiKeyId}</dd>
        <dt>{strings.settings.profileFingerprint}</dt>
        <dd className="mono" data-testid="profile-fingerprint">
          {profile.serverFingerprint}
        </dd>
        <dt>{strings.settings.profileAccess}</dt>
        <dd>{profile.restricted ? strings.settings.profileRestricted : strings.settings.profileUnrestricted}</dd>
      </dl>
      <button type="button" className="button danger-outline" onClick={() => setConfirming(true)}>
        {strings.settings.removeProfile}
      </button>
      {confirming ? <RemoveProfileDialog hasPin={profile.hasPin} onCancel={() => setConfirming(false)} onConfirm={removeProfile} /> : null}
    </Section>
  );
}

export function SettingsScreen() {
  const settings = useAppStore((state) => state.settings);
  const error = useAppStore((state) => state.settingsError);
  const saved = useAppStore((state) => state.settingsSaved);
  const phase = useAppStore(selectPhase);
  const showScreen = useAppStore((state) => state.showScreen);
  const clipboardSeconds = useAppStore((state) => state.settings?.clipboardClearSeconds ?? 0);
  const lockOnIdle = useAppStore((state) => state.settings?.lockOnIdle ?? false);
  const lockOnAppInactivity = useAppStore((state) => state.settings?.lockOnAppInactivity ?? false);
  const region = useRef<HTMLElement>(null);
  useEffect(() => region.current?.focus(), []);
  return (
    <section ref={region} tabIndex={-1} className="screen settings-screen" aria-labelledby="settings-title" data-testid="settings-screen">
      <header className="detail-header">
        <button type="button" className="icon-button" onClick={() => showScreen('search')} aria-label={strings.back} title={strings.back}>
          <Icon name="back" />
        </button>
        <h1 id="settings-title">{strings.settings.title}</h1>
        <span className="saved-note" aria-live="polite">
          {saved ? strings.settings.saved : ''}
        </span>
      </header>
      <div className="settings-body">
        {error ? (
          <div className="notice error" role="alert">
            <strong>{presentError(error).title}</strong> {error.message}
          </div>
        ) : null}
        {settings ? (
          <>
            <Section title={strings.settings.sections.lock}>
              <Toggle name="lockOnIdle" label={strings.settings.lockOnIdle} trigger="systemIdle" />
              <NumberSettingInput name="idleMinutes" label={strings.settings.idleMinutes} {...SETTING_LIMITS.idleMinutes} disabled={!lockOnIdle} indented />
              <Toggle name="lockOnAppInactivity" label={strings.settings.lockOnAppInactivity} />
              <NumberSettingInput name="appInactivityMinutes" label={strings.settings.appInactivityMinutes} {...SETTING_LIMITS.appInactivityMinutes} disabled={!lockOnAppInactivity} indented />
              <Toggle name="lockOnOsLock" label={strings.settings.lockOnOsLock} trigger="osLock" />
              <Toggle name="lockOnSleep" label={strings.settings.lockOnSleep} trigger="sleep" />
            </Section>
            <Section title={strings.settings.sections.clipboard}>
              <NumberSettingInput name="clipboardClearSeconds" label={strings.settings.clipboardClearSeconds} {...SETTING_LIMITS.clipboardClearSeconds} />
              {clipboardSeconds === 0 ? <p className="hint warning">{strings.status.notCleared}</p> : null}
              <Toggle name="clipboardExcludeFromHistory" label={strings.settings.clipboardExcludeFromHistory} />
              <Toggle name="notifyOnCopy" label={strings.settings.notifyOnCopy} />
            </Section>
            <Section title={strings.settings.sections.shortcut}>
              <ShortcutSetting />
            </Section>
            <Section title={strings.settings.sections.searchWindow}>
              <Toggle name="hideAfterCopy" label={strings.settings.hideAfterCopy} />
              <Toggle name="recordUsage" label={strings.settings.recordUsage} />
              <UsageHistory />
            </Section>
            <AutoTypeSettings />
            <Section title={strings.settings.sections.general}>
              <Toggle name="startAtLogin" label={strings.settings.startAtLogin} />
              <Toggle name="contentProtection" label={strings.settings.contentProtection} />
              <ThemeSetting />
            </Section>
          </>
        ) : null}
        {phase === 'unlocked' || phase === 'locked' ? <ProfileSection /> : null}
        {phase === 'unlocked' ? <PinSetting /> : null}
      </div>
    </section>
  );
}
