/**
 * Search over the open vault: one index per vault session, built (or taken over from the unlock)
 * once, and the rows the renderer shows.
 */
import { buildSearchIndex, search, type SearchIndex } from '../../core/search';
import type { EntrySummary, SearchResult } from '../../shared/ipc/dto';
import type { IndexedEntry, VaultSession } from '../vault/vault-service';

/** A result row: the entry's metadata, whether it is a favourite, and where the query hit its title. */
export function summarize(entry: IndexedEntry, favourite: boolean, titleMatches: EntrySummary['titleMatches'] = []): EntrySummary {
  return {
    id: entry.id,
    type: entry.kind,
    rawType: entry.type,
    title: entry.title,
    path: entry.path,
    urlHost: entry.urlHost,
    description: entry.description,
    datastore: entry.datastore,
    favourite,
    titleMatches,
    actions: entry.actions,
    canOpenUrl: entry.canOpenUrl,
  };
}

export class EntrySearch {
  #indexes = new WeakMap<VaultSession, SearchIndex<IndexedEntry>>();

  constructor(private readonly favourites: () => readonly string[]) {}

  /** The vault's index, built on first use; unlocking calls it so the first keystroke does not pay. */
  indexFor(vault: VaultSession): SearchIndex<IndexedEntry> {
    let index = this.#indexes.get(vault);
    if (!index) {
      index = vault.takeSearchIndex?.() ?? buildSearchIndex(vault.entries);
      this.#indexes.set(vault, index);
    }
    return index;
  }

  /** Drops every index (on lock). */
  clear(): void {
    this.#indexes = new WeakMap();
  }

  /** An empty query finds nothing (core's search): the whole vault is never one call away from the window. */
  run(vault: VaultSession, query: string, limit: number): SearchResult {
    const results = search(this.indexFor(vault), query, { limit });
    const favourites = new Set(this.favourites());
    return {
      query,
      entries: results.hits.map((hit) => summarize(hit.entry, favourites.has(hit.entry.id), hit.titleRanges)),
      total: results.total,
    };
  }
}
