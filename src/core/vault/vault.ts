/**
 * The unlocked vault: the entries, their item keys and on-demand secret reads, cached in memory
 * until `wipe()` (lock). Secrets are never prefetched: each read bumps the server's access counter
 * (spec §6.5).
 */
import { PsonoError } from '../errors';
import type { SecretBytes } from '../sensitive';
import { itemModel, type ItemModel } from './item-types';
import type { VaultEntry, VaultStats, VaultWarning } from './types';

/** Reads an entry's secret; `key` is its item key (none for restricted keys, read by id). */
export type SecretReader = (entry: VaultEntry, key: SecretBytes | undefined) => Promise<Record<string, unknown>>;

export class Vault {
  /** Item id, then secret id → entry; built on the first `find` (a copy or reveal), not while unlocking. */
  #byId: Map<string, VaultEntry> | null = null;
  readonly #secrets = new Map<string, Promise<Record<string, unknown>>>();
  #entries: readonly VaultEntry[];
  #reader: SecretReader | null;
  /** Entry id → item key; zeroed on wipe. */
  readonly #keys: Map<string, SecretBytes>;

  constructor(
    entries: readonly VaultEntry[],
    readonly warnings: readonly VaultWarning[],
    readonly stats: VaultStats,
    reader: SecretReader,
    keys: Map<string, SecretBytes> = new Map(),
  ) {
    this.#entries = entries;
    this.#reader = reader;
    this.#keys = keys;
  }

  get entries(): readonly VaultEntry[] {
    return this.#entries;
  }

  get wiped(): boolean {
    return this.#reader === null;
  }

  /** By item (link) id first, then by secret id. Ids compare case-insensitively. */
  find(idOrSecretId: string): VaultEntry | undefined {
    if (this.#byId === null) {
      this.#byId = new Map(this.#entries.map((entry) => [entry.id, entry]));
      for (const entry of this.#entries) {
        if (!this.#byId.has(entry.secretId)) {
          this.#byId.set(entry.secretId, entry);
        }
      }
    }
    return this.#byId.get(idOrSecretId.trim().toLowerCase()) ?? this.#byId.get(idOrSecretId);
  }

  /** The entry's item key, owned by the vault (zeroed by `wipe`); undefined for restricted keys. */
  itemKey(entry: VaultEntry): SecretBytes | undefined {
    return this.#keys.get(entry.id);
  }

  /** The decrypted secret object exactly as stored. One server read per secret until wipe. */
  secret(entryOrId: VaultEntry | string): Promise<Record<string, unknown>> {
    const reader = this.#reader;
    if (reader === null) {
      return Promise.reject(new Error('vault used after wipe'));
    }
    const entry = typeof entryOrId === 'string' ? this.find(entryOrId) : entryOrId;
    if (!entry) {
      return Promise.reject(new PsonoError('not-found'));
    }
    let pending = this.#secrets.get(entry.secretId);
    if (!pending) {
      pending = reader(entry, this.itemKey(entry));
      this.#secrets.set(entry.secretId, pending);
      // A failed read is not cached: the next attempt asks the server again.
      pending.catch(() => {
        if (this.#secrets.get(entry.secretId) === pending) {
          this.#secrets.delete(entry.secretId);
        }
      });
    }
    return pending;
  }

  /** The entry's secret mapped to the field model of its type. */
  async item(entryOrId: VaultEntry | string): Promise<{ entry: VaultEntry; model: ItemModel }> {
    const entry = typeof entryOrId === 'string' ? this.find(entryOrId) : entryOrId;
    if (!entry) {
      throw new PsonoError('not-found');
    }
    const secret = await this.secret(entry);
    return { entry, model: itemModel(entry.type, secret) };
  }

  /** Seeds the cache with a secret that was already read (restricted keys read them to index). */
  primeSecret(secretId: string, secret: Record<string, unknown>): void {
    this.#secrets.set(secretId, Promise.resolve(secret));
  }

  /** Lock: zero every item key, drop cached secrets and the entries. */
  wipe(): void {
    for (const key of this.#keys.values()) {
      key.wipe();
    }
    this.#keys.clear();
    this.#secrets.clear();
    this.#byId = null;
    this.#entries = [];
    this.#reader = null;
  }
}
