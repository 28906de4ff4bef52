/**
 * The entry pass: flattens the mounted datastore trees into plain, frozen entries, and takes each
 * item's key into the vault's key map.
 */
import { keyFromHex } from '../crypto';
import { PsonoError } from '../errors';
import type { SecretBytes } from '../sensitive';
import { coerceText } from './field-text';
import { itemKind, typeActions } from './item-types';
import type { VaultEntry } from './types';

type Json = Record<string, unknown>;

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function arrayOf(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

/** A non-empty text value, or null. */
export function text(value: unknown): string | null {
  const coerced = coerceText(value);
  return coerced === null || coerced === '' ? null : coerced;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** 8-4-4-4-12 hex digits, either case. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && value.length === 36 && UUID.test(value);
}

/**
 * The first filter (filters are separated by whitespace, commas and semicolons), without a leading
 * `scheme://`, up to a path, query or fragment.
 */
const FIRST_HOST = /^[\s,;]*(?:[a-z][a-z0-9+.-]*:\/\/)?([^\s,;#/?]*)/i;

/** First domain of a url filter: `mail.example.com`, `rp.example#credential` → `rp.example`. */
export function urlHostOf(urlFilter: string | null): string | null {
  const host = urlFilter === null ? '' : FIRST_HOST.exec(urlFilter)![1]!;
  return host === '' ? null : host.toLowerCase();
}

/** Types whose URL field is a web link the user may open. */
const URL_TYPES = new Set(['website_password', 'bookmark']);

/** What an entry is made of; kind, urlHost, actions and canOpenUrl follow from it. */
export type EntryFields = Omit<VaultEntry, 'kind' | 'urlHost' | 'actions' | 'canOpenUrl'>;

export function vaultEntry(fields: EntryFields): VaultEntry {
  const kind = itemKind(fields.type);
  const urlHost = urlHostOf(fields.urlFilter);
  return Object.freeze({
    id: fields.id,
    secretId: fields.secretId,
    type: fields.type,
    kind,
    title: fields.title,
    path: fields.path,
    datastore: fields.datastore,
    datastoreId: fields.datastoreId,
    shareId: fields.shareId,
    urlFilter: fields.urlFilter,
    urlHost,
    description: fields.description,
    tags: fields.tags,
    actions: typeActions(kind),
    canOpenUrl: URL_TYPES.has(kind) || (kind === 'unknown' && urlHost !== null),
  });
}

/** Most items have no tags (and a datastore root no path): they share one empty list. */
const EMPTY: readonly string[] = Object.freeze([]);

export function tagsOf(value: unknown): readonly string[] {
  return Array.isArray(value) && value.length > 0 ? Object.freeze(value.map(text).filter((tag): tag is string => tag !== null)) : EMPTY;
}

export interface DatastoreRoot {
  readonly id: string;
  readonly description: string;
  readonly content: Json;
}

interface EntryCounts {
  deleted: number;
  files: number;
  duplicates: number;
  invalid: number;
}

/** Where a folder's items sit: shared by the entries of its items. */
interface Place {
  readonly path: readonly string[];
  readonly datastore: string;
  readonly datastoreId: string;
  readonly shareId: string | null;
}

interface BuiltEntries {
  readonly entries: VaultEntry[];
  /** Entry id → item key. */
  readonly keys: Map<string, SecretBytes>;
  readonly counts: EntryCounts;
}

/**
 * Folders nested deeper than this (share mounts count as folders) are skipped with a warning. Real
 * vaults stay within a few dozen levels; the cap bounds the work a hostile share can cause and the
 * length of every entry path.
 */
export const MAX_FOLDER_DEPTH = 256;

export type EntryWarn = (kind: 'item-invalid' | 'folder-too-deep', id: string | null, message: string) => void;

/** The container's `folders` or `items`: absent (or null) is empty; anything but a list of objects with ids is not a Psono tree. */
function children(node: Json, field: 'folders' | 'items', place: Place): readonly Json[] {
  const value = node[field];
  if (value === undefined || value === null) {
    return EMPTY_NODES;
  }
  if (!Array.isArray(value)) {
    throw malformedTree(place, `${field} is not a list`);
  }
  for (const child of value) {
    if (!isRecord(child) || typeof child['id'] !== 'string' || child['id'] === '') {
      throw malformedTree(place, `an entry of ${field} has no id`);
    }
  }
  return value as Json[];
}

const EMPTY_NODES: readonly Json[] = Object.freeze([]);

function malformedTree(place: Place, what: string): PsonoError {
  const where = place.shareId === null ? `datastore ${place.datastoreId}` : `share ${place.shareId}`;
  return new PsonoError('malformed-response', { detail: `(${where}: ${what})` });
}

/**
 * Flattens mounted trees into entries, depth first in stored order; the first occurrence of an item
 * id wins. Throws `malformed-response` for a tree that is not a Psono tree (see `children`).
 */
export function buildEntries(roots: readonly DatastoreRoot[], warn: EntryWarn): BuiltEntries {
  const entries: VaultEntry[] = [];
  const keys = new Map<string, SecretBytes>();
  const counts: EntryCounts = { deleted: 0, files: 0, duplicates: 0, invalid: 0 };

  const addItem = (item: Json, place: Place): void => {
    if (item['deleted'] === true) {
      counts.deleted++;
      return;
    }
    const type = text(item['type']) ?? '';
    if (type === 'file') {
      counts.files++;
      return;
    }
    const secretId = item['secret_id'];
    const secretKeyHex = item['secret_key'];
    if (!isUuid(secretId) || typeof secretKeyHex !== 'string') {
      // Unreadable item shares stay stubs without secret_id; nothing to copy.
      counts.invalid++;
      return;
    }
    const id = item['id'] as string;
    if (keys.has(id)) {
      counts.duplicates++;
      return;
    }
    let key: SecretBytes;
    try {
      key = keyFromHex(secretKeyHex, 'item key');
    } catch {
      counts.invalid++;
      warn('item-invalid', id, `Entry ${id} has a malformed secret key; skipped.`);
      return;
    }
    keys.set(id, key);
    const ownShare = item['share_id'];
    entries.push(
      vaultEntry({
        id,
        secretId,
        type,
        title: text(item['name']) ?? '',
        path: place.path,
        datastore: place.datastore,
        datastoreId: place.datastoreId,
        shareId: typeof ownShare === 'string' ? ownShare : place.shareId,
        urlFilter: text(item['urlfilter']),
        description: text(item['description']) ?? '',
        tags: tagsOf(item['tags']),
      }),
    );
  };

  // Where the cap cut a tree, once per share (or datastore).
  const cut = new Set<string>();
  // A folder object reached again (a share mounted at several paths shares its subfolders) is not
  // walked again: its items are listed already. This also makes a cycle impossible to follow.
  const visited = new Set<Json>();
  // A stack, not recursion: folders nest as deep as the shares of other users make them. Each
  // folder costs one visit plus the copy of its path, which the cap bounds.
  const stack: Array<{ node: Json; place: Place }> = roots
    .map((root) => ({ node: root.content, place: { path: EMPTY, datastore: root.description, datastoreId: root.id, shareId: null } }))
    .reverse();
  while (stack.length > 0) {
    const { node, place } = stack.pop()!;
    for (const item of children(node, 'items', place)) {
      addItem(item, place);
    }
    const folders = children(node, 'folders', place);
    // Pushed in reverse so that folders are visited in stored order.
    for (let i = folders.length - 1; i >= 0; i--) {
      const folder = folders[i]!;
      if (folder['deleted'] === true) {
        counts.deleted++;
        continue;
      }
      if (visited.has(folder)) {
        continue;
      }
      visited.add(folder);
      const shareId = typeof folder['share_id'] === 'string' ? folder['share_id'] : place.shareId;
      if (place.path.length >= MAX_FOLDER_DEPTH) {
        const where = shareId ?? place.datastoreId;
        if (!cut.has(where)) {
          cut.add(where);
          const container = shareId === null ? `Datastore ${where}` : `Share ${where}`;
          warn('folder-too-deep', where, `${container} nests folders deeper than ${MAX_FOLDER_DEPTH} levels; the deeper folders were skipped.`);
        }
        continue;
      }
      const path = Object.freeze([...place.path, text(folder['name']) ?? '']);
      stack.push({ node: folder, place: { ...place, path, shareId } });
    }
  }
  return { entries, keys, counts };
}
