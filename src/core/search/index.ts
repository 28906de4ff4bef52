export { buildSearchIndex, queryWords, search, withinOneEdit, type MatchRange, type Searchable, type SearchHit, type SearchIndex, type SearchOptions, type SearchResults } from './search';
export { normalize } from './normalize';
