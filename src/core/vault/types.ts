import type { SecretBytes } from '../sensitive';
import type { ItemKind, QuickAction } from './item-types';

/**
 * What the vault reader needs from a logged-in session (PsonoSession satisfies it structurally):
 * authenticated GETs returning the transport-decrypted JSON, and the user's secret key.
 * Failures are PsonoErrors; an HTTP 400/403 carries `details.status`.
 */
export interface VaultSource {
  get(path: string): Promise<unknown>;
  userSecretKey(): SecretBytes;
}

/**
 * Session-less access for restricted keys (spec §6.7): the ids of the secrets attached to the key,
 * and one attached secret, already decrypted with the API key secret key.
 */
export interface RestrictedSource {
  secretIds(): Promise<readonly string[]>;
  readSecret(secretId: string): Promise<Record<string, unknown>>;
}

/**
 * One searchable, copyable entry (a plain frozen object): metadata from the datastore/share, never
 * secret values or keys. The item's key stays in its Vault.
 */
export interface VaultEntry {
  /** The item's link id (for restricted keys: the secret id). Unique in an index. */
  readonly id: string;
  readonly secretId: string;
  /** Raw Psono type string, kept even when unknown. */
  readonly type: string;
  readonly kind: ItemKind;
  readonly title: string;
  /** Folder names from the datastore root down (share mounts count as folders). */
  readonly path: readonly string[];
  /** The datastore's description (e.g. "Default"); '' for restricted keys. */
  readonly datastore: string;
  readonly datastoreId: string | null;
  /** Closest share holding the item, or the item share itself; null if directly in a datastore. */
  readonly shareId: string | null;
  /** The item's `urlfilter` as stored (space/comma/semicolon separated domains). */
  readonly urlFilter: string | null;
  /** First domain of the url filter, lowercased, for display and search. */
  readonly urlHost: string | null;
  /** List subtitle (username, masked card number, …). */
  readonly description: string;
  readonly tags: readonly string[];
  /** What a list row may offer before reading the secret (the type's shared list). */
  readonly actions: readonly QuickAction[];
  /** Whether the entry has a web link to open (checked again at open time: http/https only). */
  readonly canOpenUrl: boolean;
}

export type VaultWarningKind =
  | 'datastore-unreadable'
  | 'datastore-invalid'
  | 'share-unreadable'
  | 'share-undecryptable'
  | 'share-without-key'
  | 'share-cycle'
  | 'folder-too-deep'
  | 'secret-unreadable'
  | 'item-invalid';

/** Something skipped while loading; the message names ids only. */
export interface VaultWarning {
  readonly kind: VaultWarningKind;
  readonly id: string | null;
  readonly message: string;
  /**
   * For a skipped share: its name as the folder or item that mounts it calls it (vault text,
   * untrusted: escape before printing), or null where none is known.
   */
  readonly name?: string | null;
}

export interface VaultStats {
  readonly datastores: number;
  readonly sharesFetched: number;
  readonly sharesSkipped: number;
  readonly entries: number;
  readonly deletedSkipped: number;
  readonly filesSkipped: number;
  readonly duplicatesSkipped: number;
  readonly invalidSkipped: number;
  /** Milliseconds per phase (measured with the injected clock). */
  readonly timings: {
    readonly listMs: number;
    readonly datastoresMs: number;
    readonly sharesMs: number;
    readonly indexMs: number;
    readonly totalMs: number;
  };
}

export interface LoadOptions {
  /** Shares (and datastores, restricted secrets) fetched at once. Default 8. */
  readonly concurrency?: number;
  /** Milliseconds clock for timings. Default performance.now / Date.now. */
  readonly clock?: () => number;
  /** Called once per warning as it happens (e.g. to log it). */
  readonly onWarning?: (warning: VaultWarning) => void;
}
