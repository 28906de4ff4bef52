import { useEffect, useRef, type KeyboardEvent } from 'react';

import type { DetailField } from '../../shared/ipc/dto';
import { Icon, TypeIcon } from '../components/Icons';
import { CLIPBOARD_COUNTDOWN_ID } from '../components/StatusLine';
import { TotpRing } from '../components/TotpRing';
import { presentError } from '../errors';
import { formatTotp } from '../format';
import { searchCommandFor } from '../search/keymap';
import { useAppStore, useAppStoreApi } from '../store/context';
import { selectClipboardSecondsLeft, selectRevealSecondsLeft, selectTotpSecondsLeft } from '../store/selectors';
import { strings } from '../strings';

function CopyButton({ field }: { readonly field: DetailField }) {
  const copy = useAppStore((state) => state.copyDetailField);
  // While the clipboard counts down, a focused copy button reads how long is left.
  const counting = useAppStore((state) => state.status?.clipboard === true && selectClipboardSecondsLeft(state) !== null);
  return (
    <button
      type="button"
      className="icon-button"
      onClick={() => void copy(field.key)}
      aria-label={strings.detail.copyLabel(field.label)}
      aria-describedby={counting ? CLIPBOARD_COUNTDOWN_ID : undefined}
      title={strings.detail.copy}
    >
      <Icon name="copy" />
    </button>
  );
}

function TotpValue({ field }: { readonly field: DetailField }) {
  const totp = useAppStore((state) => state.totp);
  const secondsLeft = useAppStore(selectTotpSecondsLeft);
  const openLargeType = useAppStore((state) => state.openLargeType);
  return (
    <>
      <div className="field-value totp-value" data-testid="totp-code">
        {totp ? (
          <>
            <span className="totp-code" aria-live="polite">{formatTotp(totp.code)}</span>
            <TotpRing secondsLeft={secondsLeft ?? 0} period={totp.period} />
            <span className="visually-hidden">{strings.detail.totpExpires(secondsLeft ?? 0)}</span>
          </>
        ) : (
          <span className="muted">{strings.detail.totpLoading}</span>
        )}
      </div>
      <div className="field-actions">
        {totp ? (
          <button type="button" className="icon-button" onClick={() => void openLargeType('totp')} aria-label={strings.largeType.open} title={`${strings.largeType.open} (Ctrl+Shift+L)`}>
            <Icon name="largeType" />
          </button>
        ) : null}
        <CopyButton field={field} />
      </div>
    </>
  );
}

function SecretValue({ field }: { readonly field: DetailField }) {
  const revealed = useAppStore((state) => (state.revealed?.key === field.key ? state.revealed.value : null));
  const secondsLeft = useAppStore(selectRevealSecondsLeft);
  const reveal = useAppStore((state) => state.reveal);
  const mask = useAppStore((state) => state.mask);
  const openLargeType = useAppStore((state) => state.openLargeType);
  const shown = revealed !== null;
  return (
    <>
      <div className={`field-value${field.kind === 'multiline' || field.key === 'notes' ? ' multiline' : ''}`} data-testid={`field-${field.key}`}>
        {shown ? (
          <>
            <code className="secret revealed">{revealed}</code>
            <span className="reveal-timer muted">{strings.detail.remaskIn(secondsLeft ?? 0)}</span>
          </>
        ) : (
          <span className="secret masked" aria-label={strings.detail.masked}>
            {strings.detail.masked}
          </span>
        )}
      </div>
      <div className="field-actions">
        <button
          type="button"
          className="icon-button"
          aria-pressed={shown}
          onClick={() => (shown ? mask() : void reveal(field.key))}
          aria-label={shown ? strings.detail.hideLabel(field.label) : strings.detail.revealLabel(field.label)}
          title={shown ? strings.detail.hide : strings.detail.reveal}
        >
          <Icon name={shown ? 'eyeOff' : 'eye'} />
        </button>
        {shown ? (
          <button type="button" className="icon-button" onClick={() => void openLargeType('revealed')} aria-label={strings.largeType.open} title={`${strings.largeType.open} (Ctrl+Shift+L)`} data-testid="large-type-button">
            <Icon name="largeType" />
          </button>
        ) : null}
        <CopyButton field={field} />
      </div>
    </>
  );
}

function PlainValue({ field, value }: { readonly field: DetailField; readonly value: string }) {
  const openUrl = useAppStore((state) => state.openDetailUrl);
  const canOpen = useAppStore((state) => state.detail?.summary.canOpenUrl ?? false);
  return (
    <>
      <div className={`field-value${field.kind === 'multiline' ? ' multiline' : ''}`} data-testid={`field-${field.key}`}>
        {value}
      </div>
      <div className="field-actions">
        {field.kind === 'url' && canOpen ? (
          <button type="button" className="icon-button" onClick={() => void openUrl()} aria-label={strings.detail.openUrl} title={strings.detail.openUrl}>
            <Icon name="external" />
          </button>
        ) : null}
        <CopyButton field={field} />
      </div>
    </>
  );
}

function FieldRow({ field }: { readonly field: DetailField }) {
  const labelId = `field-label-${field.key.replace(/[^a-z0-9]/gi, '-')}`;
  return (
    <div className="field" role="group" aria-labelledby={labelId}>
      <div className="field-label" id={labelId}>
        {field.label}
      </div>
      {field.kind === 'totp' ? <TotpValue field={field} /> : field.value === null ? <SecretValue field={field} /> : <PlainValue field={field} value={field.value} />}
    </div>
  );
}

export function DetailView() {
  const store = useAppStoreApi();
  const detail = useAppStore((state) => state.detail);
  const loading = useAppStore((state) => state.detailLoading);
  const error = useAppStore((state) => state.detailError);
  const closeDetail = useAppStore((state) => state.closeDetail);
  const toggleFavourite = useAppStore((state) => state.toggleFavourite);
  const region = useRef<HTMLElement>(null);

  useEffect(() => region.current?.focus(), []);

  function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    const onContainer = event.target === event.currentTarget;
    if (event.key === 'Escape' || ((event.key === 'ArrowLeft' || event.key === 'Backspace') && onContainer)) {
      event.preventDefault();
      closeDetail();
      return;
    }
    if (!onContainer) {
      return; // Enter on a button activates the button
    }
    const command = searchCommandFor(event, { queryEmpty: true, caretAtEnd: false, hasSelection: false });
    const state = store.getState();
    const quick = { 'copy-main': 'main', 'copy-username': 'username', 'copy-totp': 'totp' } as const;
    if (command === 'copy-main' || command === 'copy-username' || command === 'copy-totp') {
      event.preventDefault();
      void state.copyDetailField(quick[command]);
    } else if (command === 'open-url') {
      event.preventDefault();
      void state.openDetailUrl();
    }
  }

  if (!detail) {
    return null;
  }
  const summary = detail.summary;
  const typeLabel = strings.entryTypes[summary.type];
  return (
    <section ref={region} className="screen detail-screen" tabIndex={-1} aria-label={strings.detail.regionLabel(summary.title)} onKeyDown={onKeyDown} data-testid="detail-view">
      <header className="detail-header">
        <button type="button" className="icon-button" onClick={closeDetail} aria-label={strings.back} title={strings.detail.backHint}>
          <Icon name="back" />
        </button>
        <TypeIcon type={summary.type} label={typeLabel} />
        <div className="detail-heading">
          <h1>{summary.title}</h1>
          <div className="muted detail-sub">
            {typeLabel}
            {summary.path.length > 0 ? ` · ${summary.path.join(' › ')}` : ''}
          </div>
        </div>
        <button
          type="button"
          className={`icon-button favourite-toggle${summary.favourite ? ' on' : ''}`}
          aria-pressed={summary.favourite}
          onClick={() => void toggleFavourite()}
          aria-label={summary.favourite ? strings.detail.favouriteOn : strings.detail.favouriteOff}
          title={summary.favourite ? strings.detail.favouriteOn : strings.detail.favouriteOff}
        >
          <Icon name="star" />
        </button>
      </header>
      <div className="detail-body">
        {error ? (
          <div className="notice error" role="alert">
            <strong>{presentError(error).title}</strong> {error.message} <span className="muted">{presentError(error).remedy}</span>
          </div>
        ) : loading ? (
          <p className="muted">{strings.detail.loading}</p>
        ) : detail.fields.length === 0 ? (
          <p className="muted">{strings.detail.noFields}</p>
        ) : (
          usernameFirst(detail.fields).map((field) => <FieldRow key={field.key} field={field} />)
        )}
      </div>
    </section>
  );
}

/** The username leads: it tells two logins of one site apart, and it is what the user types first. */
function usernameFirst(fields: readonly DetailField[]): readonly DetailField[] {
  const username = fields.filter((field) => field.key === 'username');
  return username.length === 0 ? fields : [...username, ...fields.filter((field) => field.key !== 'username')];
}
