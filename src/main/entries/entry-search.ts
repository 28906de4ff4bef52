/**
 * Search over the open vault: one index per vault session, built (or taken over from the unlock)
 * once, and the rows the renderer shows.
 */
import { browse, buildSearchIndex, search, type SearchIndex } from '../../core/search';
import type { EntrySummary, SearchResult } from '../../shared/ipc/dto';
import type { IndexedEntry, VaultSession } from '../vault/vault-service';

/** How many entries an empty query lists: one page, so listing is never a way to read the whole vault's metadata at once. */
export const BROWSE_LIMIT = 50;

/** A result row: the entry's metadata, whether it is a favourite, and where the query hit its title and username. */
export function summarize(
  entry: IndexedEntry,
  favourite: boolean,
  titleMatches: EntrySummary['titleMatches'] = [],
  descriptionMatches: EntrySummary['descriptionMatches'] = [],
): EntrySummary {
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
    descriptionMatches,
    actions: entry.actions,
    canOpenUrl: entry.canOpenUrl,
  };
}

export class EntrySearch {
  #indexes = new WeakMap<VaultSession, SearchIndex<IndexedEntry>>();

  constructor(
    private readonly favourites: () => readonly string[],
    /** 0 for an entry never used (UsageStore.frecency). */
    private readonly frecency: (id: string) => number = () => 0,
  ) {}

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

  /**
   * An empty query lists favourites, recently used, then A–Z, at most BROWSE_LIMIT of them
   * whatever `limit` asks; a query ranks matches, equal ones by frecency.
   */
  run(vault: VaultSession, query: string, limit: number): SearchResult {
    const index = this.indexFor(vault);
    const favourites = new Set(this.favourites());
    const frecency = (entry: IndexedEntry): number => this.frecency(entry.id);
    const results =
      query.trim() === ''
        ? browse(index, { limit: Math.min(limit, BROWSE_LIMIT), favourite: (entry) => favourites.has(entry.id), frecency })
        : search(index, query, { limit, frecency });
    return {
      query,
      entries: results.hits.map((hit) => summarize(hit.entry, favourites.has(hit.entry.id), hit.titleRanges, hit.descriptionRanges)),
      total: results.total,
    };
  }
}
