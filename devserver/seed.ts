/**
 * The plain-JSON description of a Psono vault that seeds the dev server.
 *
 * Everything here is PLAINTEXT. At startup the dev server encrypts it exactly as the official web
 * client would have stored it on a real Psono server (spec §6–§8): datastore and share contents,
 * secrets, wrapped keys, `share_index` in the closest share/datastore root with paths relative to
 * it, and mounted share nodes stripped to id/name/description/type/share_id/share_secret_key/deleted.
 *
 * Conventions
 * - Every `id` is optional: without one the server derives a deterministic UUID from the vault's
 *   `seed` string and the object's label (see `deterministicUuid` and the label rules below), so
 *   a vault file gives the same ids on every start. Give explicit ids where a test must name them.
 * - Every key (hex, 64 chars) is optional: without one it is derived deterministically from the
 *   vault's `seed` string and the object's label. Nonces are random per start (like a real server).
 * - camelCase keys here; the server emits Psono's snake_case on the wire.
 * - Timestamps are ISO-8601 strings; the server re-emits them in Python isoformat (`+00:00`).
 *
 * Deterministic id/key labels (needed only if a test wants to predict an id without setting it):
 *   user                   `user`
 *   datastore              `datastore:<index in datastores[]>`
 *   folder / item          `<parent label>/<kind>:<name>#<n>` where kind is `folder` | `item`
 *                          (item name = its resolved name: `name` ?? `<type>_title` ?? type),
 *                          and n counts earlier siblings of the same kind and name (0 first)
 *   mount                  `<parent label>/mount:<share ref>#<n>`
 *   secret of an item      `<item label>/secret`
 *   share                  `share:<ref>`
 *   api key                `apikey:<name>`
 *   Root of a share's content is `share:<ref>` (so an item in it is `share:<ref>/item:<name>#0`;
 *   the single item of an item share is `share:<ref>/item:<name>#0` too).
 *   id = deterministicUuid(seed, 'id:' + label); key = deterministicKeyHex(seed, 'key:' + label).
 */
import { createHash } from 'node:crypto';

/** 64 lowercase hex characters (a 32-byte key). */
export type Hex32 = string;
/** Canonical lowercase UUID. */
export type Uuid = string;

export interface VaultSeed {
  /** Free-form string that all derived ids and keys come from. Default `'psono-devserver'`. */
  seed?: string;
  user: SeedUser;
  /** The user's datastores (a normal user has one `password`, one `user`, one `settings`). */
  datastores: SeedDatastore[];
  /** Shares, mounted anywhere in datastores or other shares via `{ "share": "<ref>" }` nodes. */
  shares?: SeedShare[];
  apiKeys: SeedApiKey[];
  /**
   * Synthetic content for benchmarks, added to the default password datastore (created if missing).
   * See `GenerateOptions`; devserver/generate.ts `generateVault()` produces the same thing as a plain seed.
   */
  generate?: GenerateOptions;
}

export interface SeedUser {
  /** Login name, e.g. `alice@example.com`. */
  username: string;
  id?: Uuid;
  /** X25519 private key (hex); the public key is derived from it. */
  privateKey?: Hex32;
  /** The user's symmetric secret key, which wraps datastore keys. */
  secretKey?: Hex32;
  /** false → login answers 400 "User account has been disabled." Default true. */
  isActive?: boolean;
  /** false → login answers 400 "E-mail is not yet verified." Default true. */
  isEmailActive?: boolean;
  /** 7.x: the password-change gate answers 403 on every session request but logout. Default false. */
  requirePasswordChange?: boolean;
}

export type DatastoreType = 'password' | 'user' | 'settings' | 'gpg-user';

export interface SeedDatastore {
  id?: Uuid;
  type: DatastoreType;
  /** Default: `'Default'` for password, `'default'` for user, `'key-value-settings'` for settings. */
  description?: string;
  /** Default true. */
  isDefault?: boolean;
  /** The datastore key (wrapped with the user secret key on the wire). */
  secretKey?: Hex32;
  writeDate?: string;
  /** true → `data` and `data_nonce` are `""` (a never-written datastore); content is ignored. */
  neverWritten?: boolean;
  /** Password datastores: top-level folders. */
  folders?: SeedFolderNode[];
  /** Password datastores: top-level items. */
  items?: SeedItemNode[];
  /** Settings datastores: stored as the JSON array `[{key, value}, …]`. */
  settings?: Array<{ key: string; value: unknown }>;
  /** Any other datastore: this JSON value is stored verbatim (overrides folders/items/settings). */
  raw?: unknown;
}

/** A node in a `folders` array: a real folder or a mounted folder share. */
export type SeedFolderNode = SeedFolder | SeedShareMount;
/** A node in an `items` array: a real item or a mounted item share. */
export type SeedItemNode = SeedItem | SeedShareMount;

export interface SeedFolder {
  id?: Uuid;
  name: string;
  /** In the trash bin: the client hides the folder and everything below it. */
  deleted?: boolean;
  folders?: SeedFolderNode[];
  items?: SeedItemNode[];
}

/**
 * A mounted share. In `folders` the referenced share must be a folder share, in `items` an item
 * share. The server writes the stripped link node here and the `share_index` entry into the
 * closest enclosing share or datastore root (path relative to that root).
 */
export interface SeedShareMount {
  /** `ref` of a share in `VaultSeed.shares`. The same share may be mounted several times. */
  share: string;
  /** Link id of the node (NOT the share id). */
  id?: Uuid;
  /** Node name; default: the share's name. */
  name?: string;
  deleted?: boolean;
}

export type ItemType =
  | 'website_password'
  | 'application_password'
  | 'totp'
  | 'note'
  | 'bookmark'
  | 'environment_variables'
  | 'ssh_own_key'
  | 'mail_gpg_own_key'
  | 'credit_card'
  | 'identity'
  | 'elster_certificate'
  | 'passkey'
  | 'file';

export interface SeedItem {
  /** Link id. */
  id?: Uuid;
  /** Handle for `SeedApiKey.secrets`; must be unique in the vault when used. */
  ref?: string;
  type: ItemType;
  /** Display title (the item's `name`). Default: the secret's `<type>_title`. */
  name?: string;
  /**
   * The secret object exactly as it is encrypted (spec §8, keys prefixed with the type, plus
   * `custom_fields`, `tags`). Required except for `type: "file"` (which has no secret).
   */
  secret?: Record<string, unknown>;
  /**
   * Datastore-item metadata. Defaults are derived from the secret the way the web client does:
   * description = username (website/application password), masked card number, identity names;
   * urlfilter = `<type>_url_filter` or the URL's host; tags = secret.tags; autosubmit/allow_http
   * from the website fields; password_hash = first 5 hex of sha1(password) or "".
   */
  description?: string;
  urlfilter?: string;
  tags?: string[];
  autosubmit?: boolean;
  allowHttp?: boolean;
  passwordHash?: string;
  deleted?: boolean;
  secretId?: Uuid;
  /** Key of the secret (plain inside the decrypted container). */
  secretKey?: Hex32;
  /** Server-side secret metadata. */
  readCount?: number;
  createDate?: string;
  writeDate?: string;
  /** Extra item properties copied verbatim into the container (e.g. file_* fields for `file`). */
  extra?: Record<string, unknown>;
}

export interface ShareRights {
  read: boolean;
  write: boolean;
  grant: boolean;
}

interface SeedShareBase {
  /** Unique handle used by mounts (`{ "share": ref }`). */
  ref: string;
  id?: Uuid;
  /** The share key (in the parent's share_index and the node's share_secret_key). */
  secretKey?: Hex32;
  /**
   * The user's DIRECT right on this share. Default `{read:true, write:true, grant:true}`.
   * `null` = no direct right at all (readable only if inherited from a readable parent share).
   * `{read:false, …}` = a direct right that denies reading (listed in GET /share/right/).
   */
  rights?: ShareRights | null;
  /** Default true: rights of the shares this one is mounted in are OR-ed in (Psono inheritance). */
  inheritRights?: boolean;
  /** ISO date when the direct right expires; 7.x ignores it from then on (3.5 has no expiry). */
  rightsExpire?: string;
  /** Creator's user id in GET /share/{id}/ (`null` = deleted creator). Default: the seed user. */
  userId?: Uuid | null;
  writeDate?: string;
}

/** A folder share: its content is a folder object `{name, folders, items[, share_index]}`. */
export interface SeedFolderShare extends SeedShareBase {
  kind: 'folder';
  name: string;
  folders?: SeedFolderNode[];
  items?: SeedItemNode[];
}

/** An item share: its content is one item object (no `id`). */
export interface SeedItemShare extends SeedShareBase {
  kind: 'item';
  item: SeedItem;
}

export type SeedShare = SeedFolderShare | SeedItemShare;

export interface SeedApiKey {
  /** Handle for `DevServer.apiKey(name)`; also the key's title. */
  name: string;
  id?: Uuid;
  /** 32-byte Ed25519 seed the client signs with (API_KEY_PRIVATE_KEY). */
  privateKey?: Hex32;
  /** 32-byte secretbox key (API_KEY_SECRET_KEY). */
  secretKey?: Hex32;
  /** Default true. */
  read?: boolean;
  /** Default false. */
  write?: boolean;
  /** Default false. true → login info carries no user keys; use /api-key-access/*. */
  restrictToSecrets?: boolean;
  /** Default false. */
  allowInsecureAccess?: boolean;
  /** Default true. false → login and /api-key-access/* answer 400. */
  active?: boolean;
  /** Secrets attached to the key: item `ref`, item link `id` or `secretId`. */
  secrets?: string[];
}

/** Synthetic benchmark content (deterministic from `seed`). */
export interface GenerateOptions {
  /** Number of items (spread over folders and shares). */
  items: number;
  /** Number of folder shares (nested up to `depth`). Default 0. */
  shares?: number;
  /** Maximum nesting depth of shares inside shares. Default 3. */
  depth?: number;
  /** Seed string for the content. Default: the vault's seed. */
  seed?: string;
  /** Approximate size of each secret's plaintext in bytes. Default 1024. */
  secretBytes?: number;
}

export const DEFAULT_VAULT_SEED = 'psono-devserver';

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** A version-4-shaped UUID derived from `seed` and `label` (stable across runs). */
export function deterministicUuid(seed: string, label: string): Uuid {
  const bytes = sha256(`${seed}\u0000${label}`).subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A 32-byte key (hex) derived from `seed` and `label`. Test/demo material only. */
export function deterministicKeyHex(seed: string, label: string): Hex32 {
  return sha256(`${seed}\u0000${label}`).toString('hex');
}

export function isShareMount(node: SeedFolderNode | SeedItemNode): node is SeedShareMount {
  return typeof (node as SeedShareMount).share === 'string';
}
