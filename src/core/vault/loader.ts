/**
 * Reads every password datastore and mounts its shares (spec §6.1–6.3, §7), then flattens the
 * tree into entries. Shares are mounted breadth-first, one depth at a time; they are fetched in
 * parallel with a bound, each once, and a share's nested shares are requested as soon as it is
 * open. Unreadable shares become warnings, not failures.
 */
import { PsonoError } from '../errors';
import { openSecretAnswer, openShareAnswer, readDatastore, type ShareResult } from './answers';
import { arrayOf, buildEntries, isRecord, isUuid, MAX_FOLDER_DEPTH, type DatastoreRoot } from './entries';
import type { LoadOptions, VaultSource, VaultStats, VaultWarning, VaultWarningKind } from './types';
import { Vault, type SecretReader } from './vault';

type Json = Record<string, unknown>;

export const DEFAULT_CONCURRENCY = 8;

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

export function defaultClock(): () => number {
  const performanceNow = (globalThis as { performance?: { now(): number } }).performance;
  return performanceNow ? () => performanceNow.now() : () => Date.now();
}

export class Collector {
  readonly warnings: VaultWarning[] = [];
  constructor(private readonly onWarning: ((warning: VaultWarning) => void) | undefined) {}

  warn(kind: VaultWarningKind, id: string | null, message: string, name?: string | null): void {
    const warning = name === undefined ? { kind, id, message } : { kind, id, message, name };
    this.warnings.push(warning);
    this.onWarning?.(warning);
  }
}

interface ResolvedMount {
  readonly owner: Json;
  readonly stack: readonly string[];
}

/** A container's folders or items by id (the first of an id wins), and the list it was built from. */
type ChildIndex = WeakMap<Json, { readonly list: unknown; readonly byId: Map<unknown, Json> }>;

function childById(index: ChildIndex, container: Json, field: 'folders' | 'items', id: unknown): Json | undefined {
  const list = container[field];
  let built = index.get(container);
  // Rebuilt when the list changed: merging a share into a node replaces the node's lists.
  if (built === undefined || built.list !== list) {
    const byId = new Map<unknown, Json>();
    for (const child of arrayOf(list)) {
      if (!byId.has(child['id'])) {
        byId.set(child['id'], child);
      }
    }
    built = { list, byId };
    index.set(container, built);
  }
  return built.byId.get(id);
}

/** Per container, its folder index and its item index; one per load. */
interface PathIndex {
  readonly folders: ChildIndex;
  readonly items: ChildIndex;
}

/**
 * §7.5: from the owner, every path element but the last selects a folder by id; the last selects a
 * folder, or failing that an item. Returns null if not found or if anything on the way is deleted
 * (the share would only feed the trash, so it is not fetched for that path). Each container's
 * children are indexed once, so resolving many paths costs what the paths and lists hold.
 */
function resolvePath(index: PathIndex, owner: Json, path: unknown): Json | null {
  // A longer path ends below the depth cap, where the entry pass would skip the node anyway.
  if (!Array.isArray(path) || path.length === 0 || path.length > MAX_FOLDER_DEPTH) {
    return null;
  }
  let current = owner;
  for (let i = 0; i < path.length; i++) {
    const id: unknown = path[i];
    const last = i === path.length - 1;
    let next = childById(index.folders, current, 'folders', id);
    if (!next && last) {
      next = childById(index.items, current, 'items', id);
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

/**
 * What mounting share `shareId` at `owner` (listed in its share_index as `rawEntry`) needs: the
 * nodes its paths resolve to and the keys to try; 'no-nodes' when no path resolves (nothing to
 * mount), 'no-key' when neither the index entry nor a mount point holds a key.
 */
function shareRequest(index: PathIndex, owner: Json, shareId: string, rawEntry: Json, stack: readonly string[]): ShareRequest | 'no-nodes' | 'no-key' {
  const paths = Array.isArray(rawEntry['paths']) ? rawEntry['paths'] : [];
  const nodes = paths.map((path) => resolvePath(index, owner, path)).filter((node): node is Json => node !== null);
  if (nodes.length === 0) {
    return 'no-nodes';
  }
  const keys = [rawEntry['secret_key'], ...nodes.map((node) => node['share_secret_key'])].filter(
    (key, i, all): key is string => typeof key === 'string' && key !== '' && all.indexOf(key) === i,
  );
  return keys.length === 0 ? 'no-key' : { shareId, keys, nodes, stack };
}

/** The name of the first node that mounts the share (a folder or item name in its parent), or null. */
function mountName(request: ShareRequest): string | null {
  const name = request.nodes.map((node) => node['name']).find((value): value is string => typeof value === 'string' && value !== '');
  return name ?? null;
}

/** A share listed in a share_index, and whether it can be mounted from there. */
type ListedShare = { readonly shareId: string; readonly request: ShareRequest | 'cycle' | 'no-key' };

/**
 * The shares `owner`'s share_index lists (valid ids and entries only) that resolve to a node: each
 * with its request, or 'cycle' if it is already on `stack`, or 'no-key'.
 */
function listedShares(paths: PathIndex, owner: Json, stack: readonly string[]): ListedShare[] {
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
    const request = shareRequest(paths, owner, shareId, rawEntry, stack);
    if (request !== 'no-nodes') {
      listed.push({ shareId, request });
    }
  }
  return listed;
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
    private readonly paths: PathIndex,
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
    // The mount stops at the depth cap; so does fetching ahead.
    if (this.#stopped || stack.length >= MAX_FOLDER_DEPTH) {
      return;
    }
    for (const { shareId, request } of listedShares(this.paths, owner, stack)) {
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
  const paths: PathIndex = { folders: new WeakMap(), items: new WeakMap() };
  const fetcher = new ShareFetcher(source, concurrency, paths);
  let level: ResolvedMount[] = roots.map((root) => ({ owner: root.content, stack: [] }));

  try {
    // Each level mounts one folder deeper at least: past the cap, the entry pass skips what it mounts.
    for (let depth = 0; level.length > 0 && depth < MAX_FOLDER_DEPTH; depth++) {
      const requests: ShareRequest[] = [];
      for (const { owner, stack } of level) {
        for (const { shareId, request } of listedShares(paths, owner, stack)) {
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
            collector.warn(result.warning.kind, request.shareId, result.warning.message, mountName(request));
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

/** Reads a secret with the session (GET /secret/<id>/, opened with the item key). */
export function sessionSecretReader(source: VaultSource): SecretReader {
  return async (entry, key) => {
    if (key === undefined) {
      throw new PsonoError('not-found', { detail: '(no secret key)' });
    }
    return openSecretAnswer(await source.get(`/secret/${entry.secretId}/`), key);
  };
}

/** Unlock → searchable index for an unrestricted key (spec §6.1–6.3, §7). */
export async function loadVault(source: VaultSource, options: LoadOptions = {}): Promise<Vault> {
  const clock = options.clock ?? defaultClock();
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const collector = new Collector(options.onWarning);
  const start = clock();

  const list = await source.get('/datastore/');
  // The server always answers {"datastores": [...]}; an empty list is a user without datastores.
  if (!isRecord(list) || !Array.isArray(list['datastores'])) {
    throw new PsonoError('malformed-response', { detail: '(the datastore list is not a list)' });
  }
  const listed = list['datastores'] as unknown[];
  // Other types (user, settings) are skipped on purpose; an entry the server cannot have meant is
  // said (a password datastore without a text description is still read, under the name '').
  const malformed = listed.filter((store) => !isRecord(store) || typeof store['type'] !== 'string'
    || (store['type'] === 'password' && (!isUuid(store['id']) || typeof store['description'] !== 'string')));
  if (malformed.length > 0) {
    collector.warn('datastore-invalid', null, `The server's datastore list has ${malformed.length} malformed ${malformed.length === 1 ? 'entry' : 'entries'}.`);
  }
  const passwordStores = arrayOf(listed)
    .filter((store) => store['type'] === 'password' && isUuid(store['id']))
    .map((store, order) => ({ id: store['id'] as string, description: typeof store['description'] === 'string' ? store['description'] : '', isDefault: store['is_default'] === true, order }))
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
  const { entries, keys, counts } = buildEntries(roots, (kind, id, message) => collector.warn(kind, id, message));
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

