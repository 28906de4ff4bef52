/**
 * VaultService over the core: the server identity check, then a PsonoSession login and the vault
 * index, or, for restricted keys, no login and the attached secrets read session-less, on-demand secret reads with
 * the core's cache, TOTP codes. Entries are the core's metadata; values leave only via readField/totp.
 */
import { PsonoError } from '../../core/errors';
import type { RenewableSession } from '../../core/lock';
import type { HttpTransport } from '../../core/http';
import { SecretText } from '../../core/sensitive';
import { closeKeyAccess, openKeyAccess, type ApiKeyCredentials, type KeyAccess, type KeyAccessHint, type PsonoSession, type ServerCheck, type SessionlessApi } from '../../core/session';
import { totpCode, totpParams } from '../../core/totp';
import {
  fieldValue,
  mainField,
  loadRestrictedVault,
  loadVault,
  restrictedSource,
  type LoadOptions,
  type ItemField,
  type Vault,
  type VaultSource,
} from '../../core/vault';
import { buildSearchIndex, type SearchIndex } from '../../core/search';
import type { CopyField, DetailField, SetupCheck, TotpCode } from '../../shared/ipc/dto';
import { keepAliveSession } from '../lock/keep-alive';
import type { Logger } from '../log';
import type { IndexedEntry, VaultService, VaultSession } from './vault-service';

export interface PsonoVaultServiceOptions {
  readonly transport: HttpTransport;
  /** Sent at login; a random id per installation is fine (the server only displays it). */
  readonly deviceFingerprint: string;
  readonly deviceDescription: string;
  readonly log: Logger;
  readonly now?: () => number;
}

export interface SearchableVault {
  readonly vault: Vault;
  readonly index: SearchIndex<IndexedEntry>;
}

/**
 * Unlock → searchable for an unrestricted key: the vault and the search index over its entries.
 * (The benchmark times exactly this.)
 */
export async function loadSearchableVault(source: VaultSource, options: LoadOptions = {}): Promise<SearchableVault> {
  const vault = await loadVault(source, options);
  return { vault, index: buildSearchIndex(vault.entries) };
}

function detailField(field: ItemField): DetailField {
  return { key: field.key, label: field.label, kind: field.kind, value: field.secret ? null : field.value };
}

/** Upper bound on waiting for the server logout when locking. */
const LOGOUT_WAIT_MS = 2_000;

const FIELD_LABELS: Record<string, string> = { username: 'username', password: 'password', main: 'password', url: 'URL', notes: 'note', totp: 'TOTP secret' };

class PsonoVaultSession implements VaultSession {
  readonly entries: readonly IndexedEntry[];
  #searchIndex: SearchIndex<IndexedEntry> | null;
  /** Built on the first lookup (a copy or reveal), not while unlocking. */
  #byId: ReadonlyMap<string, IndexedEntry> | null = null;
  #closed = false;
  #renewal: RenewableSession | null = null;

  /** The server session (unrestricted keys); restricted keys have none and never log in. */
  private readonly session: PsonoSession | null;
  /** Session-less access (restricted keys). */
  private readonly sessionless: SessionlessApi | null;
  readonly #server: ServerCheck | null;

  constructor(
    access: KeyAccess,
    private readonly vault: Vault,
    private readonly now: () => number,
    index: SearchIndex<IndexedEntry> | null,
  ) {
    this.session = access.restricted ? null : access.session;
    this.sessionless = access.restricted ? access.api : null;
    this.#server = access.restricted ? access.server : null;
    this.entries = vault.entries;
    this.#searchIndex = index;
  }

  /** Built while unlocking (unrestricted keys); null once taken or closed. */
  takeSearchIndex(): SearchIndex<IndexedEntry> | null {
    const index = this.#searchIndex;
    this.#searchIndex = null;
    return index;
  }

  /** Only a login tells the owner's name; restricted keys do not log in. */
  get username(): string | null {
    return this.session?.username ?? null;
  }
  get restricted(): boolean {
    return this.session === null;
  }
  get serverFingerprint(): string {
    return this.session?.serverFingerprint ?? this.#server?.fingerprint ?? '';
  }
  get serverVersion(): string {
    return this.session?.serverVersion ?? this.#server?.version ?? '';
  }

  find(id: string): IndexedEntry | undefined {
    this.#byId ??= new Map(this.entries.map((entry) => [entry.id, entry]));
    return this.#byId.get(id);
  }

  /**
   * Keeps the ≤600 s API-key session renewed in the background. Restricted keys read their
   * secrets session-less, so they need none.
   */
  get renewal(): RenewableSession | null {
    if (this.#closed || this.session === null) {
      return null;
    }
    this.#renewal ??= keepAliveSession(this.session);
    return this.#renewal;
  }

  async details(id: string): Promise<{ readonly title: string | null; readonly fields: readonly DetailField[] }> {
    const { model } = await this.vault.item(id);
    return { title: model.title, fields: model.fields.map(detailField) };
  }

  async readField(id: string, field: CopyField): Promise<{ label: string; value: SecretText }> {
    const { model } = await this.vault.item(id);
    if (field === 'main') {
      const main = mainField(model);
      if (main === 'totp' && model.totp !== null) {
        return { label: 'TOTP code', value: new SecretText(totpCode(totpParams(model.totp), this.now()).code) };
      }
      if (main !== null) {
        return this.readField(id, main);
      }
    }
    const value = fieldValue(model, field);
    if (value === null || value === '') {
      throw new PsonoError('invalid-input', { detail: 'This entry has no such field.' });
    }
    const label = FIELD_LABELS[field] ?? model.fields.find((candidate) => candidate.key === field)?.label ?? 'field';
    return { label, value: new SecretText(value) };
  }

  async totp(id: string): Promise<TotpCode> {
    const { model } = await this.vault.item(id);
    if (model.totp === null) {
      throw new PsonoError('invalid-input', { detail: 'This entry has no TOTP secret.' });
    }
    return totpCode(totpParams(model.totp), this.now());
  }

  async url(id: string): Promise<string | null> {
    const { model } = await this.vault.item(id);
    return model.url;
  }

  async close(): Promise<void> {
    if (this.#closed) {
      return;
    }
    this.#closed = true;
    this.#searchIndex = null;
    // Local wipes first; the network-bound logout last (PsonoSession bounds its wait).
    this.vault.wipe();
    this.sessionless?.wipe();
    const session = this.session;
    if (session === null) {
      return;
    }
    // Lock must not wait on a slow server: the logout request is built at once, so after at most
    // LOGOUT_WAIT_MS the keys are zeroed even if the answer is still outstanding.
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      session.logout(),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, LOGOUT_WAIT_MS);
      }),
    ]);
    clearTimeout(timer);
    session.wipe();
  }
}

export class PsonoVaultService implements VaultService {
  constructor(private readonly options: PsonoVaultServiceOptions) {}

  open(credentials: ApiKeyCredentials, hint?: KeyAccessHint): Promise<VaultSession> {
    return this.#open(credentials, hint);
  }

  async #open(credentials: ApiKeyCredentials, hint?: KeyAccessHint): Promise<PsonoVaultSession> {
    const now = this.options.now ?? Date.now;
    // Restricted keys never log in (see openKeyAccess).
    const access = await openKeyAccess(
      credentials,
      {
        transport: this.options.transport,
        deviceFingerprint: this.options.deviceFingerprint,
        deviceDescription: this.options.deviceDescription,
        clock: now,
      },
      hint,
    );
    try {
      const onWarning = (warning: { message: string }): void => this.options.log.warn(warning.message);
      if (access.restricted) {
        const vault = await loadRestrictedVault(restrictedSource(access.api, access.inspection), { onWarning });
        return new PsonoVaultSession(access, vault, now, null);
      }
      const searchable = await loadSearchableVault(access.session, { onWarning });
      return new PsonoVaultSession(access, searchable.vault, now, searchable.index);
    } catch (error) {
      await closeKeyAccess(access);
      throw error;
    }
  }

  async check(credentials: ApiKeyCredentials): Promise<SetupCheck> {
    const opened = await this.#open(credentials);
    try {
      return {
        serverVersion: opened.serverVersion,
        serverFingerprint: opened.serverFingerprint,
        username: opened.username,
        entryCount: opened.entries.length,
        restricted: opened.restricted,
      };
    } finally {
      await opened.close();
    }
  }
}
