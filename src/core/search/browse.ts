/**
 * What an empty query lists: favourites, then recently used entries, then the rest A–Z, at most
 * `limit` of them. Favourites and used entries are ordered by frecency, then A–Z.
 */
import type { Searchable, SearchIndex } from './build';
import type { SearchResults } from './search';

export interface BrowseOptions<T> {
  readonly limit: number;
  readonly favourite: (entry: T) => boolean;
  /** 0 for an entry never used (see frecency.ts). */
  readonly frecency: (entry: T) => number;
}

interface Ranked {
  readonly doc: number;
  readonly group: number;
  readonly frecency: number;
}

/** Group 0 favourites, 1 used, 2 the rest; within a group higher frecency, then title A–Z, then input order. */
export function browse<T extends Searchable>(index: SearchIndex<T>, options: BrowseOptions<T>): SearchResults<T> {
  const limit = Math.max(0, options.limit);
  const titles = index.titles;
  const before = (a: Ranked, b: Ranked): boolean => {
    if (a.group !== b.group) {
      return a.group < b.group;
    }
    if (a.frecency !== b.frecency) {
      return a.frecency > b.frecency;
    }
    const titleA = titles[a.doc]!;
    const titleB = titles[b.doc]!;
    return titleA !== titleB ? titleA < titleB : a.doc < b.doc;
  };
  // The best `limit` kept sorted by insertion: limit is a page, so this stays linear in the vault.
  const kept: Ranked[] = [];
  for (let doc = 0; doc < index.size; doc++) {
    const entry = index.entries[doc]!;
    const frecency = options.frecency(entry);
    const ranked = { doc, group: options.favourite(entry) ? 0 : frecency > 0 ? 1 : 2, frecency };
    if (kept.length === limit && (limit === 0 || !before(ranked, kept[limit - 1]!))) {
      continue;
    }
    let at = kept.length;
    while (at > 0 && before(ranked, kept[at - 1]!)) {
      at--;
    }
    kept.splice(at, 0, ranked);
    if (kept.length > limit) {
      kept.pop();
    }
  }
  return {
    hits: kept.map(({ doc }) => ({ entry: index.entries[doc]!, score: 0, titleRanges: [], descriptionRanges: [] })),
    total: index.size,
  };
}
