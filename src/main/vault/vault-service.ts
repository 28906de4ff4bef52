/**
 * The narrow face of the core (session login, vault index, secrets, TOTP) that main uses. Main's
 * services and IPC handlers depend on this, not on core modules directly, so they can be tested
 * with a small fake and the core can change behind one adapter (psono-vault-service.ts).
 */
import type { RenewableSession } from '../../core/lock';
import type { SearchIndex } from '../../core/search';
import type { ApiKeyCredentials, KeyAccessHint } from '../../core/session';
import type { SecretText } from '../../core/sensitive';
import type { VaultEntry } from '../../core/vault';
import type { CopyField, DetailField, SetupCheck, TotpCode } from '../../shared/ipc/dto';

/**
 * One entry as main lists and searches it: the metadata of a core entry (main passes the core's
 * frozen entries themselves; this is what it reads of them).
 */
export type IndexedEntry = Pick<VaultEntry, 'id' | 'type' | 'kind' | 'title' | 'path' | 'urlHost' | 'urlFilter' | 'description' | 'datastore' | 'tags' | 'actions' | 'canOpenUrl'>;

export interface VaultSession {
  readonly username: string | null;
  readonly restricted: boolean;
  readonly serverFingerprint: string;
  readonly entries: readonly IndexedEntry[];
  find(id: string): IndexedEntry | undefined;
  /**
   * Every field of the entry, secret fields with value null, and the secret's own title (spec §8:
   * the list shows the item's name, a detail view the secret's title; they can differ).
   */
  details(id: string): Promise<{ readonly title: string | null; readonly fields: readonly DetailField[] }>;
  /** One field's value, for copy or an explicit reveal. `label` names it for the user. */
  readField(id: string, field: CopyField): Promise<{ readonly label: string; readonly value: SecretText }>;
  totp(id: string): Promise<TotpCode>;
  /** The entry's URL, or null if it has none. */
  url(id: string): Promise<string | null>;
  /** Ends the server session (bounded wait) and wipes keys, index and cached secrets. */
  close(): Promise<void>;
  /**
   * The search index over `entries` if it was built while unlocking (hands it over once); main
   * builds one itself when this is absent or null.
   */
  takeSearchIndex?(): SearchIndex<IndexedEntry> | null;
  /** Background renewal of the server session while unlocked (src/main/lock); absent when not needed. */
  readonly renewal?: RenewableSession | null;
}

export interface VaultService {
  /**
   * Server identity check + login + index, then logs out again (a restricted key: the inspection
   * and its attached secrets, no login): what setup shows before saving.
   */
  check(credentials: ApiKeyCredentials): Promise<SetupCheck>;
  /**
   * Login + index (for a restricted key: the attached secrets, without a login). The caller keeps
   * (and wipes) `credentials`; `hint`: the key's flags as last seen, which spares an unrestricted
   * key the inspection's round trip.
   */
  open(credentials: ApiKeyCredentials, hint?: KeyAccessHint): Promise<VaultSession>;
}
