/**
 * The unlocked vault: the entry index plus on-demand secret reads, cached in memory until `wipe()`
 * (lock). Secrets are never prefetched: each read bumps the server's access counter (spec §6.5).
 */
import { PsonoError } from '../errors';
import { itemModel, type ItemModel } from './item-types';
import type { VaultEntry, VaultStats, VaultWarning } from './types';

export type SecretReader = (entry: VaultEntry) => Promise<Record<string, unknown>>;

/** Where a vault's item keys live, if not in each entry: zeroed all at once on lock. */
export interface KeyStore {
  wipe(): void;
}

export class Vault {
  /** Lookup maps, built on the first `find` (a copy or reveal), not while unlocking. */
  #byId: Map<string, VaultEntry> | null = null;
  #bySecretId: Map<string, VaultEntry> | null = null;
  readonly #secrets = new Map<string, Promise<Record<string, unknown>>>();
  #entries: readonly VaultEntry[];
  #reader: SecretReader | null;
  readonly #keys: KeyStore | null;

  constructor(
    entries: readonly VaultEntry[],
    readonly warnings: readonly VaultWarning[],
    readonly stats: VaultStats,
    reader: SecretReader,
    keys: KeyStore | null = null,
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
    if (this.#byId === null || this.#bySecretId === null) {
      const byId = new Map<string, VaultEntry>();
      const bySecretId = new Map<string, VaultEntry>();
      for (const entry of this.#entries) {
        byId.set(entry.id, entry);
        if (!bySecretId.has(entry.secretId)) {
          bySecretId.set(entry.secretId, entry);
        }
      }
      this.#byId = byId;
      this.#bySecretId = bySecretId;
    }
    const id = idOrSecretId.trim().toLowerCase();
    return this.#byId.get(id) ?? this.#bySecretId.get(id) ?? this.#byId.get(idOrSecretId) ?? this.#bySecretId.get(idOrSecretId);
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
      pending = reader(entry);
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

  /** Lock: zero every item key, drop cached secrets and the index. */
  wipe(): void {
    if (this.#keys !== null) {
      this.#keys.wipe();
    } else {
      for (const entry of this.#entries) {
        entry.secretKey?.wipe();
      }
    }
    this.#secrets.clear();
    this.#byId = null;
    this.#bySecretId = null;
    this.#entries = [];
    this.#reader = null;
  }
}
