/**
 * An in-memory VaultService for harness tests that exercise main's own behaviour (tray, clipboard,
 * IPC checks) without a server. Tests of login and the real index use the dev server instead.
 * Every secret value here is listed in FAKE_VAULT_SECRETS so the logging test can grep for them.
 */
import { PsonoError } from '../../../src/core/errors';
import { SecretText } from '../../../src/core/sensitive';
import type { ApiKeyCredentials } from '../../../src/core/session';
import type { IndexedEntry, VaultService, VaultSession } from '../../../src/main/vault/vault-service';
import type { ItemKind, QuickAction } from '../../../src/core/vault';
import type { CopyField, DetailField, SetupCheck, TotpCode } from '../../../src/shared/ipc/dto';

export interface FakeEntry {
  readonly entry: IndexedEntry;
  readonly username?: string;
  readonly password?: string;
  readonly url?: string;
  readonly totpCode?: string;
}

function entry(id: string, title: string, path: string[], extra: Omit<FakeEntry, 'entry'>, type: ItemKind = 'website_password'): FakeEntry {
  const actions: QuickAction[] = [];
  if (extra.username !== undefined) {
    actions.push('username');
  }
  if (extra.password !== undefined) {
    actions.push('password');
  }
  if (extra.totpCode !== undefined) {
    actions.push('totp');
  }
  if (extra.url !== undefined) {
    actions.push('url');
  }
  return {
    ...extra,
    entry: {
      id,
      type,
      kind: type,
      title,
      path,
      urlHost: extra.url ? new URL(extra.url).host : null,
      urlFilter: extra.url ? new URL(extra.url).host : null,
      description: extra.username ?? '',
      datastore: 'Default',
      tags: [],
      actions,
      canOpenUrl: extra.url !== undefined,
    },
  };
}

export const FAKE_ENTRIES: readonly FakeEntry[] = [
  entry('e-github', 'GitHub', ['Work'], { username: 'octo-user', password: 'gh-pass-Zq81!x', url: 'https://github.com/login' }),
  entry('e-mail', 'Mail & Calendar', ['Work', 'Google'], { username: 'me@example.com', password: 'mail-pass-Lp02#', url: 'https://mail.example.com/' }),
  entry('e-bank', 'Bank', [], { username: 'acct-778', password: 'bank-pass-Ww44$', url: 'javascript:alert(1)' }),
  entry('e-otp', 'Two-factor', ['Work'], { totpCode: '492039' }, 'totp'),
];

export const FAKE_VAULT_SECRETS: readonly string[] = FAKE_ENTRIES.flatMap((item) => [item.password, item.totpCode].filter((value): value is string => value !== undefined));

class FakeVaultSession implements VaultSession {
  readonly username = 'alice@example.com';
  readonly restricted = false;
  readonly serverFingerprint = 'AA:BB:CC';
  closed = false;
  readonly entries: readonly IndexedEntry[];

  constructor(private readonly items: readonly FakeEntry[]) {
    this.entries = items.map((item) => item.entry);
  }
  #item(id: string): FakeEntry {
    const found = this.items.find((item) => item.entry.id === id);
    if (!found || this.closed) {
      throw new PsonoError('not-found');
    }
    return found;
  }
  find(id: string): IndexedEntry | undefined {
    return this.closed ? undefined : this.items.find((item) => item.entry.id === id)?.entry;
  }
  async details(id: string): Promise<{ readonly title: string | null; readonly fields: readonly DetailField[] }> {
    const item = this.#item(id);
    const fields: DetailField[] = [];
    if (item.username !== undefined) {
      fields.push({ key: 'username', label: 'Username', kind: 'text', value: item.username });
    }
    if (item.password !== undefined) {
      fields.push({ key: 'password', label: 'Password', kind: 'secret', value: null });
    }
    if (item.url !== undefined) {
      fields.push({ key: 'url', label: 'URL', kind: 'url', value: item.url });
    }
    return { title: null, fields };
  }
  async readField(id: string, field: CopyField): Promise<{ label: string; value: SecretText }> {
    const item = this.#item(id);
    // Like the real service: a TOTP item's main secret is its current code.
    if (field === 'main' && item.entry.type === 'totp' && item.totpCode !== undefined) {
      return { label: 'TOTP code', value: new SecretText(item.totpCode) };
    }
    const key = field === 'main' ? 'password' : field;
    const value = key === 'username' ? item.username : key === 'password' ? item.password : key === 'url' ? item.url : undefined;
    if (value === undefined) {
      throw new PsonoError('invalid-input', { detail: 'This entry has no such field.' });
    }
    return { label: key === 'username' ? 'username' : key === 'password' ? 'password' : 'URL', value: new SecretText(value) };
  }
  async totp(id: string): Promise<TotpCode> {
    const item = this.#item(id);
    if (!item.totpCode) {
      throw new PsonoError('invalid-input', { detail: 'This entry has no TOTP.' });
    }
    return { code: item.totpCode, secondsRemaining: 17, period: 30 };
  }
  async url(id: string): Promise<string | null> {
    return this.#item(id).url ?? null;
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

/** A VaultService whose "server" accepts any well-formed key. */
export class FakeVaultService implements VaultService {
  readonly sessions: FakeVaultSession[] = [];
  constructor(private readonly items: readonly FakeEntry[] = FAKE_ENTRIES) {}
  async check(_credentials: ApiKeyCredentials): Promise<SetupCheck> {
    return { serverVersion: '7.2.3', serverFingerprint: 'AA:BB:CC', username: 'alice@example.com', entryCount: this.items.length, restricted: false };
  }
  async open(_credentials: ApiKeyCredentials): Promise<VaultSession> {
    const session = new FakeVaultSession(this.items);
    this.sessions.push(session);
    return session;
  }
}

/** Well-formed setup values (the fake accepts any). Key material here is test-only. */
export const FAKE_SETUP = {
  serverUrl: 'https://psono.example.com/server',
  apiKeyId: '6f1c7a52-0d9e-4e8a-9a51-3c2b7f0e9d11',
  apiKeyPrivateKey: '1'.repeat(64),
  apiKeySecretKey: '2'.repeat(64),
  serverSignature: '3'.repeat(64),
  serverPublicKey: '',
} as const;
