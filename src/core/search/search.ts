/**
 * Ranked search over vault metadata, built for "every keystroke" latency: all normalisation is
 * done once per index build; a query scans precomputed lowercase haystacks with indexOf, does
 * typo-tolerant matching once per distinct word of the vocabulary (not per entry), and keeps
 * only the top K hits in a heap instead of sorting every match.
 *
 * Ranking, per query word: the best (match class, field) over the entry's fields, where
 * class exact > prefix > substring > fuzzy, and field title > path/url > description/tags.
 * An entry matches only if every query word matches (AND); its score is the sum.
 */
import { isWordAt, mapRange, normalize, normalizeWithMap, tokenize } from './normalize';

export interface Searchable {
  readonly title: string;
  readonly path: readonly string[];
  readonly urlHost: string | null;
  readonly urlFilter: string | null;
  readonly description: string;
  readonly tags: readonly string[];
}

export type MatchRange = readonly [number, number];

export interface SearchHit<T> {
  readonly entry: T;
  readonly score: number;
  /** Ranges [start, end) in `entry.title` to highlight, sorted and merged. */
  readonly titleRanges: readonly MatchRange[];
}

export interface SearchResults<T> {
  readonly hits: readonly SearchHit<T>[];
  /** How many entries matched in total (hits holds at most `limit`). */
  readonly total: number;
}

export interface SearchOptions {
  /** Maximum hits returned (default 50). */
  readonly limit?: number;
}

// Fields, in this order, in haystacks and postings: title, path, url, description, tags.
const FIELD_COUNT = 5;
const FIELD_WEIGHT = [3, 2, 2, 1, 1] as const;

const EXACT = 4;
const PREFIX = 3;
const SUBSTRING = 2;
const FUZZY = 1;
/** Typo tolerance (one edit) starts at this query-word length; shorter words would match too much. */
const MIN_FUZZY_LENGTH = 4;
/** Abbreviation matching on titles (subsequence) starts at this length. */
const MIN_SUBSEQUENCE_LENGTH = 3;
const MAX_QUERY_WORDS = 32;
/** Whole-title match of the whole query. */
const TITLE_EQUALS_QUERY_BONUS = 5;

/** Separates the fields inside one haystack; never part of normalised text or a word. */
const SEPARATOR = '\u0001';

interface Document<T> {
  readonly entry: T;
  /** All fields, normalised, in Field order, joined by SEPARATOR (for symbol queries and titles). */
  readonly haystack: string;
  /** Start offset of each field in the haystack (Field order). */
  readonly starts: readonly number[];
  readonly titleLength: number;
  /** Bit i set if letter a+i occurs in the title (bit 26: a digit): a quick "cannot be an abbreviation" test. */
  readonly titleLetters: number;
}

export interface SearchIndex<T> {
  readonly size: number;
  /** @internal */ readonly documents: readonly Document<T>[];
  /** @internal Distinct normalised words of all entries. */
  readonly vocabulary: readonly string[];
  /**
   * @internal Postings in compressed rows: word id's entries are postings[postingStarts[id] ..
   * postingStarts[id + 1]), each doc * 8 + field, one per (doc, field) holding the word.
   */
  readonly postingStarts: Uint32Array;
  /** @internal */ readonly postings: Uint32Array;
  /** @internal */ alphabetical: Uint32Array | null;
}

/**
 * Builds one search index. Folder paths and URLs repeat across entries: the builder works each out
 * once per build.
 */
class SearchIndexBuilder {
  readonly #vocabularyIds = new Map<string, number>();
  readonly #vocabulary: string[] = [];
  /** Entries of one folder share its path array: each folder path is worked out once. */
  readonly #paths = new Map<readonly string[], IndexedField>();
  /** Entries of one site share their URL text. */
  readonly #urls = new Map<string, IndexedField>();

  /**
   * Normalises every searchable field once and builds an inverted index from words to entries.
   * Query words are letter/digit runs, so any occurrence lies inside one indexed word: matching the
   * vocabulary once per query word finds every entry, exactly as scanning each entry would.
   */
  build<T extends Searchable>(entries: readonly T[]): SearchIndex<T> {
    // (word id, posting) pairs in one growing buffer, turned into compressed rows at the end:
    // far less garbage than an array per word.
    let pairs = new Uint32Array(1 << 16);
    let pairCount = 0;
    // lastPosting[id] = last doc*8+field listed for word id: dedupes without a Set per entry.
    let lastPosting = new Int32Array(1 << 12).fill(-1);
    const addPosting = (id: number, posting: number): void => {
      if (id >= lastPosting.length) {
        const grown = new Int32Array(Math.max(lastPosting.length * 2, id + 1)).fill(-1);
        grown.set(lastPosting);
        lastPosting = grown;
      }
      if (lastPosting[id] !== posting) {
        lastPosting[id] = posting;
        if (pairCount * 2 + 2 > pairs.length) {
          const grown = new Uint32Array(pairs.length * 2);
          grown.set(pairs);
          pairs = grown;
        }
        pairs[pairCount * 2] = id;
        pairs[pairCount * 2 + 1] = posting;
        pairCount++;
      }
    };
    const documents = new Array<Document<T>>(entries.length);
    for (let d = 0; d < entries.length; d++) {
      const entry = entries[d]!;
      const fields = this.#fields(entry);
      for (let field = 0; field < FIELD_COUNT; field++) {
        const ids = fields[field]!.ids;
        for (let w = 0; w < ids.length; w++) {
          addPosting(ids[w]!, d * 8 + field);
        }
      }
      documents[d] = documentOf(entry, fields);
    }
    const vocabulary = this.#vocabulary;
    // Counting sort of the pairs by word id; a word's postings stay in document order.
    const postingStarts = new Uint32Array(vocabulary.length + 1);
    for (let i = 0; i < pairCount; i++) {
      postingStarts[pairs[i * 2]! + 1]! += 1;
    }
    for (let id = 0; id < vocabulary.length; id++) {
      postingStarts[id + 1]! += postingStarts[id]!;
    }
    const postings = new Uint32Array(pairCount);
    const fill = postingStarts.slice(0, vocabulary.length);
    for (let i = 0; i < pairCount; i++) {
      const id = pairs[i * 2]!;
      postings[fill[id]!] = pairs[i * 2 + 1]!;
      fill[id]! += 1;
    }
    return { size: documents.length, documents, vocabulary, postingStarts, postings, alphabetical: null };
  }

  /**
   * The five searchable fields, normalised, with their words' ids, in Field order. Paths repeat
   * for every entry of a folder and URLs for every entry of a site: those are worked out once.
   */
  #fields(entry: Searchable): readonly IndexedField[] {
    let path = this.#paths.get(entry.path);
    if (path === undefined) {
      path = entry.path.length === 0 ? EMPTY_FIELD : this.#textField(entry.path.join(' / '));
      this.#paths.set(entry.path, path);
    }
    let url = EMPTY_FIELD;
    if (entry.urlHost !== null || entry.urlFilter !== null) {
      const raw = `${entry.urlHost ?? ''} ${entry.urlFilter ?? ''}`;
      url = this.#urls.get(raw) ?? EMPTY_FIELD;
      if (url === EMPTY_FIELD) {
        url = this.#textField(raw);
        this.#urls.set(raw, url);
      }
    }
    return [
      this.#textField(entry.title),
      path,
      url,
      entry.description === '' ? EMPTY_FIELD : this.#textField(entry.description),
      entry.tags.length === 0 ? EMPTY_FIELD : this.#textField(entry.tags.join(' ')),
    ];
  }

  /**
   * `raw` normalised, with the ids of its words. Plain ASCII (nearly every field) is lower-cased
   * and split in one pass, without the regexes and the word list: this runs for every field of
   * every entry at unlock. Same result as `tokenize(normalize(raw))`.
   */
  #textField(raw: string): IndexedField {
    if (!isPlainAscii(raw)) {
      const text = normalize(raw);
      const tokens = tokenize(text);
      return { text, ids: tokens.map((token) => this.#wordId(token)) };
    }
    const text = raw.toLowerCase();
    const ids: number[] = [];
    let wordStart = -1;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if ((code >= 97 && code <= 122) || (code >= 48 && code <= 57)) {
        if (wordStart < 0) {
          wordStart = i;
        }
      } else if (wordStart >= 0) {
        ids.push(this.#wordId(text.slice(wordStart, i)));
        wordStart = -1;
      }
    }
    if (wordStart >= 0) {
      ids.push(this.#wordId(wordStart === 0 ? text : text.slice(wordStart)));
    }
    return { text, ids };
  }

  #wordId(token: string): number {
    let id = this.#vocabularyIds.get(token);
    if (id === undefined) {
      id = this.#vocabulary.length;
      this.#vocabulary.push(token);
      this.#vocabularyIds.set(token, id);
    }
    return id;
  }
}

/** One searchable field: normalised text and the vocabulary ids of its words (repeats kept). */
interface IndexedField {
  readonly text: string;
  readonly ids: readonly number[];
}

const EMPTY_FIELD: IndexedField = { text: '', ids: [] };

/** Printable ASCII only (what `normalize` and `tokenize` treat as plain). */
function isPlainAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code > 0x7e) {
      return false;
    }
  }
  return true;
}

/** The entry's document: haystack (fields joined by SEPARATOR), field offsets and title facts. */
function documentOf<T>(entry: T, fields: readonly IndexedField[]): Document<T> {
  const starts: number[] = [];
  const texts: string[] = [];
  let offset = 0;
  for (const field of fields) {
    starts.push(offset);
    texts.push(field.text);
    offset += field.text.length + 1;
  }
  const title = fields[0]!.text;
  // join gives a flat string; concatenation would leave ropes for the first search to flatten.
  return { entry, haystack: texts.join(SEPARATOR), starts, titleLength: title.length, titleLetters: letterMask(title) };
}

/** The search index over `entries`. */
export function buildSearchIndex<T extends Searchable>(entries: readonly T[]): SearchIndex<T> {
  return new SearchIndexBuilder().build(entries);
}

/** Bit per ASCII letter (a–z → bits 0–25, digits → bit 26) present in normalised text. */
function letterMask(text: string): number {
  let mask = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 97 && code <= 122) {
      mask |= 1 << (code - 97);
    } else if (code >= 48 && code <= 57) {
      mask |= 1 << 26;
    }
  }
  return mask;
}

/** Alphabetical order by normalised title, for the empty query; computed on first use. */
function alphabeticalOrder<T>(index: SearchIndex<T>): Uint32Array {
  if (index.alphabetical === null) {
    const docs = index.documents;
    const titles = docs.map((doc) => doc.haystack.slice(0, doc.titleLength));
    const order = Uint32Array.from(docs.keys());
    order.sort((a, b) => (titles[a]! < titles[b]! ? -1 : titles[a]! > titles[b]! ? 1 : a - b));
    index.alphabetical = order;
  }
  return index.alphabetical;
}

function fieldAt(starts: readonly number[], offset: number): number {
  let field = 0;
  while (field + 1 < FIELD_COUNT && starts[field + 1]! <= offset) {
    field++;
  }
  return field;
}

/** Damerau–Levenshtein distance ≤ 1 (substitution, insertion, deletion, adjacent swap). */
export function withinOneEdit(a: string, b: string): boolean {
  return oneEdit(a, a.length, b, b.length);
}

/** Does a[x, la) equal b[y, lb)? */
function sameTail(a: string, x: number, la: number, b: string, y: number, lb: number): boolean {
  if (la - x !== lb - y) {
    return false;
  }
  for (; x < la; x++, y++) {
    if (a.charCodeAt(x) !== b.charCodeAt(y)) {
      return false;
    }
  }
  return true;
}

/** withinOneEdit on the prefixes a[0, la) and b[0, lb), without allocating. */
function oneEdit(a: string, la: number, b: string, lb: number): boolean {
  if (la - lb > 1 || lb - la > 1) {
    return false;
  }
  let i = 0;
  while (i < la && i < lb && a.charCodeAt(i) === b.charCodeAt(i)) {
    i++;
  }
  if (i === la && i === lb) {
    return true;
  }
  if (la === lb) {
    return (
      sameTail(a, i + 1, la, b, i + 1, lb) ||
      (i + 1 < la && a.charCodeAt(i) === b.charCodeAt(i + 1) && a.charCodeAt(i + 1) === b.charCodeAt(i) && sameTail(a, i + 2, la, b, i + 2, lb))
    );
  }
  return la > lb ? sameTail(a, i + 1, la, b, i, lb) : sameTail(a, i, la, b, i + 1, lb);
}

/**
 * A vocabulary word counts as a typo of the query word if it is within one edit of it, or if its
 * prefix is (the user is still typing a longer word: "passwrd" → "passwords").
 */
function fuzzyWordMatch(query: string, word: string): boolean {
  const n = query.length;
  const lw = word.length;
  if (lw + 1 < n) {
    return false;
  }
  // Cheap filter: one edit cannot change both of the first two characters.
  const q0 = query.charCodeAt(0);
  if (q0 !== word.charCodeAt(0) && query.charCodeAt(1) !== word.charCodeAt(1) && q0 !== word.charCodeAt(1)) {
    return false;
  }
  return oneEdit(query, n, word, lw) || (lw > n && oneEdit(query, n, word, n)) || (lw > n + 1 && oneEdit(query, n, word, n + 1)) || (lw > n - 1 && oneEdit(query, n, word, n - 1));
}

/**
 * Class of an indexed word for a query word: exact > prefix > substring > typo; 0 = no match.
 * A single character only matches at a word start: as a substring it would match nearly everything.
 */
function wordClass(query: string, word: string, fuzzy: boolean): number {
  if (word.length >= query.length) {
    if (query.length === 1) {
      return word.charCodeAt(0) === query.charCodeAt(0) ? (word.length === 1 ? EXACT : PREFIX) : 0;
    }
    const at = word.indexOf(query);
    if (at === 0) {
      return word.length === query.length ? EXACT : PREFIX;
    }
    if (at > 0) {
      return SUBSTRING;
    }
  }
  return fuzzy && fuzzyWordMatch(query, word) ? FUZZY : 0;
}

/**
 * For query words that are not letters/digits ("@", "#"): best (class × field) by scanning the
 * haystack, 0 if absent.
 */
function substringValue(haystack: string, starts: readonly number[], word: string): number {
  let best = 0;
  for (let at = haystack.indexOf(word), tries = 0; at >= 0 && tries < 8; at = haystack.indexOf(word, at + 1), tries++) {
    const klass = isWordAt(haystack, at - 1) ? SUBSTRING : isWordAt(haystack, at + word.length) ? PREFIX : EXACT;
    best = Math.max(best, klass * 10 + FIELD_WEIGHT[fieldAt(starts, at)]!);
  }
  return best;
}

/**
 * Abbreviations ("sdbp" → "Shared DB password"): the query characters in order, each one either
 * right after the previous match or at the start of a later word. Greedy, which is enough here.
 */
function subsequence(title: string, word: string, titleLength = title.length): number[] | null {
  for (let i = title.indexOf(word[0]!); i >= 0 && i < titleLength; i = title.indexOf(word[0]!, i + 1)) {
    if (isWordAt(title, i - 1)) {
      continue;
    }
    const positions = [i];
    let last = i;
    for (let k = 1; k < word.length; k++) {
      const char = word[k]!;
      if (title[last + 1] === char) {
        last += 1;
      } else {
        let found = -1;
        for (let at = title.indexOf(char, last + 2); at >= 0 && at < titleLength; at = title.indexOf(char, at + 1)) {
          if (!isWordAt(title, at - 1)) {
            found = at;
            break;
          }
        }
        if (found < 0) {
          break;
        }
        last = found;
      }
      if (last >= titleLength) {
        break;
      }
      positions.push(last);
    }
    if (positions.length === word.length) {
      return positions;
    }
  }
  return null;
}

/** Total order on (score, doc): higher score, then shorter title, then input order. */
function better<T>(docs: readonly Document<T>[], scoreA: number, a: number, scoreB: number, b: number): boolean {
  if (scoreA !== scoreB) {
    return scoreA > scoreB;
  }
  const lengthA = docs[a]!.titleLength;
  const lengthB = docs[b]!.titleLength;
  return lengthA !== lengthB ? lengthA < lengthB : a < b;
}

/** Keeps the best `limit` (score, doc) pairs: a min-heap whose root is the worst kept. */
class TopK<T> {
  readonly #docs: Uint32Array;
  readonly #scores: Float64Array;
  #size = 0;

  constructor(
    readonly limit: number,
    private readonly documents: readonly Document<T>[],
  ) {
    this.#docs = new Uint32Array(limit);
    this.#scores = new Float64Array(limit);
  }

  offer(score: number, doc: number): void {
    if (this.#size < this.limit) {
      this.#docs[this.#size] = doc;
      this.#scores[this.#size] = score;
      this.#up(this.#size++);
    } else if (this.limit > 0 && better(this.documents, score, doc, this.#scores[0]!, this.#docs[0]!)) {
      this.#docs[0] = doc;
      this.#scores[0] = score;
      this.#down(0);
    }
  }

  sorted(): Array<{ doc: number; score: number }> {
    const out = Array.from({ length: this.#size }, (_, i) => ({ doc: this.#docs[i]!, score: this.#scores[i]! }));
    return out.sort((x, y) => (better(this.documents, x.score, x.doc, y.score, y.doc) ? -1 : 1));
  }

  /** Is slot i better than slot j (so it belongs further from the root)? */
  #better(i: number, j: number): boolean {
    return better(this.documents, this.#scores[i]!, this.#docs[i]!, this.#scores[j]!, this.#docs[j]!);
  }

  #swap(i: number, j: number): void {
    const doc = this.#docs[i]!;
    const score = this.#scores[i]!;
    this.#docs[i] = this.#docs[j]!;
    this.#scores[i] = this.#scores[j]!;
    this.#docs[j] = doc;
    this.#scores[j] = score;
  }

  #up(index: number): void {
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.#better(parent, index)) {
        break;
      }
      this.#swap(parent, index);
      index = parent;
    }
  }

  #down(index: number): void {
    for (;;) {
      const left = index * 2 + 1;
      const right = left + 1;
      let worst = index;
      if (left < this.#size && this.#better(worst, left)) {
        worst = left;
      }
      if (right < this.#size && this.#better(worst, right)) {
        worst = right;
      }
      if (worst === index) {
        return;
      }
      this.#swap(worst, index);
      index = worst;
    }
  }
}

/** Splits a query into normalised words; symbol-only parts ("@", "#") stay searchable as substrings. */
export function queryWords(query: string): string[] {
  const normalized = normalize(query);
  const symbols = normalized.split(/\s+/).filter((part) => part !== '' && tokenize(part).length === 0);
  // Per-entry counters are bytes; nobody types more words than this into a search box.
  return [...tokenize(normalized), ...symbols].slice(0, MAX_QUERY_WORDS);
}

export function search<T extends Searchable>(index: SearchIndex<T>, query: string, options: SearchOptions = {}): SearchResults<T> {
  const limit = Math.max(0, options.limit ?? 50);
  const docs = index.documents;
  const words = queryWords(query);
  if (words.length === 0) {
    const order = alphabeticalOrder(index);
    const hits = Array.from(order.subarray(0, limit), (doc) => ({ entry: docs[doc]!.entry, score: 0, titleRanges: [] as MatchRange[] }));
    return { hits, total: docs.length };
  }

  const count = docs.length;
  // Per entry: how many query words matched so far (AND), the summed score, this word's best value.
  const matchedWords = new Uint8Array(count);
  const scores = new Uint16Array(count);
  const wordBest = new Uint8Array(count);
  const touched: number[] = [];
  const fuzzySets: Array<Uint8Array | null> = words.map(() => null);

  // Longer words are usually more selective; the first word decides the candidates.
  const order = words.map((_, w) => w).sort((a, b) => words[b]!.length - words[a]!.length);
  for (let step = 0; step < order.length; step++) {
    const w = order[step]!;
    const word = words[w]!;
    touched.length = 0;

    if (tokenize(word).length === 0) {
      for (let doc = 0; doc < count; doc++) {
        if (matchedWords[doc] === step) {
          const value = substringValue(docs[doc]!.haystack, docs[doc]!.starts, word);
          if (value > 0) {
            touched.push(doc);
            wordBest[doc] = value;
          }
        }
      }
    } else {
      // Classify each distinct word of the vault once, then walk the postings of the matches.
      const vocabulary = index.vocabulary;
      const fuzzy = word.length >= MIN_FUZZY_LENGTH;
      const fuzzyIds = fuzzy ? new Uint8Array(vocabulary.length) : null;
      for (let id = 0; id < vocabulary.length; id++) {
        const klass = wordClass(word, vocabulary[id]!, fuzzy);
        if (klass === 0) {
          continue;
        }
        if (klass === FUZZY) {
          fuzzyIds![id] = 1;
        }
        const postings = index.postings;
        const end = index.postingStarts[id + 1]!;
        const base = klass * 10;
        for (let p = index.postingStarts[id]!; p < end; p++) {
          const posting = postings[p]!;
          const doc = posting >> 3;
          // Only entries that matched every earlier word can still match the whole query.
          if (matchedWords[doc] !== step) {
            continue;
          }
          const value = base + FIELD_WEIGHT[posting & 7]!;
          const previous = wordBest[doc]!;
          if (previous === 0) {
            touched.push(doc);
          }
          if (value > previous) {
            wordBest[doc] = value;
          }
        }
      }
      fuzzySets[w] = fuzzyIds;
      // Few results: also try the word as an abbreviation of titles ("sdbp" → "Shared DB password").
      if (touched.length < limit && word.length >= MIN_SUBSEQUENCE_LENGTH) {
        const letters = letterMask(word);
        for (let doc = 0; doc < count; doc++) {
          const document = docs[doc]!;
          if (matchedWords[doc] === step && wordBest[doc] === 0 && (letters & ~document.titleLetters) === 0 && subsequence(document.haystack, word, document.titleLength) !== null) {
            touched.push(doc);
            wordBest[doc] = FUZZY * 10;
          }
        }
      }
    }

    for (const doc of touched) {
      matchedWords[doc] = step + 1;
      scores[doc] = scores[doc]! + wordBest[doc]!;
      wordBest[doc] = 0;
    }
  }

  const wholeQuery = words.join(' ');
  const top = new TopK<T>(limit, docs);
  let total = 0;
  for (const doc of touched) {
    if (matchedWords[doc] !== words.length) {
      continue;
    }
    const document = docs[doc]!;
    let score = scores[doc]!;
    if (document.titleLength === wholeQuery.length && document.haystack.startsWith(wholeQuery)) {
      score += TITLE_EQUALS_QUERY_BONUS;
    }
    total++;
    top.offer(score, doc);
  }

  const hits = top.sorted().map(({ doc, score }) => {
    const document = docs[doc]!;
    return { entry: document.entry, score, titleRanges: titleRanges(document, words, fuzzySets, index) };
  });
  return { hits, total };
}

/** Where the query words hit the title, in original-string offsets. Only computed for returned hits. */
function titleRanges<T extends Searchable>(document: Document<T>, words: readonly string[], fuzzySets: readonly (Uint8Array | null)[], index: SearchIndex<T>): MatchRange[] {
  const mapped = normalizeWithMap(document.entry.title);
  const title = mapped.text;
  const ranges: Array<[number, number]> = [];
  words.forEach((word, w) => {
    let at = title.indexOf(word);
    if (at >= 0) {
      // Prefer an occurrence at a word start, as ranking did.
      for (let next = at; next >= 0; next = title.indexOf(word, next + 1)) {
        if (!isWordAt(title, next - 1)) {
          at = next;
          break;
        }
      }
      ranges.push([at, at + word.length]);
      return;
    }
    const fuzzy = fuzzySets[w];
    if (fuzzy) {
      for (const token of tokenize(title)) {
        const id = vocabularyId(index, token);
        if (id >= 0 && fuzzy[id] === 1) {
          const start = wordOffset(title, token);
          if (start >= 0) {
            ranges.push([start, start + token.length]);
            return;
          }
        }
      }
    }
    const positions = word.length >= MIN_SUBSEQUENCE_LENGTH ? subsequence(title, word) : null;
    positions?.forEach((position) => ranges.push([position, position + 1]));
  });
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) {
      last[1] = Math.max(last[1], range[1]);
    } else {
      merged.push([range[0], range[1]]);
    }
  }
  return merged.map(([start, end]) => mapRange(mapped, start, end));
}

const vocabularyMaps = new WeakMap<object, Map<string, number>>();

/** Word → vocabulary id, built lazily (only highlighting of typo matches needs it). */
function vocabularyId<T>(index: SearchIndex<T>, word: string): number {
  let map = vocabularyMaps.get(index);
  if (!map) {
    map = new Map(index.vocabulary.map((token, id) => [token, id]));
    vocabularyMaps.set(index, map);
  }
  return map.get(word) ?? -1;
}

/** Offset of `word` as a whole word in `text`, or -1. */
function wordOffset(text: string, word: string): number {
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    if (!isWordAt(text, at - 1) && !isWordAt(text, at + word.length)) {
      return at;
    }
  }
  return -1;
}
