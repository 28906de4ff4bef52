export { buildSearchIndex, type Searchable, type SearchIndex } from './build';
export { browse, type BrowseOptions } from './browse';
export { FRECENCY_HALF_LIFE_MS, frecencyScores, type Use } from './frecency';
export { withinOneEdit } from './match';
export { queryWords, search, type MatchRange, type SearchHit, type SearchOptions, type SearchResults } from './search';
export { normalize } from './normalize';
