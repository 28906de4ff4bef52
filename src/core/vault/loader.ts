/**
 * Reads every password datastore and mounts its shares (spec §6.1–6.3, §7), then flattens the
 * tree into entries. Shares are mounted breadth-first, one depth at a time; they are fetched in
 * parallel with a bound, each once, and a share's nested shares are requested as soon as it is
 * open. Unreadable shares become warnings, not failures.
 */
import { hexDigitValue, KEY_BYTES, keyFromHex, openJson, randomBytes, unwrapKey } from '../crypto';
import { PsonoError } from '../errors';
import { SecretBytes } from '../sensitive';
import { fnv1a, StringTable } from '../string-table';
import { coerceText, inferItemType, itemKind, secretTitle, type ItemKind } from './item-types';
import type { LoadOptions, RestrictedSource, VaultEntry, VaultSource, VaultStats, VaultWarning, VaultWarningKind } from './types';
import { Vault, type SecretReader } from './vault';

type Json = Record<string, unknown>;

const DEFAULT_CONCURRENCY = 8;

/** Item properties the index interprets; everything else goes to `extra` (minus key material). */
const KNOWN_ITEM_PROPS = new Set([
  'id', 'type', 'name', 'description', 'urlfilter', 'secret_id', 'secret_key', 'tags', 'deleted',
  'share_id', 'share_secret_key', 'share_index', 'share_rights', 'autosubmit', 'allow_http', 'password_hash',
  // client-only helpers (spec §7.2)
  'path', 'is_folder', 'expanded', 'expanded_temporary', 'parent_share_id', 'parent_datastore_id', 'hidden', 'filter', 'folder_path',
]);
const KEY_MATERIAL = /(^|_)(secret_key|private_key|key)$/;

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function arrayOf(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function text(value: unknown): string | null {
  const coerced = coerceText(value);
  return coerced === null || coerced === '' ? null : coerced;
}

/** 8-4-4-4-12 hex digits, either case. A character loop: this runs for every item at unlock. */
export function isUuid(value: unknown): value is string {
  if (typeof value !== 'string' || value.length !== 36) {
    return false;
  }
  for (let i = 0; i < 36; i++) {
    const code = value.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (code !== 45) {
        return false;
      }
    } else if (hexDigitValue(code) < 0) {
      return false;
    }
  }
  return true;
}

/** A 400/403 "no permission or does not exist" answer: skip the object, keep loading. */
export function isAccessDenied(error: unknown): boolean {
  if (!(error instanceof PsonoError)) {
    return false;
  }
  const status = error.details.status;
  return error.kind === 'not-found' || status === 400 || status === 403 || status === 404;
}

/** Runs `task` over `items` with at most `limit` in flight; results keep the input order. */
export function mapBounded<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const run = boundedRunner(limit);
  return Promise.all(items.map((item, index) => run(() => task(item, index))));
}

function defaultClock(): () => number {
  const performanceNow = (globalThis as { performance?: { now(): number } }).performance;
  return performanceNow ? () => performanceNow.now() : () => Date.now();
}

/** First domain of a url filter: `mail.example.com`, `rp.example#credential` → `rp.example`. */
export function urlHostOf(urlFilter: string | null): string | null {
  if (urlFilter === null) {
    return null;
  }
  // One pass over the first filter instead of splits and regexes: this runs for every item at unlock.
  const length = urlFilter.length;
  let start = 0;
  while (start < length && isFilterSeparator(urlFilter.charCodeAt(start))) {
    start++;
  }
  let end = start;
  while (end < length && !isFilterSeparator(urlFilter.charCodeAt(end)) && urlFilter.charCodeAt(end) !== 35) {
    end++;
  }
  const hostStart = start + schemeLength(urlFilter, start, end);
  let hostEnd = hostStart;
  while (hostEnd < end && urlFilter.charCodeAt(hostEnd) !== 47 && urlFilter.charCodeAt(hostEnd) !== 63) {
    hostEnd++;
  }
  return hostEnd === hostStart ? null : urlFilter.slice(hostStart, hostEnd).toLowerCase();
}

const WHITESPACE = /\s/;

/** Filters are separated by whitespace (as JavaScript's \s), commas and semicolons. */
function isFilterSeparator(code: number): boolean {
  if (code < 128) {
    return code === 32 || code === 44 || code === 59 || (code >= 9 && code <= 13);
  }
  return WHITESPACE.test(String.fromCharCode(code));
}

/** Length of a leading `scheme://` in text[start, end) (RFC 3986 scheme characters), else 0. */
function schemeLength(text: string, start: number, end: number): number {
  const first = text.charCodeAt(start) | 32;
  if (start >= end || first < 97 || first > 122) {
    return 0;
  }
  let at = start + 1;
  for (; at < end; at++) {
    const code = text.charCodeAt(at);
    const lower = code | 32;
    if (!((lower >= 97 && lower <= 122) || (code >= 48 && code <= 57) || code === 43 || code === 46 || code === 45)) {
      break;
    }
  }
  return at + 3 <= end && text.startsWith('://', at) ? at + 3 - start : 0;
}

const KEYS_PER_SLAB = 256;

/**
 * The item keys of one vault, 32 bytes each in shared 8 KiB slabs. Decoding 10k keys into 10k
 * typed arrays, each with its own wrapper, was a large part of the entry pass; slabs are plain
 * typed-array memory and are zeroed all at once on wipe.
 */
export class ItemKeys {
  readonly #slabs: Uint8Array[] = [];
  /** Wrappers handed out so far, so that wiping marks them as wiped too. */
  readonly #handedOut = new Map<number, SecretBytes>();
  #count = 0;
  #wiped = false;

  /**
   * Decodes a 64-hex-digit key (either case) into the next slot and returns the slot, or -1 if it
   * is malformed (nothing kept). A table lookup per digit: at 50,000 items a generic hex parser
   * (a substring per byte) dominated the entry pass.
   */
  add(hex: string): number {
    if (hex.length !== KEY_BYTES * 2 || this.#wiped) {
      return -1;
    }
    const slot = this.#count;
    const slabIndex = Math.floor(slot / KEYS_PER_SLAB);
    const slab = this.#slabs[slabIndex] ?? this.#newSlab();
    const at = (slot % KEYS_PER_SLAB) * KEY_BYTES;
    for (let i = 0; i < KEY_BYTES; i++) {
      const high = hexDigitValue(hex.charCodeAt(i * 2));
      const low = hexDigitValue(hex.charCodeAt(i * 2 + 1));
      if (high < 0 || low < 0) {
        slab.fill(0, at, at + KEY_BYTES);
        return -1;
      }
      slab[at + i] = (high << 4) | low;
    }
    this.#count++;
    return slot;
  }

  /** The key in `slot`, owned by the vault: wiping it zeroes the stored key. Wiped after `wipe()`. */
  key(slot: number): SecretBytes {
    let key = this.#handedOut.get(slot);
    if (key === undefined) {
      const slab = this.#slabs[Math.floor(slot / KEYS_PER_SLAB)];
      if (slab === undefined || slot < 0 || slot >= this.#count) {
        throw new RangeError('ItemKeys: no such slot.');
      }
      const at = (slot % KEYS_PER_SLAB) * KEY_BYTES;
      key = new SecretBytes(slab.subarray(at, at + KEY_BYTES));
      if (this.#wiped) {
        key.wipe();
      }
      this.#handedOut.set(slot, key);
    }
    return key;
  }

  /** Zeroes every key and marks every wrapper handed out as wiped. */
  wipe(): void {
    for (const slab of this.#slabs) {
      slab.fill(0);
    }
    for (const key of this.#handedOut.values()) {
      key.wipe();
    }
    this.#wiped = true;
  }

  #newSlab(): Uint8Array {
    const slab = new Uint8Array(KEYS_PER_SLAB * KEY_BYTES);
    this.#slabs.push(slab);
    return slab;
  }
}

class Collector {
  readonly warnings: VaultWarning[] = [];
  constructor(private readonly onWarning: ((warning: VaultWarning) => void) | undefined) {}

  warn(kind: VaultWarningKind, id: string | null, message: string): void {
    const warning = { kind, id, message };
    this.warnings.push(warning);
    this.onWarning?.(warning);
  }
}

interface DatastoreRoot {
  readonly id: string;
  readonly description: string;
  readonly content: Json;
}

async function readDatastore(source: VaultSource, id: string, description: string): Promise<DatastoreRoot> {
  const response = await source.get(`/datastore/${id}/`);
  if (!isRecord(response)) {
    throw new PsonoError('malformed-response', { detail: '(datastore)' });
  }
  const data = response['data'];
  const nonce = response['data_nonce'];
  if (data === '' || data === undefined || data === null) {
    return { id, description, content: {} };
  }
  if (typeof data !== 'string' || typeof nonce !== 'string' || typeof response['secret_key'] !== 'string' || typeof response['secret_key_nonce'] !== 'string') {
    throw new PsonoError('malformed-response', { detail: '(datastore fields missing)' });
  }
  const datastoreKey = unwrapKey(response['secret_key'], response['secret_key_nonce'], source.userSecretKey(), 'datastore key');
  try {
    const content = openJson(data, nonce, datastoreKey, 'datastore');
    return { id, description, content: isRecord(content) ? content : {} };
  } finally {
    datastoreKey.wipe();
  }
}

interface ResolvedMount {
  readonly owner: Json;
  readonly stack: readonly string[];
}

/**
 * §7.5: from the owner, every path element but the last selects a folder by id; the last selects a
 * folder, or failing that an item. Returns null if not found or if anything on the way is deleted
 * (the share would only feed the trash, so it is not fetched for that path).
 */
function resolvePath(owner: Json, path: unknown): Json | null {
  if (!Array.isArray(path) || path.length === 0) {
    return null;
  }
  let current = owner;
  for (let i = 0; i < path.length; i++) {
    const id = path[i];
    const last = i === path.length - 1;
    let next: Json | undefined = arrayOf(current['folders']).find((folder) => folder['id'] === id);
    if (!next && last) {
      next = arrayOf(current['items']).find((item) => item['id'] === id);
    }
    if (!next || next['deleted'] === true) {
      return null;
    }
    current = next;
  }
  return current;
}

interface ShareRequest {
  readonly shareId: string;
  readonly keys: readonly string[];
  readonly nodes: readonly Json[];
  readonly stack: readonly string[];
}

type ShareResult =
  | { readonly ok: true; readonly content: Json }
  | { readonly ok: false; readonly warning?: { readonly kind: VaultWarningKind; readonly message: string } };

/**
 * What mounting share `shareId` at `owner` (listed in its share_index as `rawEntry`) needs: the
 * nodes its paths resolve to and the keys to try; 'no-nodes' when no path resolves (nothing to
 * mount), 'no-key' when neither the index entry nor a mount point holds a key.
 */
function shareRequest(owner: Json, shareId: string, rawEntry: Json, stack: readonly string[]): ShareRequest | 'no-nodes' | 'no-key' {
  const paths = Array.isArray(rawEntry['paths']) ? rawEntry['paths'] : [];
  const nodes = paths.map((path) => resolvePath(owner, path)).filter((node): node is Json => node !== null);
  if (nodes.length === 0) {
    return 'no-nodes';
  }
  const keys = [rawEntry['secret_key'], ...nodes.map((node) => node['share_secret_key'])].filter(
    (key, i, all): key is string => typeof key === 'string' && key !== '' && all.indexOf(key) === i,
  );
  return keys.length === 0 ? 'no-key' : { shareId, keys, nodes, stack };
}

/** A share listed in a share_index, and whether it can be mounted from there. */
type ListedShare = { readonly shareId: string; readonly request: ShareRequest | 'cycle' | 'no-key' };

/**
 * The shares `owner`'s share_index lists (valid ids and entries only) that resolve to a node: each
 * with its request, or 'cycle' if it is already on `stack`, or 'no-key'.
 */
function listedShares(owner: Json, stack: readonly string[]): ListedShare[] {
  const index = owner['share_index'];
  const listed: ListedShare[] = [];
  if (!isRecord(index)) {
    return listed;
  }
  for (const [shareId, rawEntry] of Object.entries(index)) {
    if (!isUuid(shareId) || !isRecord(rawEntry)) {
      continue;
    }
    if (stack.includes(shareId)) {
      listed.push({ shareId, request: 'cycle' });
      continue;
    }
    const request = shareRequest(owner, shareId, rawEntry, stack);
    if (request !== 'no-nodes') {
      listed.push({ shareId, request });
    }
  }
  return listed;
}

/** Opens a share answer with the first of `keys` that fits; never throws for bad content. */
function openShareAnswer(response: unknown, shareId: string, keys: readonly string[]): ShareResult {
  if (!isRecord(response) || typeof response['data'] !== 'string' || typeof response['data_nonce'] !== 'string') {
    return { ok: false, warning: { kind: 'share-undecryptable', message: `Share ${shareId} has no readable content; skipped.` } };
  }
  for (const keyHex of keys) {
    let key: SecretBytes | null = null;
    try {
      key = keyFromHex(keyHex, 'share key');
      const content = openJson(response['data'], response['data_nonce'], key, 'share');
      if (isRecord(content)) {
        return { ok: true, content };
      }
    } catch (error) {
      if (!(error instanceof PsonoError)) {
        throw error;
      }
    } finally {
      key?.wipe();
    }
  }
  return { ok: false, warning: { kind: 'share-undecryptable', message: `Share ${shareId} could not be decrypted with its share key; skipped.` } };
}

async function openAnswer(answer: Promise<unknown>, shareId: string, keys: readonly string[]): Promise<ShareResult> {
  let response: unknown;
  try {
    response = await answer;
  } catch (error) {
    if (isAccessDenied(error)) {
      return { ok: false, warning: { kind: 'share-unreadable', message: `Share ${shareId} is not readable with this API key; skipped.` } };
    }
    throw error;
  }
  return openShareAnswer(response, shareId, keys);
}

/** At most `limit` tasks (at least one) run at once; the rest wait in the order they came. */
export function boundedRunner(limit: number): <R>(task: () => Promise<R>) => Promise<R> {
  const slots = Math.max(1, limit);
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    if (running >= slots) {
      await new Promise<void>((resolve) => waiting.push(resolve));
    } else {
      running++;
    }
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next task, or free it.
      const next = waiting.shift();
      if (next) {
        next();
      } else {
        running--;
      }
    }
  };
}

const ignore = (): void => undefined;

/** A share requested (and opened with `keys`) before its level was reached, or at it. */
interface ShareLoad {
  readonly keys: readonly string[];
  readonly answer: Promise<unknown>;
  readonly opened: Promise<ShareResult>;
}

/**
 * Fetches shares for the level-by-level mount, and fetches ahead: as soon as a share is open, the
 * shares in its own share_index are requested (and opened with the keys its content lists), so the
 * server is never idle waiting for a whole level to finish. Ahead requests only ever cover shares
 * the mount will ask for (same paths, keys, cycle check), each share once; the mount still merges
 * level by level, in order, so the tree is the same as without fetching ahead.
 */
class ShareFetcher {
  readonly #loads = new Map<string, ShareLoad>();
  readonly #run: <R>(task: () => Promise<R>) => Promise<R>;
  #stopped = false;

  constructor(
    private readonly source: VaultSource,
    concurrency: number,
  ) {
    this.#run = boundedRunner(concurrency);
  }

  /** The share's result for the mount: the load started ahead if its keys agree, else fetched or reopened now. */
  result(request: ShareRequest): Promise<ShareResult> {
    const load = this.#loads.get(request.shareId);
    if (load === undefined) {
      return this.#start(request.shareId, request.keys, request.stack).opened;
    }
    return sameKeys(load.keys, request.keys) ? load.opened : openAnswer(load.answer, request.shareId, request.keys);
  }

  /** No more fetching ahead (the mount is over, or failed). */
  stop(): void {
    this.#stopped = true;
  }

  #start(shareId: string, keys: readonly string[], stack: readonly string[]): ShareLoad {
    const answer = this.#run(() => this.source.get(`/share/${shareId}/`));
    const opened = openAnswer(answer, shareId, keys);
    const load: ShareLoad = { keys, answer, opened };
    this.#loads.set(shareId, load);
    // A load nobody takes (the mount failed first) must not become an unhandled rejection.
    answer.catch(ignore);
    opened.then((result) => {
      if (result.ok) {
        this.#ahead(result.content, [...stack, shareId]);
      }
    }, ignore);
    return load;
  }

  #ahead(owner: Json, stack: readonly string[]): void {
    if (this.#stopped) {
      return;
    }
    for (const { shareId, request } of listedShares(owner, stack)) {
      if (typeof request !== 'string' && !this.#loads.has(shareId)) {
        this.#start(shareId, request.keys, stack);
      }
    }
  }
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((key, i) => key === b[i]);
}

interface MountStats {
  fetched: number;
  skipped: number;
}

/** Mounts every share reachable through share_index, level by level (spec §7.6). */
async function mountShares(source: VaultSource, roots: readonly DatastoreRoot[], concurrency: number, collector: Collector): Promise<MountStats> {
  const cache = new Map<string, Promise<ShareResult>>();
  const mountedNodes = new Map<string, Set<Json>>();
  const stats: MountStats = { fetched: 0, skipped: 0 };
  const fetcher = new ShareFetcher(source, concurrency);
  let level: ResolvedMount[] = roots.map((root) => ({ owner: root.content, stack: [] }));

  try {
    while (level.length > 0) {
      const requests: ShareRequest[] = [];
      for (const { owner, stack } of level) {
        for (const { shareId, request } of listedShares(owner, stack)) {
          if (request === 'cycle') {
            collector.warn('share-cycle', shareId, `Share ${shareId} is mounted inside itself; the inner mount was skipped.`);
          } else if (request === 'no-key') {
            collector.warn('share-without-key', shareId, `Share ${shareId} has no share key in its parent; skipped.`);
          } else {
            requests.push(request);
          }
        }
      }

      const toFetch: ShareRequest[] = [];
      for (const request of requests) {
        if (!cache.has(request.shareId)) {
          // Placeholder so a share requested twice in one level is fetched once.
          cache.set(request.shareId, Promise.resolve({ ok: false }));
          toFetch.push(request);
        }
      }
      const fetched = await Promise.all(toFetch.map((request) => fetcher.result(request)));
      toFetch.forEach((request, i) => {
        const result = fetched[i]!;
        cache.set(request.shareId, Promise.resolve(result));
        if (result.ok) {
          stats.fetched++;
        } else {
          stats.skipped++;
          if (result.warning) {
            collector.warn(result.warning.kind, request.shareId, result.warning.message);
          }
        }
      });

      const nextLevel: ResolvedMount[] = [];
      for (const request of requests) {
        const result = await cache.get(request.shareId)!;
        if (!result.ok) {
          continue;
        }
        let mounted = mountedNodes.get(request.shareId);
        if (!mounted) {
          mounted = new Set();
          mountedNodes.set(request.shareId, mounted);
        }
        for (const node of request.nodes) {
          if (mounted.has(node)) {
            continue;
          }
          mounted.add(node);
          for (const [key, value] of Object.entries(result.content)) {
            if (key !== 'id') {
              node[key] = value;
            }
          }
          // A share's own share_index is relative to the node it is merged into.
          nextLevel.push({ owner: node, stack: [...request.stack, request.shareId] });
        }
      }
      level = nextLevel;
    }
  } finally {
    fetcher.stop();
  }
  return stats;
}

interface IndexCounts {
  deleted: number;
  files: number;
  duplicates: number;
  invalid: number;
}

function extraOf(item: Json): Json | null {
  let extra: Json | null = null;
  for (const key in item) {
    if (!KNOWN_ITEM_PROPS.has(key) && !KEY_MATERIAL.test(key)) {
      extra ??= {};
      extra[key] = item[key];
    }
  }
  return extra;
}

/** Most items have no tags: they share one empty list. */
const NO_TAGS: readonly string[] = Object.freeze([]);

/** A random 32-bit basis for hashing ids, drawn per load. */
function randomSeed(): number {
  const bytes = randomBytes(4);
  return (bytes[0]! | (bytes[1]! << 8) | (bytes[2]! << 16) | (bytes[3]! << 24)) | 0;
}

/** Where items sit: one per folder, shared by the entries of its items. */
interface Placement {
  readonly path: readonly string[];
  readonly datastore: string;
  readonly datastoreId: string | null;
  readonly shareId: string | null;
}

/**
 * An entry as a view over the item it came from: the entry pass only checks each item and takes
 * its key, and every other field is read from the item when asked. Copying a dozen fields into a
 * new object per item was most of the entry pass (and of the memory young collections copied
 * right after it). The item's key material is taken out of it (`secret_key`, `share_secret_key`)
 * so that only the wipeable slab holds a key; the item is held privately and never handed out.
 */
class StoredEntry implements VaultEntry {
  readonly #item: Json;
  readonly #placement: Placement;
  readonly #keys: ItemKeys;
  readonly #slot: number;
  #urlHost: string | null | undefined = undefined;
  #tags: readonly string[] | undefined = undefined;

  constructor(
    readonly id: string,
    item: Json,
    placement: Placement,
    keys: ItemKeys,
    slot: number,
  ) {
    this.#item = item;
    this.#placement = placement;
    this.#keys = keys;
    this.#slot = slot;
  }

  get secretId(): string {
    return this.#item['secret_id'] as string;
  }
  get secretKey(): SecretBytes {
    return this.#keys.key(this.#slot);
  }
  get type(): string {
    return text(this.#item['type']) ?? '';
  }
  get kind(): ItemKind {
    return itemKind(this.type);
  }
  get title(): string {
    return text(this.#item['name']) ?? '';
  }
  get path(): readonly string[] {
    return this.#placement.path;
  }
  get datastore(): string {
    return this.#placement.datastore;
  }
  get datastoreId(): string | null {
    return this.#placement.datastoreId;
  }
  get shareId(): string | null {
    const own = this.#item['share_id'];
    return typeof own === 'string' ? own : this.#placement.shareId;
  }
  get urlFilter(): string | null {
    return text(this.#item['urlfilter']);
  }
  get urlHost(): string | null {
    if (this.#urlHost === undefined) {
      this.#urlHost = urlHostOf(this.urlFilter);
    }
    return this.#urlHost;
  }
  get description(): string {
    return text(this.#item['description']) ?? '';
  }
  get tags(): readonly string[] {
    if (this.#tags === undefined) {
      const raw = this.#item['tags'];
      this.#tags = Array.isArray(raw) && raw.length > 0 ? Object.freeze(raw.map(text).filter((tag): tag is string => tag !== null)) : NO_TAGS;
    }
    return this.#tags;
  }
  get extra(): Readonly<Record<string, unknown>> | null {
    return extraOf(this.#item);
  }
}

/** Flattens mounted trees into entries; first occurrence of an item id wins. */
function buildEntries(roots: readonly DatastoreRoot[], collector: Collector, keys: ItemKeys): { entries: VaultEntry[]; counts: IndexCounts } {
  const entries: VaultEntry[] = [];
  // The entry ids met so far. A `Set` of 10k ids was ~45 % of this pass once entries became views.
  // The hash is seeded at random per load, so ids written to collide (a share from another user)
  // cannot make the lookups quadratic.
  const seen = new StringTable();
  const seed = randomSeed();
  const counts: IndexCounts = { deleted: 0, files: 0, duplicates: 0, invalid: 0 };
  interface Frame {
    readonly node: Json;
    readonly placement: Placement;
    readonly ancestors: ReadonlySet<Json>;
  }

  for (const root of roots) {
    const rootPlacement: Placement = { path: [], datastore: root.description, datastoreId: root.id, shareId: null };
    const stack: Frame[] = [{ node: root.content, placement: rootPlacement, ancestors: new Set() }];
    while (stack.length > 0) {
      const { node, placement, ancestors } = stack.pop()!;
      for (const item of arrayOf(node['items'])) {
        if (item['deleted'] === true) {
          counts.deleted++;
          continue;
        }
        if (text(item['type']) === 'file') {
          counts.files++;
          continue;
        }
        const id = item['id'];
        const secretId = item['secret_id'];
        const secretKeyHex = item['secret_key'];
        if (!isUuid(secretId) || typeof secretKeyHex !== 'string') {
          // Unreadable item shares stay stubs without secret_id; nothing to copy.
          counts.invalid++;
          continue;
        }
        const entryId = typeof id === 'string' && id !== '' ? id : secretId;
        const idHash = fnv1a(entryId, 0, entryId.length, seed);
        const found = seen.find(entryId, 0, entryId.length, idHash);
        if (found >= 0) {
          counts.duplicates++;
          continue;
        }
        const slot = keys.add(secretKeyHex);
        if (slot < 0) {
          counts.invalid++;
          collector.warn('item-invalid', entryId, `Entry ${entryId} has a malformed secret key; skipped.`);
          continue;
        }
        seen.add(entryId, 0, entryId.length, idHash, found);
        // The slab holds the key now; the item (kept as the entry's source) must not. Still a
        // string, so that this very item met again under a second mount counts as a duplicate.
        item['secret_key'] = '';
        if (item['share_secret_key'] !== undefined) {
          item['share_secret_key'] = undefined;
        }
        entries.push(new StoredEntry(entryId, item, placement, keys, slot));
      }
      // Push folders in reverse so they are visited in stored order.
      const folders = arrayOf(node['folders']);
      for (let i = folders.length - 1; i >= 0; i--) {
        const folder = folders[i]!;
        if (folder['deleted'] === true) {
          counts.deleted++;
          continue;
        }
        if (ancestors.has(folder)) {
          continue;
        }
        const childAncestors = new Set(ancestors).add(folder);
        const folderPlacement: Placement = {
          path: Object.freeze([...placement.path, text(folder['name']) ?? '']),
          datastore: placement.datastore,
          datastoreId: placement.datastoreId,
          shareId: typeof folder['share_id'] === 'string' ? folder['share_id'] : placement.shareId,
        };
        stack.push({ node: folder, placement: folderPlacement, ancestors: childAncestors });
      }
    }
  }
  return { entries, counts };
}

/** Reads a secret with the session (GET /secret/<id>/, opened with the item key). */
export function sessionSecretReader(source: VaultSource): SecretReader {
  return async (entry) => {
    if (entry.secretKey === null) {
      throw new PsonoError('not-found', { detail: '(no secret key)' });
    }
    const response = await source.get(`/secret/${entry.secretId}/`);
    if (!isRecord(response) || typeof response['data'] !== 'string' || typeof response['data_nonce'] !== 'string') {
      throw new PsonoError('malformed-response', { detail: '(secret)' });
    }
    const content = openJson(response['data'], response['data_nonce'], entry.secretKey, 'secret');
    if (!isRecord(content)) {
      throw new PsonoError('malformed-response', { detail: '(secret is not an object)' });
    }
    return content;
  };
}

/** Unlock → searchable index for an unrestricted key (spec §6.1–6.3, §7). */
export async function loadVault(source: VaultSource, options: LoadOptions = {}): Promise<Vault> {
  const clock = options.clock ?? defaultClock();
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const collector = new Collector(options.onWarning);
  const start = clock();

  const list = await source.get('/datastore/');
  const listed = isRecord(list) ? arrayOf(list['datastores']) : [];
  const passwordStores = listed
    .filter((store) => store['type'] === 'password' && isUuid(store['id']))
    .map((store, order) => ({ id: store['id'] as string, description: text(store['description']) ?? '', isDefault: store['is_default'] === true, order }))
    // Default first, then the server's order.
    .sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || a.order - b.order);
  const afterList = clock();

  const read = await mapBounded(passwordStores, concurrency, async (store) => {
    try {
      return await readDatastore(source, store.id, store.description);
    } catch (error) {
      if (isAccessDenied(error)) {
        collector.warn('datastore-unreadable', store.id, `Datastore ${store.id} is not readable; skipped.`);
        return null;
      }
      throw error;
    }
  });
  const roots = read.filter((root): root is DatastoreRoot => root !== null);
  const afterDatastores = clock();

  const shareStats = await mountShares(source, roots, concurrency, collector);
  const afterShares = clock();
  const keys = new ItemKeys();
  const { entries, counts } = buildEntries(roots, collector, keys);
  const end = clock();

  const stats: VaultStats = {
    datastores: roots.length,
    sharesFetched: shareStats.fetched,
    sharesSkipped: shareStats.skipped,
    entries: entries.length,
    deletedSkipped: counts.deleted,
    filesSkipped: counts.files,
    duplicatesSkipped: counts.duplicates,
    invalidSkipped: counts.invalid,
    timings: { listMs: afterList - start, datastoresMs: afterDatastores - afterList, sharesMs: afterShares - afterDatastores, indexMs: end - afterShares, totalMs: end - start },
  };
  return new Vault(entries, collector.warnings, stats, sessionSecretReader(source), keys);
}

/**
 * Restricted keys (spec §6.7): the attached secrets are the index. Each is read once (session-less)
 * to learn its type and title; the decrypted content is cached for later copies.
 */
export async function loadRestrictedVault(source: RestrictedSource, options: LoadOptions = {}): Promise<Vault> {
  const clock = options.clock ?? defaultClock();
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const collector = new Collector(options.onWarning);
  const start = clock();
  const ids = [...new Set(await source.secretIds())].filter(isUuid);
  const afterList = clock();

  const read = await mapBounded(ids, concurrency, async (secretId) => {
    try {
      return { secretId, secret: await source.readSecret(secretId) };
    } catch (error) {
      if (isAccessDenied(error)) {
        collector.warn('secret-unreadable', secretId, `Secret ${secretId} is attached to the key but not readable; skipped.`);
        return null;
      }
      throw error;
    }
  });
  const afterSecrets = clock();

  const entries: VaultEntry[] = [];
  const cached = new Map<string, Json>();
  for (const result of read) {
    if (result === null) {
      continue;
    }
    const { secretId, secret } = result;
    const type = inferItemType(secret) ?? 'unknown';
    const urlFilter = text(secret[`${type}_url_filter`]) ?? urlHostOf(text(secret[`${type}_url`]));
    const tags = Array.isArray(secret['tags']) ? secret['tags'].map(text).filter((tag): tag is string => tag !== null) : [];
    const description = text(secret[`${type}_username`]) ?? text(secret[`${type}_email`]) ?? '';
    entries.push({
      id: secretId,
      secretId,
      secretKey: null,
      type,
      kind: itemKind(type),
      title: secretTitle(secret, type) ?? '',
      path: [],
      datastore: '',
      datastoreId: null,
      shareId: null,
      urlFilter,
      urlHost: urlHostOf(urlFilter),
      description,
      tags,
      extra: null,
    });
    cached.set(secretId, secret);
  }
  const end = clock();
  const stats: VaultStats = {
    datastores: 0,
    sharesFetched: 0,
    sharesSkipped: 0,
    entries: entries.length,
    deletedSkipped: 0,
    filesSkipped: 0,
    duplicatesSkipped: 0,
    invalidSkipped: ids.length - entries.length,
    timings: { listMs: afterList - start, datastoresMs: 0, sharesMs: afterSecrets - afterList, indexMs: end - afterSecrets, totalMs: end - start },
  };
  const vault = new Vault(entries, collector.warnings, stats, (entry) => source.readSecret(entry.secretId));
  for (const [secretId, secret] of cached) {
    vault.primeSecret(secretId, secret);
  }
  return vault;
}

/** What `SessionlessApi` offers (structurally): the key's attached secrets and one decrypted secret. */
export interface SessionlessReader {
  inspect(): Promise<{ readonly secrets: ReadonlyArray<{ readonly secretId: string }> }>;
  readSecret(secretId: string): Promise<unknown>;
}

/**
 * Adapts session-less API-key access (spec §6.7) to the restricted vault's source. `inspected`: an
 * inspection just made (the one that showed the key restricted), used for the first listing
 * instead of asking again.
 */
export function restrictedSource(api: SessionlessReader, inspected?: { readonly secrets: ReadonlyArray<{ readonly secretId: string }> }): RestrictedSource {
  let first = inspected;
  return {
    secretIds: async () => {
      const inspection = first ?? (await api.inspect());
      first = undefined;
      return inspection.secrets.map((secret) => secret.secretId);
    },
    readSecret: async (secretId) => {
      const secret = await api.readSecret(secretId);
      if (!isRecord(secret)) {
        throw new PsonoError('malformed-response', { detail: '(secret is not an object)' });
      }
      return secret;
    },
  };
}
