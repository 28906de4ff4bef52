/**
 * The password generator: options on the left of the user's choice, main generates and copies
 * (the window only asks), and the value it made is shown, in numbered cells, because the user
 * asked for it. The options start from the last ones used (main keeps them in settings).
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';

import type { GeneratorOptions, PassphraseOptions, PasswordOptions } from '../../shared/ipc/dto';
import { DEFAULT_PASSPHRASE_OPTIONS, DEFAULT_PASSWORD_OPTIONS, GENERATOR_LIMITS } from '../../shared/generator-limits';
import { CharacterCells } from '../components/CharacterCells';
import { Icon } from '../components/Icons';
import { useAppStore } from '../store/context';
import { strings } from '../strings';

type PasswordFlag = 'lower' | 'upper' | 'digits' | 'symbols' | 'avoidLookAlikes';
const PASSWORD_FLAGS: readonly PasswordFlag[] = ['lower', 'upper', 'digits', 'symbols', 'avoidLookAlikes'];

function clampInt(text: string, limits: { readonly min: number; readonly max: number }, fallback: number): number {
  const parsed = Number.parseInt(text, 10);
  return Number.isInteger(parsed) ? Math.min(limits.max, Math.max(limits.min, parsed)) : fallback;
}

function Check({ label, checked, onChange, name }: { readonly label: string; readonly checked: boolean; readonly onChange: (checked: boolean) => void; readonly name: string }) {
  const id = useId();
  return (
    <div className="setting-row">
      <input id={id} type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} data-generator={name} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}

function NumberField({ label, value, limits, onChange, name }: {
  readonly label: string;
  readonly value: number;
  readonly limits: { readonly min: number; readonly max: number };
  readonly onChange: (value: number) => void;
  readonly name: string;
}) {
  const id = useId();
  const [draft, setDraft] = useState(String(value));
  useEffect(() => setDraft(String(value)), [value]);
  return (
    <div className="setting-row number">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        min={limits.min}
        max={limits.max}
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={() => onChange(clampInt(draft, limits, value))}
        data-generator={name}
      />
    </div>
  );
}

function PasswordFields({ options, onChange }: { readonly options: PasswordOptions; readonly onChange: (options: PasswordOptions) => void }) {
  return (
    <>
      <NumberField label={strings.generator.length} value={options.length} limits={GENERATOR_LIMITS.length} onChange={(length) => onChange({ ...options, length })} name="length" />
      {PASSWORD_FLAGS.map((flag) => (
        <Check key={flag} label={strings.generator[flag]} checked={options[flag]} onChange={(checked) => onChange({ ...options, [flag]: checked })} name={flag} />
      ))}
    </>
  );
}

function PassphraseFields({ options, onChange }: { readonly options: PassphraseOptions; readonly onChange: (options: PassphraseOptions) => void }) {
  const separatorId = useId();
  return (
    <>
      <NumberField label={strings.generator.words} value={options.words} limits={GENERATOR_LIMITS.words} onChange={(words) => onChange({ ...options, words })} name="words" />
      <div className="setting-row number">
        <label htmlFor={separatorId}>{strings.generator.separator}</label>
        <input
          id={separatorId}
          type="text"
          maxLength={GENERATOR_LIMITS.separatorMaxLength}
          value={options.separator}
          onChange={(event) => onChange({ ...options, separator: event.target.value })}
          spellCheck={false}
          data-generator="separator"
        />
      </div>
      <Check label={strings.generator.capitalize} checked={options.capitalize} onChange={(capitalize) => onChange({ ...options, capitalize })} name="capitalize" />
      <p className="muted">{strings.generator.wordList}</p>
    </>
  );
}

function GeneratedOutput() {
  const generated = useAppStore((state) => state.generated);
  const openLargeType = useAppStore((state) => state.openLargeType);
  if (!generated) {
    return null;
  }
  return (
    <div className="generated" data-testid="generated">
      <CharacterCells value={generated.value} label={strings.generator.result} />
      <div className="generated-meta">
        <span className="muted" data-testid="generated-bits">{strings.generator.bits(generated.bits)}</span>
        <button type="button" className="button" onClick={() => void openLargeType('generated')}>
          {strings.largeType.open}
        </button>
      </div>
    </div>
  );
}

export function GeneratorScreen() {
  const settings = useAppStore((state) => state.settings);
  const generating = useAppStore((state) => state.generating);
  const generate = useAppStore((state) => state.generate);
  const showScreen = useAppStore((state) => state.showScreen);
  const [kind, setKind] = useState<GeneratorOptions['kind']>(settings?.generatorKind ?? 'password');
  const [password, setPassword] = useState<PasswordOptions>(settings?.generatorPassword ?? DEFAULT_PASSWORD_OPTIONS);
  const [passphrase, setPassphrase] = useState<PassphraseOptions>(settings?.generatorPassphrase ?? DEFAULT_PASSPHRASE_OPTIONS);
  const region = useRef<HTMLElement>(null);
  useEffect(() => region.current?.focus(), []);
  const noClass = kind === 'password' && !(password.lower || password.upper || password.digits || password.symbols);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!noClass && !generating) {
      void generate(kind === 'password' ? password : passphrase);
    }
  };
  return (
    <section ref={region} tabIndex={-1} className="screen settings-screen generator-screen" aria-labelledby="generator-title" data-testid="generator-screen">
      <header className="detail-header">
        <button type="button" className="icon-button" onClick={() => showScreen('search')} aria-label={strings.back} title={strings.back}>
          <Icon name="back" />
        </button>
        <h1 id="generator-title">{strings.generator.title}</h1>
      </header>
      <form className="settings-body generator-form" onSubmit={submit}>
        <fieldset className="generator-kind">
          <legend>{strings.generator.kind}</legend>
          {(['password', 'passphrase'] as const).map((option) => (
            <label key={option} className="radio">
              <input type="radio" name="generator-kind" value={option} checked={kind === option} onChange={() => setKind(option)} data-generator={`kind-${option}`} />
              {strings.generator.kinds[option]}
            </label>
          ))}
        </fieldset>
        {kind === 'password' ? <PasswordFields options={password} onChange={setPassword} /> : <PassphraseFields options={passphrase} onChange={setPassphrase} />}
        {noClass ? <p className="hint error">{strings.generator.noClass}</p> : null}
        <div className="generator-actions">
          <button type="submit" className="button primary" disabled={noClass || generating} data-testid="generate">
            {generating ? strings.generator.generating : strings.generator.generate}
          </button>
          <span className="muted">{strings.generator.note}</span>
        </div>
        <GeneratedOutput />
      </form>
    </section>
  );
}
