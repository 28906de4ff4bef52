export { buildSearchIndex, type Searchable, type SearchIndex } from './build';
export { withinOneEdit } from './match';
export { queryWords, search, type MatchRange, type SearchHit, type SearchOptions, type SearchResults } from './search';
export { normalize } from './normalize';
