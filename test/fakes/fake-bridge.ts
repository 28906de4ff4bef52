/**
 * A typed in-memory BridgeApi: a small vault, a lock state machine, a clipboard and a call log.
 * The renderer's store tests call it directly; the Chromium renderer tests run it in Node and
 * route the page's `window.psonoTray` to it, so secrets reach the page only when the page asks.
 */
import { parseSequence } from '../../src/core/autotype';
import type { BridgeApi, EventChannel, EventPayloads } from '../../src/shared/ipc/contract';
import type {
  AppError,
  AppErrorKind,
  AppState,
  CopyField,
  DetailField,
  EntrySummary,
  EntryType,
  IpcResult,
  MatchRange,
  Settings,
  SetupCredentials,
} from '../../src/shared/ipc/dto';
import { DEFAULT_SETTINGS, settingsPatchSchema, settingsSchema } from '../../src/shared/settings';

export interface FakeEntry {
  readonly id: string;
  readonly type: EntryType;
  readonly title: string;
  readonly path: readonly string[];
  readonly url: string | null;
  readonly username: string | null;
  readonly password: string | null;
  readonly totpCode: string | null;
  readonly notes: string | null;
  readonly custom: ReadonlyArray<{ readonly name: string; readonly value: string }>;
  favourite: boolean;
}

/** Fixture values that must never show up in the DOM or store unless revealed. */
export const FAKE_SECRETS = {
  githubPassword: 'Fx-gh-Pa55word!42',
  awsPassword: 'Fx-aws-Secr3t#77',
  wifiNote: 'fx wifi passphrase: correct horse battery staple',
  bankTotpCode: '492039',
  githubTotpCode: '118204',
  envToken: 'fx-env-token-9f8e7d',
  cardCvc: '913',
} as const;

export const FAKE_CREDENTIALS: SetupCredentials = {
  serverUrl: 'https://psono.example.test/server',
  apiKeyId: '6b0e7f3a-2c41-4d8e-9a57-1f2e3d4c5b6a',
  apiKeyPrivateKey: '3f'.repeat(32),
  apiKeySecretKey: 'a1'.repeat(32),
  serverPublicKey: '0c'.repeat(32),
  serverSignature: '7d'.repeat(32),
};

/** The six values as Psono's API key dialog lists them, for paste tests. */
export const PASTED_DIALOG = [
  `API_KEY_ID: ${FAKE_CREDENTIALS.apiKeyId}`,
  `API_KEY_PRIVATE_KEY: ${FAKE_CREDENTIALS.apiKeyPrivateKey}`,
  `API_KEY_SECRET_KEY: ${FAKE_CREDENTIALS.apiKeySecretKey}`,
  `SERVER_URL: ${FAKE_CREDENTIALS.serverUrl}`,
  `SERVER_PUBLIC_KEY: ${FAKE_CREDENTIALS.serverPublicKey}`,
  `SERVER_SIGNATURE: ${FAKE_CREDENTIALS.serverSignature}`,
].join('\n');

export const FAKE_PIN = 'fx-pin-123456';
export const FAKE_FINGERPRINT = '7D7D 7D7D 7D7D 7D7D 7D7D 7D7D 7D7D 7D7D';

function fixtureEntries(): FakeEntry[] {
  return [
    { id: 'e-github', type: 'website_password', title: 'GitHub', path: ['Work', 'Development'], url: 'https://github.com/login', username: 'octo.user', password: FAKE_SECRETS.githubPassword, totpCode: FAKE_SECRETS.githubTotpCode, notes: 'Recovery codes are in the safe.', custom: [{ name: 'Org', value: 'example-org' }], favourite: true },
    { id: 'e-aws', type: 'website_password', title: 'AWS console', path: ['Work', 'Cloud'], url: 'https://console.aws.amazon.com/', username: 'ops@example.test', password: FAKE_SECRETS.awsPassword, totpCode: null, notes: null, custom: [], favourite: false },
    { id: 'e-bank', type: 'totp', title: 'Bank login code', path: ['Personal'], url: null, username: null, password: null, totpCode: FAKE_SECRETS.bankTotpCode, notes: null, custom: [], favourite: false },
    { id: 'e-wifi', type: 'note', title: 'Home Wi-Fi', path: ['Personal', 'Home'], url: null, username: null, password: null, totpCode: null, notes: FAKE_SECRETS.wifiNote, custom: [], favourite: false },
    { id: 'e-env', type: 'environment_variables', title: 'Deploy environment', path: ['Work', 'Development'], url: null, username: null, password: null, totpCode: null, notes: null, custom: [{ name: 'DEPLOY_TOKEN', value: FAKE_SECRETS.envToken }], favourite: false },
    { id: 'e-card', type: 'credit_card', title: 'Visa card', path: ['Personal', 'Finance'], url: null, username: null, password: FAKE_SECRETS.cardCvc, totpCode: null, notes: null, custom: [], favourite: false },
    { id: 'e-docs', type: 'bookmark', title: 'Psono documentation', path: [], url: 'https://doc.psono.com/', username: null, password: null, totpCode: null, notes: null, custom: [], favourite: false },
  ];
}

export function generatedEntries(count: number): FakeEntry[] {
  return Array.from({ length: count }, (_, index) => {
    const number = String(index + 1).padStart(4, '0');
    return { id: `g-${number}`, type: 'application_password' as const, title: `Generated item ${number}`, path: ['Bulk', `Group ${(index % 20) + 1}`], url: null, username: `user${number}`, password: `fx-generated-${number}`, totpCode: null, notes: null, custom: [], favourite: false };
  });
}

export interface FakeBridgeOptions {
  readonly phase?: AppState['phase'];
  readonly hasPin?: boolean;
  readonly restricted?: boolean;
  readonly extraEntries?: number;
  readonly settings?: Partial<Settings>;
  readonly lockTriggers?: Partial<AppState['lockTriggers']>;
  /** Default: available. */
  readonly autoType?: AppState['autoType'];
}

export interface FakeCall {
  readonly method: string;
  readonly arg: unknown;
}

function fail(kind: AppErrorKind, message: string, extra: Partial<AppError> = {}): { ok: false; error: AppError } {
  return { ok: false, error: { kind, message, ...extra } };
}

function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

function titleMatches(title: string, query: string): MatchRange[] {
  const ranges: MatchRange[] = [];
  const haystack = title.toLowerCase();
  const needle = query.toLowerCase();
  let from = 0;
  while (needle.length > 0) {
    const at = haystack.indexOf(needle, from);
    if (at < 0) {
      break;
    }
    ranges.push([at, at + needle.length]);
    from = at + needle.length;
  }
  return ranges;
}

function actionsFor(entry: FakeEntry): CopyField[] {
  const actions: CopyField[] = [];
  if (entry.password || entry.totpCode || entry.notes) {
    actions.push('main');
  }
  if (entry.username) {
    actions.push('username');
  }
  if (entry.password) {
    actions.push('password');
  }
  if (entry.totpCode) {
    actions.push('totp');
  }
  if (entry.url) {
    actions.push('url');
  }
  return actions;
}

export class FakeBridge {
  readonly calls: FakeCall[] = [];
  readonly entries: FakeEntry[];
  /** What the fake clipboard holds (main would hold it; kept here so tests can check the field). */
  clipboard: string | null = null;
  openedUrls: string[] = [];
  settings: Settings;
  state: AppState;
  /** Seconds remaining reported by entry:totp. */
  totpSecondsRemaining = 20;
  /** When set, the next call of that method fails with this error. */
  readonly failNext = new Map<string, AppError>();
  private readonly listeners = new Map<EventChannel, Set<(payload: never) => void>>();
  private pin: string | null;

  constructor(options: FakeBridgeOptions = {}) {
    this.entries = [...fixtureEntries(), ...generatedEntries(options.extraEntries ?? 0)];
    this.settings = { ...DEFAULT_SETTINGS, ...options.settings };
    this.pin = options.hasPin === false ? null : FAKE_PIN;
    const phase = options.phase ?? 'unlocked';
    this.state = {
      phase,
      profile: phase === 'no-profile' ? null : this.profile(options.restricted ?? false),
      lockReason: phase === 'locked' ? 'startup' : null,
      entryCount: phase === 'unlocked' ? this.entries.length : 0,
      warnings: [],
      shortcut: { accelerator: this.settings.shortcut, registered: true },
      clipboardClearsInSeconds: null,
      lockTriggers: { systemIdle: 'available', osLock: 'available', sleep: 'available', ...options.lockTriggers },
      autoType: options.autoType ?? { available: true, reason: null },
    };
  }

  private profile(restricted: boolean): NonNullable<AppState['profile']> {
    return { serverUrl: FAKE_CREDENTIALS.serverUrl, apiKeyId: FAKE_CREDENTIALS.apiKeyId, serverFingerprint: FAKE_FINGERPRINT, username: 'alice@example.test', restricted, hasPin: this.pin !== null };
  }

  /** Sends a push event to every subscriber, as main would. */
  emit<E extends EventChannel>(event: E, payload: EventPayloads[E]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      (listener as (value: EventPayloads[E]) => void)(payload);
    }
  }

  listenerCount(event: EventChannel): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  callsOf(method: string): unknown[] {
    return this.calls.filter((call) => call.method === method).map((call) => call.arg);
  }

  setPhase(phase: AppState['phase'], lockReason: AppState['lockReason'] = null): void {
    this.state = { ...this.state, phase, lockReason, entryCount: phase === 'unlocked' ? this.entries.length : 0 };
    this.emit('state:changed', this.state);
  }

  private record(method: string, arg: unknown): AppError | null {
    this.calls.push({ method, arg });
    const failure = this.failNext.get(method);
    if (failure) {
      this.failNext.delete(method);
      return failure;
    }
    return null;
  }

  private summary(entry: FakeEntry, query: string): EntrySummary {
    return {
      id: entry.id,
      type: entry.type,
      rawType: entry.type,
      title: entry.title,
      path: entry.path,
      urlHost: entry.url ? new URL(entry.url).host : null,
      description: entry.username ?? '',
      datastore: 'Default',
      favourite: entry.favourite,
      titleMatches: titleMatches(entry.title, query),
      descriptionMatches: titleMatches(entry.username ?? '', query),
      actions: actionsFor(entry),
      canOpenUrl: entry.url !== null,
    };
  }

  private find(id: string): FakeEntry | undefined {
    return this.entries.find((entry) => entry.id === id);
  }

  private unlockedGuard(): { ok: false; error: AppError } | null {
    return this.state.phase === 'unlocked' ? null : fail('locked', 'Psono Tray is locked.');
  }

  private fieldValue(entry: FakeEntry, field: CopyField): { label: string; value: string } | null {
    const main = entry.type === 'totp' ? 'totp' : entry.type === 'note' ? 'notes' : entry.type === 'environment_variables' ? 'env:0' : 'password';
    const key = field === 'main' ? main : field;
    switch (key) {
      case 'username':
        return entry.username ? { label: `username of ${entry.title}`, value: entry.username } : null;
      case 'password':
        return entry.password ? { label: `${entry.type === 'credit_card' ? 'CVC' : 'password'} of ${entry.title}`, value: entry.password } : null;
      case 'totp':
        return entry.totpCode ? { label: `TOTP code of ${entry.title}`, value: entry.totpCode } : null;
      case 'notes':
        return entry.notes ? { label: `notes of ${entry.title}`, value: entry.notes } : null;
      case 'url':
        return entry.url ? { label: `URL of ${entry.title}`, value: entry.url } : null;
      default: {
        const custom = /^(custom|env):(\d+)$/.exec(key);
        const item = custom ? entry.custom[Number(custom[2])] : undefined;
        return item ? { label: `${item.name} of ${entry.title}`, value: item.value } : null;
      }
    }
  }

  private detailFields(entry: FakeEntry): DetailField[] {
    const fields: DetailField[] = [];
    if (entry.type === 'environment_variables') {
      entry.custom.forEach((item, index) => fields.push({ key: `env:${index}`, label: item.name, kind: 'secret', value: null }));
      return fields;
    }
    if (entry.url) {
      fields.push({ key: 'url', label: 'URL', kind: 'url', value: entry.url });
    }
    if (entry.username) {
      fields.push({ key: 'username', label: 'Username', kind: 'text', value: entry.username });
    }
    if (entry.password) {
      fields.push({ key: 'password', label: entry.type === 'credit_card' ? 'CVC' : 'Password', kind: 'secret', value: null });
    }
    if (entry.totpCode) {
      fields.push({ key: 'totp', label: 'TOTP code', kind: 'totp', value: null });
    }
    if (entry.notes) {
      // Notes of a note entry are its secret; notes of a login are plain text.
      fields.push(entry.type === 'note' ? { key: 'notes', label: 'Note', kind: 'secret', value: null } : { key: 'notes', label: 'Notes', kind: 'multiline', value: entry.notes });
    }
    entry.custom.forEach((item, index) => fields.push({ key: `custom:${index}`, label: item.name, kind: 'text', value: item.value }));
    return fields;
  }

  /** The BridgeApi the renderer sees. */
  readonly api: BridgeApi = {
    appGetState: async () => {
      const failure = this.record('appGetState', undefined);
      return failure ? { ok: false, error: failure } : ok(this.state);
    },
    setupCheck: async (credentials) => {
      const failure = this.record('setupCheck', credentials);
      if (failure) {
        return { ok: false, error: failure };
      }
      if (credentials.serverSignature !== FAKE_CREDENTIALS.serverSignature) {
        return fail('server-identity-mismatch', 'The server is not the one this API key was issued for.', { field: 'serverSignature' });
      }
      if (credentials.apiKeyPrivateKey !== FAKE_CREDENTIALS.apiKeyPrivateKey || credentials.apiKeySecretKey !== FAKE_CREDENTIALS.apiKeySecretKey) {
        return fail('bad-api-key', 'The API key is not valid.');
      }
      return ok({ serverVersion: '6.1.0 (Community Edition)', serverFingerprint: FAKE_FINGERPRINT, username: 'alice@example.test', entryCount: this.entries.length, restricted: false });
    },
    setupSave: async (arg) => {
      const failure = this.record('setupSave', { credentials: '[credentials]', pin: arg.pin === null ? null : '[pin]' });
      if (failure) {
        return { ok: false, error: failure };
      }
      this.pin = arg.pin;
      this.state = { ...this.state, phase: 'unlocked', profile: this.profile(false), lockReason: null, entryCount: this.entries.length };
      return ok(this.state);
    },
    vaultSearch: async ({ query, limit }) => {
      const failure = this.record('vaultSearch', { query, limit });
      if (failure) {
        return { ok: false, error: failure };
      }
      const locked = this.unlockedGuard();
      if (locked) {
        return locked;
      }
      const needle = query.trim().toLowerCase();
      if (needle === '') {
        // As main: favourites first, then A–Z, one page.
        const listed = [...this.entries].sort((a, b) => Number(b.favourite) - Number(a.favourite) || a.title.localeCompare(b.title));
        return ok({ query, total: listed.length, entries: listed.slice(0, Math.min(limit, 50)).map((entry) => this.summary(entry, '')) });
      }
      const matching = this.entries.filter((entry) =>
        [entry.title, entry.path.join('/'), entry.url ?? '', entry.username ?? ''].some((text) => text.toLowerCase().includes(needle)),
      );
      matching.sort((a, b) => Number(!a.title.toLowerCase().includes(needle)) - Number(!b.title.toLowerCase().includes(needle)));
      return ok({ query, total: matching.length, entries: matching.slice(0, limit).map((entry) => this.summary(entry, needle)) });
    },
    entryDetails: async ({ id }) => {
      const failure = this.record('entryDetails', { id });
      if (failure) {
        return { ok: false, error: failure };
      }
      const entry = this.find(id);
      if (!entry) {
        return fail('not-found', 'The requested entry does not exist.');
      }
      return ok({ summary: this.summary(entry, ''), fields: this.detailFields(entry) });
    },
    entryReveal: async ({ id, field }) => {
      const failure = this.record('entryReveal', { id, field });
      if (failure) {
        return { ok: false, error: failure };
      }
      const entry = this.find(id);
      const found = entry ? this.fieldValue(entry, field) : null;
      return found ? ok({ key: field, value: found.value }) : fail('not-found', 'No such field.');
    },
    entryCopy: async ({ id, field }) => {
      const failure = this.record('entryCopy', { id, field });
      if (failure) {
        return { ok: false, error: failure };
      }
      const locked = this.unlockedGuard();
      if (locked) {
        return locked;
      }
      const entry = this.find(id);
      const found = entry ? this.fieldValue(entry, field) : null;
      if (!found) {
        return fail('unsupported', 'This entry has no such field.');
      }
      this.clipboard = found.value;
      const clearsInSeconds = this.settings.clipboardClearSeconds === 0 ? null : this.settings.clipboardClearSeconds;
      return ok({ label: found.label, clearsInSeconds });
    },
    entryTotp: async ({ id }) => {
      const failure = this.record('entryTotp', { id });
      if (failure) {
        return { ok: false, error: failure };
      }
      const entry = this.find(id);
      return entry?.totpCode ? ok({ code: entry.totpCode, secondsRemaining: this.totpSecondsRemaining, period: 30 }) : fail('unsupported', 'No TOTP.');
    },
    entryOpenUrl: async ({ id }) => {
      const failure = this.record('entryOpenUrl', { id });
      if (failure) {
        return { ok: false, error: failure };
      }
      const entry = this.find(id);
      if (!entry?.url) {
        return fail('unsupported', 'No URL.');
      }
      this.openedUrls.push(entry.url);
      return ok(null);
    },
    entrySetFavourite: async ({ id, favourite }) => {
      this.record('entrySetFavourite', { id, favourite });
      const entry = this.find(id);
      if (!entry) {
        return fail('not-found', 'No such entry.');
      }
      entry.favourite = favourite;
      return ok(null);
    },
    lockLock: async () => {
      this.record('lockLock', undefined);
      this.clipboard = null;
      this.setPhase('locked', 'manual');
      return ok(null);
    },
    lockUnlock: async ({ pin }) => {
      const failure = this.record('lockUnlock', { pin: pin === null ? null : '[pin]' });
      if (failure) {
        return { ok: false, error: failure };
      }
      if (this.pin !== null && pin !== this.pin) {
        return fail('wrong-pin', 'The PIN is wrong.', { retryInSeconds: 2 });
      }
      this.state = { ...this.state, phase: 'unlocked', lockReason: null, entryCount: this.entries.length };
      return ok(this.state);
    },
    pinChange: async ({ currentPin, newPin }) => {
      this.record('pinChange', { currentPin: currentPin === null ? null : '[pin]', newPin: newPin === null ? null : '[pin]' });
      if (currentPin !== this.pin) {
        return fail('wrong-pin', 'The current PIN is wrong.');
      }
      this.pin = newPin;
      this.state = { ...this.state, profile: this.state.profile ? { ...this.state.profile, hasPin: newPin !== null } : null };
      return ok(null);
    },
    settingsGet: async () => {
      this.record('settingsGet', undefined);
      return ok(this.settings);
    },
    settingsSet: async (patch) => {
      const failure = this.record('settingsSet', patch);
      if (failure) {
        return { ok: false, error: failure };
      }
      // The same schema main applies, so the page meets the same refusals.
      const parsed = settingsPatchSchema.safeParse(patch);
      if (!parsed.success) {
        return fail('invalid-argument', 'The setting is not valid.');
      }
      // As main: a sequence core's parser refuses is refused with its reason.
      const sequence = patch.autoTypeSequence === undefined ? null : parseSequence(patch.autoTypeSequence);
      if (sequence && !sequence.ok) {
        return fail('invalid-argument', `The auto-type sequence is not valid: ${sequence.error.message}.`, { field: 'autoTypeSequence' });
      }
      this.settings = settingsSchema.parse({ ...this.settings, ...parsed.data });
      if (patch.shortcut !== undefined) {
        // A shortcut with "Super" stands in for one another app holds.
        this.state = { ...this.state, shortcut: { accelerator: patch.shortcut, registered: !patch.shortcut.includes('Super') } };
      }
      return ok(this.settings);
    },
    profileRemove: async ({ pin }) => {
      this.record('profileRemove', { pin: pin === null ? null : '[pin]' });
      if (this.pin !== null && pin !== this.pin) {
        return fail('wrong-pin', 'The PIN is wrong.', { retryInSeconds: 0 });
      }
      this.state = { ...this.state, phase: 'no-profile', profile: null, lockReason: null, entryCount: 0 };
      return ok(this.state);
    },
    usageClear: async () => {
      const failure = this.record('usageClear', undefined);
      return failure ? { ok: false, error: failure } : ok(null);
    },
    generatorCopy: async (options) => {
      const failure = this.record('generatorCopy', options);
      if (failure) {
        return { ok: false, error: failure };
      }
      const locked = this.unlockedGuard();
      if (locked) {
        return locked;
      }
      // A fixed value per kind: renderer tests check what is shown, not randomness.
      const value = options.kind === 'password' ? 'Fake-Generated-Pw7#'.padEnd(options.length, 'x').slice(0, options.length) : Array.from({ length: options.words }, () => 'word').join(options.separator);
      const label = `generated ${options.kind}`;
      this.emit('clipboard:changed', { label, clearsInSeconds: 30 });
      return ok({ value, bits: 100, label, clearsInSeconds: 30 });
    },
    windowHide: async () => {
      this.record('windowHide', undefined);
      this.emit('window:hidden', null);
      return ok(null);
    },
    entryAutoType: async ({ id }) => {
      const failure = this.record('entryAutoType', { id });
      if (failure) {
        return { ok: false, error: failure };
      }
      const locked = this.unlockedGuard();
      if (locked) {
        return locked;
      }
      // Main hides the window before it types.
      this.emit('window:hidden', null);
      return ok(null);
    },
    on: (event, listener) => {
      const set = this.listeners.get(event) ?? new Set();
      set.add(listener as (payload: never) => void);
      this.listeners.set(event, set);
      return () => set.delete(listener as (payload: never) => void);
    },
  };
}

/** Narrows an IpcResult in tests without non-null assertions. */
export function unwrap<T>(result: IpcResult<T>): T {
  if (!result.ok) {
    throw new Error(`expected ok, got ${result.error.kind}`);
  }
  return result.value;
}
