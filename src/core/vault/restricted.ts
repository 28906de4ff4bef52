/** Restricted API keys (spec §6.7): no datastore; the secrets attached to the key are the vault. */
import { PsonoError } from '../errors';
import { isRecord, isUuid, tagsOf, text, urlHostOf, vaultEntry } from './entries';
import { inferItemType, secretTitle } from './item-types';
import { Collector, DEFAULT_CONCURRENCY, defaultClock, isAccessDenied, mapBounded } from './loader';
import type { LoadOptions, RestrictedSource, VaultEntry, VaultStats } from './types';
import { Vault } from './vault';

type Json = Record<string, unknown>;

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
    entries.push(
      vaultEntry({
        id: secretId,
        secretId,
        type,
        title: secretTitle(secret, type) ?? '',
        path: [],
        datastore: '',
        datastoreId: null,
        shareId: null,
        urlFilter,
        description: text(secret[`${type}_username`]) ?? text(secret[`${type}_email`]) ?? '',
        tags: tagsOf(secret['tags']),
      }),
    );
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
