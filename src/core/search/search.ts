/**
 * Ranked search over the index: each query word is classified once against every distinct word of
 * the vault (not per entry), the postings of the matches are walked, and only the top K hits are
 * kept in a heap instead of sorting every match.
 *
 * Ranking, per query word: the best (match class, field) over the entry's fields, where
 * class exact > prefix > substring > fuzzy, and field title > path/url > description/tags/type.
 * An entry matches only if every query word matches (AND); its score is the sum. Equal scores are
 * ordered by frecency (the caller's, see frecency.ts), then shorter title, then input order.
 */
import { SEPARATOR, TYPE_FIELD, type Searchable, type SearchIndex } from './build';
import { EXACT, FUZZY, PREFIX, SUBSTRING, subsequence, wordClass } from './match';
import { isWordAt, mapRange, normalize, normalizeWithMap, tokenize } from './normalize';

export type MatchRange = readonly [number, number];

export interface SearchHit<T> {
  readonly entry: T;
  readonly score: number;
  /** Ranges [start, end) in `entry.title` to highlight, sorted and merged. */
  readonly titleRanges: readonly MatchRange[];
  /** The same in `entry.description` (Psono's username line). */
  readonly descriptionRanges: readonly MatchRange[];
}

export interface SearchResults<T> {
  readonly hits: readonly SearchHit<T>[];
  /** How many entries matched in total (hits holds at most `limit`). */
  readonly total: number;
}

export interface SearchOptions<T = unknown> {
  /** Maximum hits returned (default 50). */
  readonly limit?: number;
  /** Breaks ties between equal scores: higher first (0 for an entry never used). */
  readonly frecency?: (entry: T) => number;
}

/** Weight of title, path, url, description, tags, type. */
const FIELD_WEIGHT = [3, 2, 2, 1, 1, 1] as const;
/** Typo tolerance (one edit) starts at this query-word length; shorter words would match too much. */
const MIN_FUZZY_LENGTH = 4;
/** Abbreviation matching on titles (subsequence) starts at this length. */
const MIN_SUBSEQUENCE_LENGTH = 3;
const MAX_QUERY_WORDS = 32;
/** Whole-title match of the whole query. */
const TITLE_EQUALS_QUERY_BONUS = 5;
/** A symbol query word counts at most this many occurrences per entry. */
const MAX_SYMBOL_TRIES = 8;

/** Splits a query into normalised words; symbol-only parts ("@", "#") stay searchable as substrings. */
export function queryWords(query: string): string[] {
  const normalized = normalize(query);
  const symbols = normalized.split(/\s+/).filter((part) => part !== '' && tokenize(part).length === 0);
  // Per-entry counters are bytes; nobody types more words than this into a search box.
  return [...tokenize(normalized), ...symbols].slice(0, MAX_QUERY_WORDS);
}

/** Per-query state: for each entry, the words matched so far (AND), the summed score and this word's best value. */
class Scores {
  readonly matched: Uint8Array;
  readonly sum: Uint16Array;
  readonly best: Uint8Array;
  /** Entries with a value for the current word, in the order first met. */
  readonly touched: number[] = [];

  constructor(
    count: number,
    public step = 0,
  ) {
    this.matched = new Uint8Array(count);
    this.sum = new Uint16Array(count);
    this.best = new Uint8Array(count);
  }

  /** Still in the running: matched every earlier word. */
  open(doc: number): boolean {
    return this.matched[doc] === this.step;
  }

  offer(doc: number, value: number): void {
    const previous = this.best[doc]!;
    if (previous === 0) {
      this.touched.push(doc);
    }
    if (value > previous) {
      this.best[doc] = value;
    }
  }

  /** Ends the current word: entries that matched it move on. */
  next(): void {
    for (const doc of this.touched) {
      this.matched[doc] = this.step + 1;
      this.sum[doc] = this.sum[doc]! + this.best[doc]!;
      this.best[doc] = 0;
    }
    this.step++;
  }
}

/** Matches a word (letters/digits) through the vocabulary; returns the vocabulary words it matched as typos. */
function matchWord<T>(index: SearchIndex<T>, word: string, scores: Scores): Set<string> | null {
  const fuzzy = word.length >= MIN_FUZZY_LENGTH;
  const typos = fuzzy ? new Set<string>() : null;
  const { vocabulary, postings, postingStarts } = index;
  for (let id = 0; id < vocabulary.length; id++) {
    const klass = wordClass(word, vocabulary[id]!, fuzzy);
    if (klass === 0) {
      continue;
    }
    if (klass === FUZZY) {
      typos!.add(vocabulary[id]!);
    }
    const end = postingStarts[id + 1]!;
    for (let p = postingStarts[id]!; p < end; p++) {
      const posting = postings[p]!;
      const doc = posting >> 3;
      const field = posting & 7;
      // The type field matches whole words only ("totp", "note"): a few type words are in most
      // entries, and a prefix ("p" in "password") would touch nearly all of them.
      if (scores.open(doc) && (field !== TYPE_FIELD || klass === EXACT)) {
        scores.offer(doc, klass * 10 + FIELD_WEIGHT[field]!);
      }
    }
  }
  return typos;
}

/** Few results: also try the word as an abbreviation of titles ("sdbp" → "Shared DB password"). */
function matchAbbreviation<T>(index: SearchIndex<T>, word: string, scores: Scores): void {
  for (let doc = 0; doc < index.size; doc++) {
    if (scores.open(doc) && scores.best[doc] === 0 && subsequence(index.titles[doc]!, word) !== null) {
      scores.offer(doc, FUZZY * 10);
    }
  }
}

/** Class of an occurrence of a symbol word at text[at]: whether it stands alone, starts or sits inside a word. */
function symbolClass(text: string, at: number, length: number): number {
  return isWordAt(text, at - 1) ? SUBSTRING : isWordAt(text, at + length) ? PREFIX : EXACT;
}

/** Symbol words ("@", "#") are no words of the vocabulary: a scan of the entries' text (never the type). */
function matchSymbol<T>(index: SearchIndex<T>, word: string, scores: Scores): void {
  for (let doc = 0; doc < index.size; doc++) {
    if (!scores.open(doc)) {
      continue;
    }
    let tries = 0;
    const title = index.titles[doc]!;
    for (let at = title.indexOf(word); at >= 0 && tries < MAX_SYMBOL_TRIES; at = title.indexOf(word, at + 1), tries++) {
      scores.offer(doc, symbolClass(title, at, word.length) * 10 + FIELD_WEIGHT[0]);
    }
    const others = index.others[doc]!;
    for (let at = others.indexOf(word); at >= 0 && tries < MAX_SYMBOL_TRIES; at = others.indexOf(word, at + 1), tries++) {
      let field = 1;
      for (let sep = others.indexOf(SEPARATOR); sep >= 0 && sep < at; sep = others.indexOf(SEPARATOR, sep + 1)) {
        field++;
      }
      scores.offer(doc, symbolClass(others, at, word.length) * 10 + FIELD_WEIGHT[field]!);
    }
  }
}

const NO_FRECENCY = (): number => 0;

/** Total order on (score, doc): higher score, then higher frecency, then shorter title, then input order. */
function better<T>(index: SearchIndex<T>, frecency: (entry: T) => number, scoreA: number, a: number, scoreB: number, b: number): boolean {
  if (scoreA !== scoreB) {
    return scoreA > scoreB;
  }
  // Looked up only on a tie: most comparisons in the heap are decided by the score.
  const usedA = frecency(index.entries[a]!);
  const usedB = frecency(index.entries[b]!);
  if (usedA !== usedB) {
    return usedA > usedB;
  }
  const lengthA = index.titles[a]!.length;
  const lengthB = index.titles[b]!.length;
  return lengthA !== lengthB ? lengthA < lengthB : a < b;
}

interface Ranked {
  readonly doc: number;
  readonly score: number;
}

/** Keeps the best `limit` hits: a min-heap whose root is the worst kept. */
class TopK<T> {
  readonly #docs: number[] = [];
  readonly #scores: number[] = [];

  constructor(
    private readonly limit: number,
    private readonly index: SearchIndex<T>,
    private readonly frecency: (entry: T) => number,
  ) {}

  offer(doc: number, score: number): void {
    const docs = this.#docs;
    if (docs.length < this.limit) {
      docs.push(doc);
      this.#scores.push(score);
      for (let i = docs.length - 1; i > 0 && this.#better((i - 1) >> 1, i); i = (i - 1) >> 1) {
        this.#swap(i, (i - 1) >> 1);
      }
    } else if (this.limit > 0 && better(this.index, this.frecency, score, doc, this.#scores[0]!, docs[0]!)) {
      docs[0] = doc;
      this.#scores[0] = score;
      for (let i = 0; ; ) {
        const left = i * 2 + 1;
        let worst = i;
        if (left < docs.length && this.#better(worst, left)) {
          worst = left;
        }
        if (left + 1 < docs.length && this.#better(worst, left + 1)) {
          worst = left + 1;
        }
        if (worst === i) {
          break;
        }
        this.#swap(i, worst);
        i = worst;
      }
    }
  }

  sorted(): Ranked[] {
    const ranked = this.#docs.map((doc, i) => ({ doc, score: this.#scores[i]! }));
    return ranked.sort((x, y) => (better(this.index, this.frecency, x.score, x.doc, y.score, y.doc) ? -1 : 1));
  }

  /** Is slot i better than slot j (so it belongs further from the root)? */
  #better(i: number, j: number): boolean {
    return better(this.index, this.frecency, this.#scores[i]!, this.#docs[i]!, this.#scores[j]!, this.#docs[j]!);
  }

  #swap(i: number, j: number): void {
    const docs = this.#docs;
    const scores = this.#scores;
    [docs[i], docs[j]] = [docs[j]!, docs[i]!];
    [scores[i], scores[j]] = [scores[j]!, scores[i]!];
  }
}

/** The entries matching every word of `query`, best first. An empty query matches nothing (`browse` lists). */
export function search<T extends Searchable>(index: SearchIndex<T>, query: string, options: SearchOptions<T> = {}): SearchResults<T> {
  const limit = Math.max(0, options.limit ?? 50);
  const words = queryWords(query);
  if (words.length === 0) {
    return { hits: [], total: 0 };
  }
  const scores = new Scores(index.size);
  const typos: Array<Set<string> | null> = words.map(() => null);
  // Longer words are usually more selective; the first word decides the candidates.
  const order = words.map((_, w) => w).sort((a, b) => words[b]!.length - words[a]!.length);
  for (const w of order) {
    const word = words[w]!;
    scores.touched.length = 0;
    if (tokenize(word).length === 0) {
      matchSymbol(index, word, scores);
    } else {
      typos[w] = matchWord(index, word, scores);
      if (scores.touched.length < limit && word.length >= MIN_SUBSEQUENCE_LENGTH) {
        matchAbbreviation(index, word, scores);
      }
    }
    scores.next();
  }

  const wholeQuery = words.join(' ');
  const top = new TopK<T>(limit, index, options.frecency ?? NO_FRECENCY);
  let total = 0;
  for (const doc of scores.touched) {
    if (scores.matched[doc] !== words.length) {
      continue;
    }
    total++;
    top.offer(doc, scores.sum[doc]! + (index.titles[doc] === wholeQuery ? TITLE_EQUALS_QUERY_BONUS : 0));
  }
  const hits = top.sorted().map(({ doc, score }) => {
    const entry = index.entries[doc]!;
    return { entry, score, titleRanges: matchRanges(entry.title, words, typos, true), descriptionRanges: matchRanges(entry.description, words, typos, false) };
  });
  return { hits, total };
}

/**
 * Where the query words hit a title or description, in original-string offsets; abbreviations
 * count in titles only, as in ranking. Only computed for returned hits.
 */
function matchRanges(original: string, words: readonly string[], typos: readonly (Set<string> | null)[], abbreviations: boolean): MatchRange[] {
  if (original === '') {
    return [];
  }
  const mapped = normalizeWithMap(original);
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
    const typo = typos[w];
    if (typo) {
      for (const token of tokenize(title)) {
        const start = typo.has(token) ? wordOffset(title, token) : -1;
        if (start >= 0) {
          ranges.push([start, start + token.length]);
          return;
        }
      }
    }
    const positions = abbreviations && word.length >= MIN_SUBSEQUENCE_LENGTH ? subsequence(title, word) : null;
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
