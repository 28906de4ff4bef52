/**
 * What a datastore, share or secret answer must be (spec §6.2, §6.3, §6.5, §7.1): an answer that is not the one
 * asked for, or content that is not a Psono tree's root, is `malformed-response`, never an empty vault.
 */
import { keyFromHex, openJson, unwrapKey } from '../crypto';
import { PsonoError } from '../errors';
import type { SecretBytes } from '../sensitive';
import { isRecord, type DatastoreRoot } from './entries';
import type { VaultSource, VaultWarningKind } from './types';

type Json = Record<string, unknown>;

/** Ids from the server and from clients compare case-insensitively. */
function sameId(value: unknown, id: string): boolean {
  return typeof value === 'string' && value.toLowerCase() === id.toLowerCase();
}

/**
 * GET /datastore/<id>/ (spec §6.2), opened. The server always sends `data`, `data_nonce` and the
 * wrapped key (`data` is "" for a datastore never written); clients usually write the datastore's own
 * id into its content (`datastore_id`, §7.1). An answer that is not the password datastore asked for
 * (empty, another datastore's, not an object) is `malformed-response`, never an empty vault.
 */
export async function readDatastore(source: VaultSource, id: string, description: string): Promise<DatastoreRoot> {
  const response = await source.get(`/datastore/${id}/`);
  const malformed = (what: string): PsonoError => new PsonoError('malformed-response', { detail: `(datastore ${id}: ${what})` });
  if (!isRecord(response)) {
    throw malformed('the answer is not an object');
  }
  const { data, data_nonce: nonce, secret_key: wrappedKey, secret_key_nonce: wrappedKeyNonce } = response;
  if (typeof data !== 'string' || typeof nonce !== 'string' || typeof wrappedKey !== 'string' || typeof wrappedKeyNonce !== 'string') {
    throw malformed('fields missing');
  }
  if (response['type'] !== undefined && response['type'] !== 'password') {
    throw malformed('not a password datastore');
  }
  if (data === '') {
    return { id, description, content: {} };
  }
  const datastoreKey = unwrapKey(wrappedKey, wrappedKeyNonce, source.userSecretKey(), 'datastore key');
  let content: unknown;
  try {
    content = openJson(data, nonce, datastoreKey, 'datastore');
  } finally {
    datastoreKey.wipe();
  }
  if (!isRecord(content)) {
    throw malformed('the content is not an object');
  }
  // Spec §7.1: `datastore_id` is usually present, not always; only one that names another datastore is refused.
  if (content['datastore_id'] !== undefined && !sameId(content['datastore_id'], id)) {
    throw malformed('the content is another datastore');
  }
  return { id, description, content };
}

export type ShareResult =
  | { readonly ok: true; readonly content: Json }
  | { readonly ok: false; readonly warning?: { readonly kind: VaultWarningKind; readonly message: string } };

/**
 * Opens a share answer (spec §6.3) with the first of `keys` that fits. A key that does not fit is a
 * warning (the parent may hold a stale key); an answer that is not this share (another id, fields
 * missing) or content that is not a share (not an object) is `malformed-response`.
 */
export function openShareAnswer(response: unknown, shareId: string, keys: readonly string[]): ShareResult {
  const malformed = (what: string): PsonoError => new PsonoError('malformed-response', { detail: `(share ${shareId}: ${what})` });
  if (!isRecord(response)) {
    throw malformed('the answer is not an object');
  }
  if (!sameId(response['id'], shareId)) {
    throw malformed(response['id'] === undefined ? 'the answer names no id' : 'the answer is another share');
  }
  const data = response['data'];
  const nonce = response['data_nonce'];
  if (typeof data !== 'string' || typeof nonce !== 'string') {
    throw malformed('fields missing');
  }
  if (data === '') {
    return { ok: false, warning: { kind: 'share-undecryptable', message: `Share ${shareId} has no readable content; skipped.` } };
  }
  for (const keyHex of keys) {
    let key: SecretBytes | null = null;
    let content: unknown;
    try {
      key = keyFromHex(keyHex, 'share key');
      content = openJson(data, nonce, key, 'share');
    } catch (error) {
      if (!(error instanceof PsonoError) || error.kind === 'malformed-response') {
        throw error;
      }
      continue;
    } finally {
      key?.wipe();
    }
    if (!isRecord(content)) {
      throw malformed('the content is not an object');
    }
    return { ok: true, content };
  }
  return { ok: false, warning: { kind: 'share-undecryptable', message: `Share ${shareId} could not be decrypted with its share key; skipped.` } };
}

/** GET /secret/<id>/ (spec §6.5), opened with the item's key. */
export function openSecretAnswer(response: unknown, key: SecretBytes): Json {
  if (!isRecord(response) || typeof response['data'] !== 'string' || typeof response['data_nonce'] !== 'string') {
    throw new PsonoError('malformed-response', { detail: '(secret)' });
  }
  const content = openJson(response['data'], response['data_nonce'], key, 'secret');
  if (!isRecord(content)) {
    throw new PsonoError('malformed-response', { detail: '(secret is not an object)' });
  }
  return content;
}
