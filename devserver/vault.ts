/**
 * Turns a plaintext `VaultSeed` into what a Psono server stores: encrypted datastores, shares and
 * secrets, wrapped keys, share rights and API keys with their grants — encrypted exactly as the
 * official web client would have written them (spec §6–§8).
 */
import { createHash } from 'node:crypto';

import {
  bytesToHex,
  keyFromHex,
  sealJson,
  signingKeyFromSeed,
  wrapKey,
  x25519PublicKey,
  type Envelope,
} from '../src/core/crypto';
import type { SecretBytes } from '../src/core/sensitive';
import { generateContent } from './generate';
import {
  DEFAULT_VAULT_SEED,
  deterministicKeyHex,
  deterministicUuid,
  isShareMount,
  type SeedApiKey,
  type SeedDatastore,
  type SeedFolderNode,
  type SeedItem,
  type SeedItemNode,
  type SeedShare,
  type ShareRights,
  type VaultSeed,
} from './seed';

export const DEFAULT_SEED_DATE = '2026-01-01T00:00:00+00:00';

export interface StoredUser {
  readonly id: string;
  readonly username: string;
  readonly publicKeyHex: string;
  readonly privateKey: SecretBytes;
  readonly secretKey: SecretBytes;
  isActive: boolean;
  isEmailActive: boolean;
  requirePasswordChange: boolean;
}

export interface StoredDatastore {
  readonly id: string;
  readonly type: string;
  readonly description: string;
  readonly isDefault: boolean;
  /** Datastore key wrapped (as hex text) with the user secret key. */
  readonly secretKey: Envelope;
  readonly data: string;
  readonly dataNonce: string;
  readonly writeDate: string;
}

export interface StoredShare {
  readonly id: string;
  readonly ref: string;
  readonly data: string;
  readonly dataNonce: string;
  readonly userId: string | null;
  readonly directRights: ShareRights | null;
  /** When the direct right expires (Python isoformat), or null. */
  readonly rightsExpiration: string | null;
  readonly inheritRights: boolean;
  /** The share key (hex), for the share-right entries of GET /share/. */
  readonly keyHex: string;
  /** Title (folder name or item name) and type ('folder' or the item type) of the share right. */
  readonly title: string;
  readonly itemType: string;
  /** Shares whose content mounts this one (rights are inherited from them). */
  readonly parentShareIds: Set<string>;
  readonly writeDate: string;
}

export interface StoredSecret {
  readonly id: string;
  /** Ciphertext (hex) and nonce of the secret JSON under the item's secret key. */
  data: string;
  dataNonce: string;
  readonly createDate: string;
  writeDate: string;
  readCount: number;
  readonly callbackUrl: string;
  readonly callbackUser: string;
  readonly callbackPass: string;
  /** Where the secret is linked: datastores of the user and shares. */
  readonly datastoreIds: Set<string>;
  readonly shareIds: Set<string>;
}

/**
 * A secret whose ciphertext is produced on first use (then fixed, like a stored row). Sealing
 * 50,000 secrets up front dominated startup; a benchmark reads only the few it copies.
 */
class LazySealedSecret implements StoredSecret {
  readonly id: string;
  readonly createDate: string;
  writeDate: string;
  readCount: number;
  readonly callbackUrl = '';
  readonly callbackUser = '';
  readonly callbackPass = '';
  readonly datastoreIds: Set<string>;
  readonly shareIds: Set<string>;
  #plaintext: unknown;
  #key: SecretBytes | undefined;
  #envelope: { text: string; nonce: string } | undefined;

  constructor(init: { id: string; createDate: string; writeDate: string; readCount: number; datastoreIds: Set<string>; shareIds: Set<string>; plaintext: unknown; key: SecretBytes }) {
    this.id = init.id;
    this.createDate = init.createDate;
    this.writeDate = init.writeDate;
    this.readCount = init.readCount;
    this.datastoreIds = init.datastoreIds;
    this.shareIds = init.shareIds;
    this.#plaintext = init.plaintext;
    this.#key = init.key;
  }

  #sealed(): { text: string; nonce: string } {
    if (this.#envelope === undefined) {
      this.#envelope = sealJson(this.#plaintext, this.#key!);
      this.#plaintext = undefined;
      this.#key = undefined;
    }
    return this.#envelope;
  }

  get data(): string {
    return this.#sealed().text;
  }

  set data(text: string) {
    this.#sealed().text = text;
  }

  get dataNonce(): string {
    return this.#sealed().nonce;
  }

  set dataNonce(nonce: string) {
    this.#sealed().nonce = nonce;
  }
}

export interface StoredApiKeyGrant {
  readonly secretId: string;
  /** The secret's key wrapped (as hex text) with the API key secret key. */
  readonly secretKey: Envelope;
}

export interface StoredApiKey {
  readonly name: string;
  readonly id: string;
  /** The Ed25519 seed (API_KEY_PRIVATE_KEY), kept so `DevServer.apiKey()` can hand it out. */
  readonly privateKeyHex: string;
  readonly secretKeyHex: string;
  readonly verifyKeyHex: string;
  read: boolean;
  write: boolean;
  readonly restrictToSecrets: boolean;
  readonly allowInsecureAccess: boolean;
  active: boolean;
  /** User keys wrapped with the API key secret key (delivered in the login info). */
  readonly userPrivateKey: Envelope;
  readonly userSecretKey: Envelope;
  readonly grants: StoredApiKeyGrant[];
}

/** Where a seeded item ended up (for tests and the CLI). */
export interface SeededItemInfo {
  readonly linkId: string;
  readonly secretId: string | undefined;
  readonly secretKeyHex: string | undefined;
  readonly name: string;
  readonly type: string;
}

export interface MaterialisedVault {
  readonly user: StoredUser;
  readonly datastores: Map<string, StoredDatastore>;
  readonly shares: Map<string, StoredShare>;
  readonly secrets: Map<string, StoredSecret>;
  readonly apiKeys: Map<string, StoredApiKey>;
  readonly apiKeysById: Map<string, StoredApiKey>;
  /** Items by `ref`, link id and secret id. */
  readonly items: Map<string, SeededItemInfo>;
  /** Share ids by ref. */
  readonly shareIdsByRef: Map<string, string>;
}

export class SeedError extends Error {
  override name = 'SeedError';
}

const HEX32 = /^[0-9a-fA-F]{64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function checkedKey(hex: string | undefined, seed: string, label: string): string {
  if (hex === undefined) {
    return deterministicKeyHex(seed, `key:${label}`);
  }
  if (!HEX32.test(hex)) {
    throw new SeedError(`${label}: a key must be 64 hex characters`);
  }
  return hex.toLowerCase();
}

function checkedId(id: string | undefined, seed: string, label: string): string {
  if (id === undefined) {
    return deterministicUuid(seed, `id:${label}`);
  }
  if (!UUID.test(id.toLowerCase())) {
    throw new SeedError(`${label}: "${id}" is not a UUID`);
  }
  return id.toLowerCase();
}

/** A seed timestamp re-emitted as Python isoformat (`+00:00`). */
function isoDate(text: string | undefined, label: string): string {
  if (text === undefined) {
    return DEFAULT_SEED_DATE;
  }
  const parsed = Date.parse(text);
  if (Number.isNaN(parsed)) {
    throw new SeedError(`${label}: "${text}" is not a timestamp`);
  }
  const micro = /\.(\d{1,6})/.exec(text)?.[1]?.padEnd(6, '0') ?? '000000';
  const base = new Date(parsed).toISOString().slice(0, 19);
  return micro === '000000' ? `${base}+00:00` : `${base}.${micro}+00:00`;
}

function sha1Prefix(text: string): string {
  return createHash('sha1').update(text, 'utf8').digest('hex').slice(0, 5);
}

function urlHost(url: unknown): string | undefined {
  if (typeof url !== 'string' || url === '') {
    return undefined;
  }
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

function stringField(secret: Record<string, unknown> | undefined, key: string): string | undefined {
  const value = secret?.[key];
  return typeof value === 'string' ? value : undefined;
}

/** Sibling counters for deterministic labels `<parent>/<kind>:<name>#<n>`. */
class LabelCounter {
  readonly #seen = new Map<string, number>();
  next(parent: string, kind: string, name: string): string {
    const base = `${parent}/${kind}:${name}`;
    const n = this.#seen.get(base) ?? 0;
    this.#seen.set(base, n + 1);
    return `${base}#${n}`;
  }
}

interface ShareIndexEntry {
  paths: string[][];
  secret_key: string;
}

/** A container root (datastore or share) that owns a share_index. */
interface RootContext {
  readonly shareIndex: Record<string, ShareIndexEntry>;
  readonly shareId: string | null;
  readonly datastoreId: string | null;
}

interface ShareIdentity {
  readonly id: string;
  readonly keyHex: string;
  readonly seed: SeedShare;
  readonly parentShareIds: Set<string>;
}

function resolvedItemName(item: SeedItem): string {
  return item.name ?? stringField(item.secret, `${item.type}_title`) ?? stringField(item.extra, 'file_title') ?? item.type;
}

/** Datastore-item metadata as the web client mirrors it from the secret (spec §7.3). */
function itemMetadata(item: SeedItem): Record<string, unknown> {
  const secret = item.secret;
  const meta: Record<string, unknown> = {};
  const username = stringField(secret, `${item.type}_username`);
  let description = item.description;
  let urlfilter = item.urlfilter;
  switch (item.type) {
    case 'website_password':
      description ??= username ?? '';
      urlfilter ??= stringField(secret, 'website_password_url_filter') ?? urlHost(secret?.['website_password_url']) ?? '';
      meta['autosubmit'] = item.autosubmit ?? secret?.['website_password_auto_submit'] === true;
      meta['allow_http'] = item.allowHttp ?? secret?.['website_password_allow_http'] === true;
      break;
    case 'application_password':
      description ??= username ?? '';
      break;
    case 'bookmark':
      urlfilter ??= stringField(secret, 'bookmark_url_filter') ?? urlHost(secret?.['bookmark_url']) ?? '';
      break;
    case 'credit_card': {
      const number = stringField(secret, 'credit_card_number') ?? '';
      description ??= number.length > 4 ? 'x'.repeat(number.length - 4) + number.slice(-4) : '';
      break;
    }
    case 'identity':
      description ??= [stringField(secret, 'identity_first_name'), stringField(secret, 'identity_last_name')]
        .filter((part) => part !== undefined && part !== '')
        .join(' ');
      break;
    case 'passkey': {
      const rpId = stringField(secret, 'passkey_rp_id');
      const credentialId = stringField(secret, 'passkey_id');
      urlfilter ??= stringField(secret, 'passkey_url_filter') ?? (rpId !== undefined && credentialId !== undefined ? `${rpId}#${credentialId}` : undefined);
      break;
    }
    default:
      break;
  }
  if (description !== undefined) {
    meta['description'] = description;
  }
  if (urlfilter !== undefined) {
    meta['urlfilter'] = urlfilter;
  }
  if (item.type === 'website_password' || item.type === 'application_password') {
    const password = stringField(secret, `${item.type}_password`);
    meta['password_hash'] = item.passwordHash ?? (password === undefined || password === '' ? '' : sha1Prefix(password));
  } else if (item.passwordHash !== undefined) {
    meta['password_hash'] = item.passwordHash;
  }
  const tags = item.tags ?? (Array.isArray(secret?.['tags']) ? (secret['tags'] as unknown[]).filter((t): t is string => typeof t === 'string') : undefined);
  if (tags !== undefined) {
    meta['tags'] = tags;
  }
  return meta;
}

class VaultBuilder {
  readonly #seed: string;
  readonly #labels = new LabelCounter();
  readonly #shares = new Map<string, ShareIdentity>();
  readonly secrets = new Map<string, StoredSecret>();
  readonly items = new Map<string, SeededItemInfo>();
  readonly #secretPlainKeys = new Map<string, string>();

  constructor(seed: string, shares: SeedShare[]) {
    this.#seed = seed;
    for (const share of shares) {
      if (this.#shares.has(share.ref)) {
        throw new SeedError(`share ref "${share.ref}" is used twice`);
      }
      const label = `share:${share.ref}`;
      this.#shares.set(share.ref, {
        id: checkedId(share.id, seed, label),
        keyHex: checkedKey(share.secretKey, seed, label),
        seed: share,
        parentShareIds: new Set(),
      });
    }
  }

  get shareIdentities(): ReadonlyMap<string, ShareIdentity> {
    return this.#shares;
  }

  secretKeyHexOf(secretId: string): string | undefined {
    return this.#secretPlainKeys.get(secretId);
  }

  #share(ref: string, where: string): ShareIdentity {
    const share = this.#shares.get(ref);
    if (share === undefined) {
      throw new SeedError(`${where}: unknown share "${ref}"`);
    }
    return share;
  }

  #mountedIn(share: ShareIdentity, root: RootContext, path: string[]): void {
    const entry = (root.shareIndex[share.id] ??= { paths: [], secret_key: share.keyHex });
    entry.paths.push(path);
    if (root.shareId !== null) {
      share.parentShareIds.add(root.shareId);
    }
  }

  folders(nodes: SeedFolderNode[], parentLabel: string, root: RootContext, path: string[]): Record<string, unknown>[] {
    return nodes.map((node) => {
      if (isShareMount(node)) {
        const label = this.#labels.next(parentLabel, 'mount', node.share);
        const share = this.#share(node.share, label);
        if (share.seed.kind !== 'folder') {
          throw new SeedError(`${label}: share "${node.share}" is an item share; mount it in "items"`);
        }
        const id = checkedId(node.id, this.#seed, label);
        this.#mountedIn(share, root, [...path, id]);
        const out: Record<string, unknown> = { id, name: node.name ?? share.seed.name, share_id: share.id, share_secret_key: share.keyHex };
        if (node.deleted === true) {
          out['deleted'] = true;
        }
        return out;
      }
      const label = this.#labels.next(parentLabel, 'folder', node.name);
      const id = checkedId(node.id, this.#seed, label);
      const out: Record<string, unknown> = { id, name: node.name };
      if (node.deleted === true) {
        out['deleted'] = true;
      }
      if (node.folders !== undefined) {
        out['folders'] = this.folders(node.folders, label, root, [...path, id]);
      }
      if (node.items !== undefined) {
        out['items'] = this.itemList(node.items, label, root, [...path, id]);
      }
      return out;
    });
  }

  itemList(nodes: SeedItemNode[], parentLabel: string, root: RootContext, path: string[]): Record<string, unknown>[] {
    return nodes.map((node) => {
      if (isShareMount(node)) {
        const label = this.#labels.next(parentLabel, 'mount', node.share);
        const share = this.#share(node.share, label);
        if (share.seed.kind !== 'item') {
          throw new SeedError(`${label}: share "${node.share}" is a folder share; mount it in "folders"`);
        }
        const id = checkedId(node.id, this.#seed, label);
        this.#mountedIn(share, root, [...path, id]);
        const item = share.seed.item;
        // The web client strips a mounted node to these fields (spec §7.4); `type` marks an item share.
        const out: Record<string, unknown> = { id, name: node.name ?? resolvedItemName(item), type: item.type };
        const description = itemMetadata(item)['description'];
        if (typeof description === 'string' && description !== '') {
          out['description'] = description;
        }
        out['share_id'] = share.id;
        out['share_secret_key'] = share.keyHex;
        if (node.deleted === true) {
          out['deleted'] = true;
        }
        return out;
      }
      const label = this.#labels.next(parentLabel, 'item', resolvedItemName(node));
      return this.item(node, label, root, true);
    });
  }

  /** One item object; `withId` false for the content of an item share (which has no id). */
  item(item: SeedItem, label: string, root: RootContext, withId: boolean): Record<string, unknown> {
    const linkId = checkedId(item.id, this.#seed, label);
    const name = resolvedItemName(item);
    const out: Record<string, unknown> = withId ? { id: linkId, type: item.type, name } : { name, type: item.type };
    Object.assign(out, itemMetadata(item));
    let secretId: string | undefined;
    let secretKeyHex: string | undefined;
    if (item.type !== 'file') {
      if (item.secret === undefined) {
        throw new SeedError(`${label}: an item of type ${item.type} needs a "secret"`);
      }
      secretId = checkedId(item.secretId, this.#seed, `${label}/secret`);
      secretKeyHex = checkedKey(item.secretKey, this.#seed, `${label}/secret`);
      if (this.secrets.has(secretId)) {
        throw new SeedError(`${label}: secret id ${secretId} is used twice`);
      }
      const createDate = isoDate(item.createDate, label);
      this.secrets.set(secretId, new LazySealedSecret({
        id: secretId,
        createDate,
        writeDate: item.writeDate === undefined ? createDate : isoDate(item.writeDate, label),
        readCount: item.readCount ?? 0,
        datastoreIds: new Set(root.datastoreId === null ? [] : [root.datastoreId]),
        shareIds: new Set(root.shareId === null ? [] : [root.shareId]),
        plaintext: item.secret,
        key: keyFromHex(secretKeyHex, 'secret key'),
      }));
      this.#secretPlainKeys.set(secretId, secretKeyHex);
      out['secret_id'] = secretId;
      out['secret_key'] = secretKeyHex;
    }
    if (item.extra !== undefined) {
      Object.assign(out, item.extra);
    }
    if (item.deleted === true) {
      out['deleted'] = true;
    }
    const info: SeededItemInfo = { linkId, secretId, secretKeyHex, name, type: item.type };
    for (const handle of [item.ref, linkId, secretId]) {
      if (handle !== undefined) {
        if (handle === item.ref && this.items.has(handle)) {
          throw new SeedError(`${label}: item ref "${handle}" is used twice`);
        }
        this.items.set(handle, info);
      }
    }
    return out;
  }
}

function defaultDescription(type: string): string {
  switch (type) {
    case 'password':
      return 'Default';
    case 'settings':
      return 'key-value-settings';
    default:
      return 'default';
  }
}

function withGeneratedContent(seed: VaultSeed): VaultSeed {
  if (seed.generate === undefined) {
    return seed;
  }
  const generated = generateContent({ ...seed.generate, seed: seed.generate.seed ?? seed.seed ?? DEFAULT_VAULT_SEED });
  const datastores = [...seed.datastores];
  let index = datastores.findIndex((store) => store.type === 'password' && store.isDefault !== false);
  if (index === -1) {
    datastores.unshift({ type: 'password' });
    index = 0;
  }
  const target = datastores[index]!;
  datastores[index] = {
    ...target,
    folders: [...(target.folders ?? []), ...generated.folders],
    items: [...(target.items ?? []), ...generated.items],
  };
  return { ...seed, datastores, shares: [...(seed.shares ?? []), ...generated.shares] };
}

export function materialiseVault(input: VaultSeed): MaterialisedVault {
  const seed = withGeneratedContent(input);
  const seedString = seed.seed ?? DEFAULT_VAULT_SEED;
  if (typeof seed.user?.username !== 'string') {
    throw new SeedError('user.username is required');
  }
  const userPrivateKeyHex = checkedKey(seed.user.privateKey, seedString, 'user/private');
  const userSecretKeyHex = checkedKey(seed.user.secretKey, seedString, 'user/secret');
  const userPrivateKey = keyFromHex(userPrivateKeyHex, 'user private key');
  const userSecretKey = keyFromHex(userSecretKeyHex, 'user secret key');
  const user: StoredUser = {
    id: checkedId(seed.user.id, seedString, 'user'),
    username: seed.user.username,
    publicKeyHex: bytesToHex(x25519PublicKey(userPrivateKey)),
    privateKey: userPrivateKey,
    secretKey: userSecretKey,
    isActive: seed.user.isActive ?? true,
    isEmailActive: seed.user.isEmailActive ?? true,
    requirePasswordChange: seed.user.requirePasswordChange ?? false,
  };

  const shares = seed.shares ?? [];
  const builder = new VaultBuilder(seedString, shares);

  const datastores = new Map<string, StoredDatastore>();
  seed.datastores.forEach((store: SeedDatastore, index) => {
    const label = `datastore:${index}`;
    const id = checkedId(store.id, seedString, label);
    if (datastores.has(id)) {
      throw new SeedError(`${label}: datastore id ${id} is used twice`);
    }
    const keyHex = checkedKey(store.secretKey, seedString, label);
    const key = keyFromHex(keyHex, 'datastore key');
    let content: unknown;
    if (store.raw !== undefined) {
      content = store.raw;
    } else if (store.type === 'settings') {
      content = store.settings ?? [];
    } else if (store.type === 'password') {
      const root: RootContext = { shareIndex: {}, shareId: null, datastoreId: id };
      const tree: Record<string, unknown> = { datastore_id: id };
      tree['folders'] = builder.folders(store.folders ?? [], label, root, []);
      tree['items'] = builder.itemList(store.items ?? [], label, root, []);
      if (Object.keys(root.shareIndex).length > 0) {
        tree['share_index'] = root.shareIndex;
      }
      content = tree;
    } else {
      content = {};
    }
    const sealed = store.neverWritten === true ? { text: '', nonce: '' } : sealJson(content, key);
    datastores.set(id, {
      id,
      type: store.type,
      description: store.description ?? defaultDescription(store.type),
      isDefault: store.isDefault ?? true,
      secretKey: wrapKey(key, userSecretKey),
      data: sealed.text,
      dataNonce: sealed.nonce,
      writeDate: isoDate(store.writeDate, label),
    });
  });

  const storedShares = new Map<string, StoredShare>();
  for (const identity of builder.shareIdentities.values()) {
    const share = identity.seed;
    const label = `share:${share.ref}`;
    const root: RootContext = { shareIndex: {}, shareId: identity.id, datastoreId: null };
    let content: Record<string, unknown>;
    if (share.kind === 'folder') {
      content = { name: share.name };
      if (share.folders !== undefined) {
        content['folders'] = builder.folders(share.folders, label, root, []);
      }
      if (share.items !== undefined) {
        content['items'] = builder.itemList(share.items, label, root, []);
      }
      if (Object.keys(root.shareIndex).length > 0) {
        content['share_index'] = root.shareIndex;
      }
    } else if (share.kind === 'item') {
      const itemLabel = `${label}/item:${resolvedItemName(share.item)}#0`;
      content = builder.item(share.item, itemLabel, root, false);
    } else {
      throw new SeedError(`${label}: kind must be "folder" or "item"`);
    }
    if (storedShares.has(identity.id)) {
      throw new SeedError(`${label}: share id ${identity.id} is used twice`);
    }
    const sealed = sealJson(content, keyFromHex(identity.keyHex, 'share key'));
    storedShares.set(identity.id, {
      id: identity.id,
      ref: share.ref,
      data: sealed.text,
      dataNonce: sealed.nonce,
      userId: share.userId === undefined ? user.id : share.userId,
      directRights: share.rights === undefined ? { read: true, write: true, grant: true } : share.rights,
      rightsExpiration: share.rightsExpire === undefined ? null : isoDate(share.rightsExpire, label),
      inheritRights: share.inheritRights ?? true,
      keyHex: identity.keyHex,
      title: share.kind === 'folder' ? share.name : resolvedItemName(share.item),
      itemType: share.kind === 'folder' ? 'folder' : share.item.type,
      parentShareIds: identity.parentShareIds,
      writeDate: isoDate(share.writeDate, label),
    });
  }

  const apiKeys = new Map<string, StoredApiKey>();
  const apiKeysById = new Map<string, StoredApiKey>();
  for (const key of seed.apiKeys) {
    const stored = materialiseApiKey(key, seedString, user, builder);
    if (apiKeys.has(key.name) || apiKeysById.has(stored.id)) {
      throw new SeedError(`api key "${key.name}" is defined twice`);
    }
    apiKeys.set(key.name, stored);
    apiKeysById.set(stored.id, stored);
  }

  const shareIdsByRef = new Map<string, string>();
  for (const [ref, identity] of builder.shareIdentities) {
    shareIdsByRef.set(ref, identity.id);
  }
  return { user, datastores, shares: storedShares, secrets: builder.secrets, apiKeys, apiKeysById, items: builder.items, shareIdsByRef };
}

function materialiseApiKey(key: SeedApiKey, seedString: string, user: StoredUser, builder: VaultBuilder): StoredApiKey {
  const label = `apikey:${key.name}`;
  const privateKeyHex = checkedKey(key.privateKey, seedString, `${label}/private`);
  const secretKeyHex = checkedKey(key.secretKey, seedString, `${label}/secret`);
  const apiSecret = keyFromHex(secretKeyHex, 'api key secret key');
  const grants: StoredApiKeyGrant[] = (key.secrets ?? []).map((handle) => {
    const item = builder.items.get(handle);
    const secretKeyOfItem = item?.secretId === undefined ? undefined : builder.secretKeyHexOf(item.secretId);
    if (item?.secretId === undefined || secretKeyOfItem === undefined) {
      throw new SeedError(`${label}: no item with a secret for "${handle}"`);
    }
    return { secretId: item.secretId, secretKey: wrapKey(keyFromHex(secretKeyOfItem, 'secret key'), apiSecret) };
  });
  return {
    name: key.name,
    id: checkedId(key.id, seedString, label),
    privateKeyHex,
    secretKeyHex,
    verifyKeyHex: bytesToHex(signingKeyFromSeed(keyFromHex(privateKeyHex, 'api key private key')).verifyKey),
    read: key.read ?? true,
    write: key.write ?? false,
    restrictToSecrets: key.restrictToSecrets ?? false,
    allowInsecureAccess: key.allowInsecureAccess ?? false,
    active: key.active ?? true,
    userPrivateKey: wrapKey(user.privateKey, apiSecret),
    userSecretKey: wrapKey(user.secretKey, apiSecret),
    grants,
  };
}

/** The direct right, unless `now` is given and the right expired by then (7.x ignores those). */
export function directShareRights(share: StoredShare, now?: number): ShareRights | null {
  if (share.directRights === null) {
    return null;
  }
  if (now !== undefined && share.rightsExpiration !== null && Date.parse(share.rightsExpiration) <= now) {
    return null;
  }
  return share.directRights;
}

/**
 * Effective rights: the direct right OR-ed with rights inherited from containing shares. With
 * `now`, expired rights count as absent, inherited ones included.
 */
export function effectiveShareRights(shares: ReadonlyMap<string, StoredShare>, shareId: string, now?: number, visiting = new Set<string>()): ShareRights | null {
  const share = shares.get(shareId);
  if (share === undefined || visiting.has(shareId)) {
    return null;
  }
  visiting.add(shareId);
  const direct = directShareRights(share, now);
  let rights: ShareRights | null = direct === null ? null : { ...direct };
  if (share.inheritRights) {
    for (const parentId of share.parentShareIds) {
      const inherited = effectiveShareRights(shares, parentId, now, visiting);
      if (inherited !== null) {
        rights = rights === null
          ? { ...inherited }
          : { read: rights.read || inherited.read, write: rights.write || inherited.write, grant: rights.grant || inherited.grant };
      }
    }
  }
  visiting.delete(shareId);
  return rights;
}
