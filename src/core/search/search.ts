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

// Field slots of a document's haystacks (plain numbers: they index arrays in the hot loop).
const Field = { Title: 0, Path: 1, Url: 2, Description: 3, Tags: 4 } as const;
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
/** Whole-title match of the whole query. */
const TITLE_EQUALS_QUERY_BONUS = 5;

/** Separates the fields inside one haystack; never part of normalised text or a word. */
const SEPARATOR = '\u0001';

interface Document<T> {
  readonly entry: T;
  /** All fields, normalised, in Field order, joined by SEPARATOR: one indexOf finds any field. */
  readonly haystack: string;
  /** Start offset of each field in the haystack (Field order). */
  readonly starts: readonly number[];
  readonly titleLength: number;
  /** Bit i set if letter a+i occurs in the title (bit 26: a digit): a quick "cannot be an abbreviation" test. */
  readonly titleLetters: number;
  /** Vocabulary ids of the entry's distinct words. */
  readonly tokenIds: Uint32Array;
}

export interface SearchIndex<T> {
  readonly size: number;
  /** @internal */ readonly documents: readonly Document<T>[];
  /** @internal */ readonly vocabulary: readonly string[];
  /** @internal */ alphabetical: Uint32Array | null;
}

/** Normalises every searchable field once. Cost is linear in the total metadata size. */
export function buildSearchIndex<T extends Searchable>(entries: readonly T[]): SearchIndex<T> {
  const vocabularyIds = new Map<string, number>();
  const vocabulary: string[] = [];
  // lastDoc[id] = last document that listed word id: dedupes words without a Set per entry.
  const lastDoc: number[] = [];
  const ids: number[] = [];
  const documents = new Array<Document<T>>(entries.length);
  for (let d = 0; d < entries.length; d++) {
    const entry = entries[d]!;
    const title = normalize(entry.title);
    const path = entry.path.length === 0 ? '' : normalize(entry.path.join(' / '));
    const url = entry.urlHost === null && entry.urlFilter === null ? '' : normalize(`${entry.urlHost ?? ''} ${entry.urlFilter ?? ''}`);
    const description = entry.description === '' ? '' : normalize(entry.description);
    const tags = entry.tags.length === 0 ? '' : normalize(entry.tags.join(' '));
    const haystack = `${title}${SEPARATOR}${path}${SEPARATOR}${url}${SEPARATOR}${description}${SEPARATOR}${tags}`;
    const starts = [0, title.length + 1, title.length + path.length + 2, title.length + path.length + url.length + 3, title.length + path.length + url.length + description.length + 4];
    ids.length = 0;
    for (const token of tokenize(haystack)) {
      let id = vocabularyIds.get(token);
      if (id === undefined) {
        id = vocabulary.length;
        vocabulary.push(token);
        vocabularyIds.set(token, id);
        lastDoc.push(-1);
      }
      if (lastDoc[id] !== d) {
        lastDoc[id] = d;
        ids.push(id);
      }
    }
    documents[d] = { entry, haystack, starts, titleLength: title.length, titleLetters: letterMask(title), tokenIds: Uint32Array.from(ids) };
  }
  return { size: documents.length, documents, vocabulary, alphabetical: null };
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
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) {
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
    // substitution, or swap of i and i+1
    if (a.slice(i + 1) === b.slice(i + 1)) {
      return true;
    }
    return a.charCodeAt(i) === b.charCodeAt(i + 1) && a.charCodeAt(i + 1) === b.charCodeAt(i) && a.slice(i + 2) === b.slice(i + 2);
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/**
 * A vocabulary word counts as a typo of the query word if it is within one edit of it, or if its
 * prefix is (the user is still typing a longer word: "passwrd" → "passwords").
 */
function fuzzyWordMatch(query: string, word: string): boolean {
  if (word.length + 1 < query.length) {
    return false;
  }
  // Cheap filter: one edit cannot change both of the first two characters.
  if (query.charCodeAt(0) !== word.charCodeAt(0) && query.charCodeAt(1) !== word.charCodeAt(1) && query.charCodeAt(0) !== word.charCodeAt(1)) {
    return false;
  }
  if (withinOneEdit(query, word)) {
    return true;
  }
  const n = query.length;
  return (word.length > n && withinOneEdit(query, word.slice(0, n))) || (word.length > n + 1 && withinOneEdit(query, word.slice(0, n + 1))) || (word.length > n - 1 && withinOneEdit(query, word.slice(0, n - 1)));
}

/**
 * Best (class × field) of `word` anywhere in the haystack, 0 if absent. Looks at a few
 * occurrences: earlier ones lie in heavier fields, later ones may start a word.
 */
function substringValue(haystack: string, starts: readonly number[], word: string): number {
  let at = haystack.indexOf(word);
  if (at < 0) {
    return 0;
  }
  let best = 0;
  for (let tries = 0; at >= 0 && tries < 8; tries++) {
    const field = fieldAt(starts, at);
    let klass = SUBSTRING;
    if (!isWordAt(haystack, at - 1)) {
      klass = isWordAt(haystack, at + word.length) ? PREFIX : EXACT;
    }
    const value = klass * 10 + FIELD_WEIGHT[field]!;
    if (value > best) {
      best = value;
      if (klass === EXACT && field === Field.Title) {
        break;
      }
    }
    at = haystack.indexOf(word, at + 1);
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
  return [...tokenize(normalized), ...symbols];
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

  // Typo tolerance is decided once per vocabulary word, then looked up per entry.
  const fuzzySets = words.map((word) => {
    if (word.length < MIN_FUZZY_LENGTH) {
      return null;
    }
    const matches = new Uint8Array(index.vocabulary.length);
    const vocabulary = index.vocabulary;
    for (let id = 0; id < vocabulary.length; id++) {
      if (fuzzyWordMatch(word, vocabulary[id]!)) {
        matches[id] = 1;
      }
    }
    return matches;
  });
  const wholeQuery = words.join(' ');
  const wordMasks = words.map(letterMask);

  const top = new TopK<T>(limit, docs);
  let total = 0;
  for (let doc = 0; doc < docs.length; doc++) {
    const document = docs[doc]!;
    const haystack = document.haystack;
    let score = 0;
    for (let w = 0; w < words.length; w++) {
      const word = words[w]!;
      let best = substringValue(haystack, document.starts, word);
      if (best === 0) {
        best = fuzzyValue(document, word, wordMasks[w]!, fuzzySets[w]!, index.vocabulary);
      }
      if (best === 0) {
        score = -1;
        break;
      }
      score += best;
    }
    if (score < 0) {
      continue;
    }
    if (document.titleLength === wholeQuery.length && haystack.startsWith(wholeQuery)) {
      score += TITLE_EQUALS_QUERY_BONUS;
    }
    total++;
    top.offer(score, doc);
  }

  const hits = top.sorted().map(({ doc, score }) => {
    const document = docs[doc]!;
    return { entry: document.entry, score, titleRanges: titleRanges(document, words, fuzzySets, index.vocabulary) };
  });
  return { hits, total };
}

/** Typo (one edit) in any field, else an abbreviation of the title; 0 if neither. */
function fuzzyValue<T>(document: Document<T>, word: string, wordLetters: number, fuzzy: Uint8Array | null, vocabulary: readonly string[]): number {
  let best = 0;
  if (fuzzy !== null) {
    const ids = document.tokenIds;
    for (let t = 0; t < ids.length; t++) {
      if (fuzzy[ids[t]!] === 1) {
        // Rare path: find which field holds the word to weigh it.
        const at = wordOffset(document.haystack, vocabulary[ids[t]!]!);
        const value = FUZZY * 10 + FIELD_WEIGHT[fieldAt(document.starts, Math.max(0, at))]!;
        if (value > best) {
          best = value;
        }
      }
    }
  }
  if (best === 0 && word.length >= MIN_SUBSEQUENCE_LENGTH && (wordLetters & ~document.titleLetters) === 0 && subsequence(document.haystack, word, document.titleLength) !== null) {
    best = FUZZY * 10;
  }
  return best;
}

/** Where the query words hit the title, in original-string offsets. Only computed for returned hits. */
function titleRanges<T extends Searchable>(document: Document<T>, words: readonly string[], fuzzySets: readonly (Uint8Array | null)[], vocabulary: readonly string[]): MatchRange[] {
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
      for (const id of document.tokenIds) {
        if (fuzzy[id] === 1) {
          const token = vocabulary[id]!;
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

/** Offset of `word` as a whole word in `text`, or -1. */
function wordOffset(text: string, word: string): number {
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    if (!isWordAt(text, at - 1) && !isWordAt(text, at + word.length)) {
      return at;
    }
  }
  return -1;
}
