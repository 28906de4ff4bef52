/**
 * Ranked search over vault metadata, built for "every keystroke" latency: all normalisation is
 * done once per index build; a query scans precomputed lowercase haystacks with indexOf, does
 * typo-tolerant matching once per distinct word of the vocabulary (not per entry), and keeps
 * only the top K hits in a heap instead of sorting every match.
 *
 * Ranking, per query word: the best (match class, field) over the entry's fields, where
 * class exact > prefix > substring > fuzzy, and field title > path/url > description/tags/type.
 * An entry matches only if every query word matches (AND); its score is the sum.
 */
import { FNV_OFFSET, FNV_PRIME, fnv1a, StringTable } from '../string-table';
import { isPlainAscii, isWordAt, mapRange, normalize, normalizeWithMap, tokenize } from './normalize';

export interface Searchable {
  readonly title: string;
  readonly path: readonly string[];
  readonly urlHost: string | null;
  readonly urlFilter: string | null;
  readonly description: string;
  readonly tags: readonly string[];
  /** The item type (spec §7.6 indexes it): the whole word "totp" or "note" finds entries of that type. */
  readonly type: string;
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

// Fields, in this order, in haystacks and postings: title, path, url, description, tags, type.
const FIELD_COUNT = 6;
const FIELD_WEIGHT = [3, 2, 2, 1, 1, 1] as const;
/** Fields shared by many entries (a folder's path, a site's URL, a type), worked out once each: their slot among an entry's shared fields. */
const SHARED_SLOT: readonly (number | undefined)[] = [undefined, 0, 1, undefined, undefined, 2];
const SHARED_PER_ENTRY = 3;
/**
 * The type field matches whole words only ("totp", "note", "card"): a few type words are in most
 * entries, so a prefix or substring match ("p" in "password") would touch nearly every entry on
 * the first keystrokes — at 50k entries that doubled the 1-character search time.
 */
const TYPE_FIELD = 5;

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

/** Separates fields (and entries) in the index text; never part of normalised text or a word. */
const SEPARATOR = '\u0001';

/**
 * Characters per chunk of index text. Each chunk stays a regular heap string (V8 puts objects over
 * 128 KiB in large-object space, fresh pages on every unlock: a 1 MB string cost ~10 ms to join on
 * the benchmark machine, 2 500 pieces ~1 ms), and two-byte text still fits.
 */
const CHUNK_CHARS = 1 << 15;

/** Room for this many (word, field) postings per entry before the pairs buffer grows (a 10k vault: ~10). */
const PAIRS_PER_ENTRY = 16;

export interface SearchIndex<T> {
  readonly size: number;
  /** @internal The indexed entries, in document order (the caller's array, not a copy). */
  readonly entries: readonly T[];
  /**
   * @internal Every entry's fields, normalised, in Field order, joined by SEPARATOR, cut into
   * chunks of whole entries: a few strings for the whole vault instead of a string, an offsets
   * array and an object per entry, which young-generation collections would copy while the vault
   * unlocks. Offsets below are into the chunks joined by SEPARATOR (chunk c starts at chunkStarts[c]).
   */
  readonly chunks: readonly string[];
  /** @internal Offset of each chunk; one more entry at the end. */
  readonly chunkStarts: Uint32Array;
  /** @internal First document of each chunk; one more entry (size) at the end. */
  readonly chunkFirstDoc: Uint32Array;
  /** @internal The chunk holding each document. */
  readonly docChunk: Uint32Array;
  /**
   * @internal Offset of field f of document d at [d * FIELD_COUNT + f], and one more entry at the
   * end, so that every field ends one separator before the next start.
   */
  readonly fieldStarts: Uint32Array;
  /** @internal Per document: bit i set if letter a+i occurs in the title (bit 26: a digit), a quick "cannot be an abbreviation" test. */
  readonly titleLetters: Int32Array;
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
 * A path or URL field, shared by the entries of one folder or site: its text as it goes into the
 * index (raw if plain ASCII, lower-cased with its chunk; else normalised) and its words' ids,
 * worked out once.
 */
interface SharedField {
  readonly text: string;
  readonly plain: boolean;
  ids: readonly number[] | null;
}

const EMPTY_FIELD: SharedField = { text: '', plain: true, ids: [] };

/**
 * Builds one search index. Runs once per unlock over every entry, so it allocates per chunk of
 * entries, not per entry or word: fields are joined and lower-cased a chunk at a time, and words
 * are looked up in the vocabulary by hash straight from the chunk text (a substring is made only
 * for a new word).
 */
class SearchIndexBuilder {
  /** The vocabulary: a word's id is its number in the table. */
  readonly #words = new StringTable(1 << 12);
  /** Entries of one folder share its path array: each folder path is worked out once. */
  readonly #paths = new Map<readonly string[], SharedField>();
  /** Entries of one site share their URL text: host → filter → field. */
  readonly #urls = new Map<string, Map<string, SharedField>>();
  /** Entries of one type share its text ("website_password" → "website password"). */
  readonly #types = new Map<string, SharedField>();

  /** (word id, posting) pairs, turned into compressed rows at the end. */
  #pairs = new Uint32Array(0);
  #pairCount = 0;
  /** lastPosting[id] = last doc*8+field listed for word id: dedupes without a Set per entry. */
  #lastPosting = new Int32Array(1 << 12).fill(-1);

  /**
   * Normalises every searchable field once and builds an inverted index from words to entries.
   * Query words are letter/digit runs, so any occurrence lies inside one indexed word: matching the
   * vocabulary once per query word finds every entry, exactly as scanning each entry would.
   */
  build<T extends Searchable>(entries: readonly T[]): SearchIndex<T> {
    const count = entries.length;
    const fieldStarts = new Uint32Array(count * FIELD_COUNT + 1);
    const docChunk = new Uint32Array(count);
    const titleLetters = new Int32Array(count);
    const chunks: string[] = [];
    const chunkStarts: number[] = [];
    const chunkFirstDoc: number[] = [];
    // The current chunk: its field texts, which of them are normalised (not plain ASCII), and
    // each entry's path and URL field.
    const pieces: string[] = [];
    const unicodePieces: number[] = [];
    const shared: SharedField[] = [];
    let offset = 0;
    let chunkChars = 0;
    // (word id, posting) pairs, sized from the entry count so they rarely grow: doubling from small
    // copied, and first touched, about twice the memory.
    this.#pairs = new Uint32Array(2 * PAIRS_PER_ENTRY * count + 2);
    this.#pairCount = 0;

    const flush = (end: number): void => {
      const text = lowerCasedJoin(pieces, unicodePieces);
      const first = chunkFirstDoc[chunkFirstDoc.length - 1]!;
      const base = chunkStarts[chunkStarts.length - 1]!;
      let nextUnicode = 0;
      for (let doc = first; doc < end; doc++) {
        for (let field = 0; field < FIELD_COUNT; field++) {
          const piece = (doc - first) * FIELD_COUNT + field;
          const slot = doc * FIELD_COUNT + field;
          const start = fieldStarts[slot]! - base;
          const fieldEnd = start + pieces[piece]!.length;
          const posting = doc * 8 + field;
          if (field === 0) {
            titleLetters[doc] = letterMask(text, start, fieldEnd);
          }
          const unicode = unicodePieces[nextUnicode] === piece;
          if (unicode) {
            nextUnicode++;
          }
          const sharedSlot = SHARED_SLOT[field];
          if (sharedSlot !== undefined) {
            const sharedField = shared[(doc - first) * SHARED_PER_ENTRY + sharedSlot]!;
            sharedField.ids ??= this.#wordIds(sharedField);
            for (const id of sharedField.ids) {
              this.#addPosting(id, posting);
            }
          } else if (unicode) {
            for (const token of tokenize(text.slice(start, fieldEnd))) {
              this.#addPosting(this.#tokenId(token), posting);
            }
          } else {
            this.#scanWords(text, start, fieldEnd, posting, null);
          }
        }
      }
      chunks.push(text);
      pieces.length = 0;
      unicodePieces.length = 0;
      shared.length = 0;
      chunkChars = 0;
    };

    const addPiece = (doc: number, field: number, text: string, plain: boolean): void => {
      fieldStarts[doc * FIELD_COUNT + field] = offset;
      offset += text.length + 1;
      if (!plain) {
        unicodePieces.push(pieces.length);
      }
      pieces.push(text);
    };
    for (let doc = 0; doc < count; doc++) {
      const entry = entries[doc]!;
      const path = this.#pathField(entry.path);
      const url = this.#urlField(entry.urlHost, entry.urlFilter);
      const tags = entry.tags.length === 0 ? '' : entry.tags.length === 1 ? entry.tags[0]! : entry.tags.join(' ');
      const type = this.#typeField(entry.type);
      const entryChars = entry.title.length + path.text.length + url.text.length + entry.description.length + tags.length + type.text.length + FIELD_COUNT;
      if (chunkChars > 0 && chunkChars + entryChars > CHUNK_CHARS) {
        flush(doc);
      }
      if (chunkChars === 0) {
        chunkStarts.push(offset);
        chunkFirstDoc.push(doc);
      }
      docChunk[doc] = chunks.length;
      const title = entry.title;
      const titlePlain = isPlainAscii(title);
      addPiece(doc, 0, titlePlain ? title : normalize(title), titlePlain);
      addPiece(doc, 1, path.text, path.plain);
      addPiece(doc, 2, url.text, url.plain);
      const description = entry.description;
      const descriptionPlain = isPlainAscii(description);
      addPiece(doc, 3, descriptionPlain ? description : normalize(description), descriptionPlain);
      const tagsPlain = isPlainAscii(tags);
      addPiece(doc, 4, tagsPlain ? tags : normalize(tags), tagsPlain);
      addPiece(doc, 5, type.text, type.plain);
      shared.push(path, url, type);
      chunkChars += entryChars;
    }
    if (chunkChars > 0) {
      flush(count);
    }
    fieldStarts[count * FIELD_COUNT] = offset;
    chunkStarts.push(offset);
    chunkFirstDoc.push(count);

    const vocabulary = this.#words.strings;
    const pairs = this.#pairs;
    const pairCount = this.#pairCount;
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
    this.#pairs = new Uint32Array(0);
    return {
      size: count,
      entries,
      chunks,
      chunkStarts: Uint32Array.from(chunkStarts),
      chunkFirstDoc: Uint32Array.from(chunkFirstDoc),
      docChunk,
      fieldStarts,
      titleLetters,
      vocabulary,
      postingStarts,
      postings,
      alphabetical: null,
    };
  }

  #addPosting(id: number, posting: number): void {
    if (id >= this.#lastPosting.length) {
      const grown = new Int32Array(Math.max(this.#lastPosting.length * 2, id + 1)).fill(-1);
      grown.set(this.#lastPosting);
      this.#lastPosting = grown;
    }
    if (this.#lastPosting[id] !== posting) {
      this.#lastPosting[id] = posting;
      const at = this.#pairCount * 2;
      if (at + 2 > this.#pairs.length) {
        // Only for entries with more distinct words than PAIRS_PER_ENTRY on average.
        const grown = new Uint32Array(this.#pairs.length * 2 + 2);
        grown.set(this.#pairs);
        this.#pairs = grown;
      }
      this.#pairs[at] = id;
      this.#pairs[at + 1] = posting;
      this.#pairCount++;
    }
  }

  /**
   * The words of lower-cased plain ASCII text[start, end) ([a-z0-9] runs): posted for `posting`,
   * or collected into `ids` if given. The hash is FNV-1a over the word.
   */
  #scanWords(text: string, start: number, end: number, posting: number, ids: number[] | null): void {
    let wordStart = -1;
    let hash = 0;
    for (let i = start; i <= end; i++) {
      const code = i < end ? text.charCodeAt(i) : 0;
      if ((code >= 97 && code <= 122) || (code >= 48 && code <= 57)) {
        if (wordStart < 0) {
          wordStart = i;
          hash = FNV_OFFSET;
        }
        hash = Math.imul(hash ^ code, FNV_PRIME);
      } else if (wordStart >= 0) {
        const id = this.#wordId(text, wordStart, i, hash);
        if (ids === null) {
          this.#addPosting(id, posting);
        } else {
          ids.push(id);
        }
        wordStart = -1;
      }
    }
  }

  /** The ids of a shared field's words, repeats kept (as if scanned in its entry's chunk). */
  #wordIds(field: SharedField): number[] {
    if (!field.plain) {
      return tokenize(field.text).map((token) => this.#tokenId(token));
    }
    const ids: number[] = [];
    const text = field.text.toLowerCase();
    this.#scanWords(text, 0, text.length, 0, ids);
    return ids;
  }

  #pathField(path: readonly string[]): SharedField {
    let field = this.#paths.get(path);
    if (field === undefined) {
      field = path.length === 0 ? EMPTY_FIELD : sharedField(path.join(' / '));
      this.#paths.set(path, field);
    }
    return field;
  }

  #urlField(host: string | null, filter: string | null): SharedField {
    if (host === null && filter === null) {
      return EMPTY_FIELD;
    }
    let byFilter = this.#urls.get(host ?? '');
    if (byFilter === undefined) {
      byFilter = new Map();
      this.#urls.set(host ?? '', byFilter);
    }
    let field = byFilter.get(filter ?? '');
    if (field === undefined) {
      field = sharedField(`${host ?? ''} ${filter ?? ''}`);
      byFilter.set(filter ?? '', field);
    }
    return field;
  }

  #typeField(type: string): SharedField {
    let field = this.#types.get(type);
    if (field === undefined) {
      // Underscores become spaces: the words are the same, and a symbol query ("_") stays literal.
      field = type === '' ? EMPTY_FIELD : sharedField(type.replaceAll('_', ' '));
      this.#types.set(type, field);
    }
    return field;
  }

  /** The id of a whole token (a word of normalised Unicode text), added to the vocabulary if new. */
  #tokenId(token: string): number {
    return this.#wordId(token, 0, token.length, fnv1a(token, 0, token.length));
  }

  /** The id of the word source[start, end) (with its hash), added to the vocabulary if new. */
  #wordId(source: string, start: number, end: number, hash: number): number {
    const found = this.#words.find(source, start, end, hash);
    return found >= 0 ? found : this.#words.add(source, start, end, hash, found);
  }
}

/** Plain ASCII stays raw (lower-cased with its chunk); anything else is normalised here. */
function sharedField(raw: string): SharedField {
  return isPlainAscii(raw) ? { text: raw, plain: true, ids: null } : { text: normalize(raw), plain: false, ids: null };
}

/**
 * pieces joined by SEPARATOR and lower-cased, each piece keeping its length. Plain-ASCII pieces
 * become `raw.toLowerCase()`, normalised ones (at `unicodePieces`) stay as they are (normalize
 * already lower-cased them), exactly as if each piece had been done on its own. Lower-casing a
 * normalised piece again changes nothing in practice; if it ever did, the pieces are lower-cased
 * one by one instead.
 */
function lowerCasedJoin(pieces: string[], unicodePieces: readonly number[]): string {
  const joined = pieces.join(SEPARATOR);
  const lowered = joined.toLowerCase();
  let unchanged = lowered.length === joined.length;
  if (unchanged && unicodePieces.length > 0) {
    let offset = 0;
    let next = 0;
    for (let piece = 0; piece < pieces.length && next < unicodePieces.length; piece++) {
      if (piece === unicodePieces[next]) {
        next++;
        unchanged &&= lowered.startsWith(pieces[piece]!, offset);
      }
      offset += pieces[piece]!.length + 1;
    }
  }
  if (unchanged) {
    return lowered;
  }
  let next = 0;
  const each = pieces.map((piece, index) => {
    if (index === unicodePieces[next]) {
      next++;
      return piece;
    }
    return piece.toLowerCase();
  });
  return each.join(SEPARATOR);
}

/** The search index over `entries` (which it keeps, not copies). */
export function buildSearchIndex<T extends Searchable>(entries: readonly T[]): SearchIndex<T> {
  return new SearchIndexBuilder().build(entries);
}

/** Bit per ASCII letter (a–z → bits 0–25, digits → bit 26) present in normalised text[start, end). */
function letterMask(text: string, start = 0, end = text.length): number {
  let mask = 0;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code >= 97 && code <= 122) {
      mask |= 1 << (code - 97);
    } else if (code >= 48 && code <= 57) {
      mask |= 1 << 26;
    }
  }
  return mask;
}

/** The chunk of index text holding document `doc`. */
function docText<T>(index: SearchIndex<T>, doc: number): string {
  return index.chunks[index.docChunk[doc]!]!;
}

/** Where document `doc`'s title starts in its chunk (docText). */
function titleStart<T>(index: SearchIndex<T>, doc: number): number {
  return index.fieldStarts[doc * FIELD_COUNT]! - index.chunkStarts[index.docChunk[doc]!]!;
}

/** Length of document `doc`'s normalised title. */
function titleLength<T>(index: SearchIndex<T>, doc: number): number {
  return index.fieldStarts[doc * FIELD_COUNT + 1]! - index.fieldStarts[doc * FIELD_COUNT]! - 1;
}

/** Alphabetical order by normalised title, for the empty query; computed on first use. */
function alphabeticalOrder<T>(index: SearchIndex<T>): Uint32Array {
  if (index.alphabetical === null) {
    const titles = Array.from({ length: index.size }, (_, doc) => {
      const start = titleStart(index, doc);
      return docText(index, doc).slice(start, start + titleLength(index, doc));
    });
    const order = Uint32Array.from(titles.keys());
    order.sort((a, b) => (titles[a]! < titles[b]! ? -1 : titles[a]! > titles[b]! ? 1 : a - b));
    index.alphabetical = order;
  }
  return index.alphabetical;
}

/** The field of document `doc` that holds text offset `offset`. */
function fieldAt(starts: Uint32Array, doc: number, offset: number): number {
  const base = doc * FIELD_COUNT;
  let field = 0;
  while (field + 1 < FIELD_COUNT && starts[base + field + 1]! <= offset) {
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
 * For query words that are not letters/digits ("@", "#"): one scan of the index text. Every
 * document still in the running (matchedWords[doc] === step) that holds the word gets its best
 * (class × field) over its first 8 occurrences in wordBest and is added to touched, in doc order.
 */
function scanSubstring<T>(index: SearchIndex<T>, word: string, step: number, matchedWords: Uint8Array, wordBest: Uint8Array, touched: number[]): void {
  const starts = index.fieldStarts;
  for (let c = 0; c < index.chunks.length; c++) {
    const text = index.chunks[c]!;
    const base = index.chunkStarts[c]!;
    let doc = index.chunkFirstDoc[c]!;
    let tries = 0;
    for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
      const offset = base + at;
      if (starts[(doc + 1) * FIELD_COUNT]! <= offset) {
        tries = 0;
        do {
          doc++;
        } while (starts[(doc + 1) * FIELD_COUNT]! <= offset);
      }
      if (matchedWords[doc] !== step || tries >= 8) {
        continue;
      }
      const field = fieldAt(starts, doc, offset);
      if (field === TYPE_FIELD) {
        // Symbols are not words: the type field only matches whole words.
        continue;
      }
      tries++;
      const klass = isWordAt(text, at - 1) ? SUBSTRING : isWordAt(text, at + word.length) ? PREFIX : EXACT;
      const value = klass * 10 + FIELD_WEIGHT[field]!;
      const previous = wordBest[doc]!;
      if (previous === 0) {
        touched.push(doc);
      }
      if (value > previous) {
        wordBest[doc] = value;
      }
    }
  }
}

/**
 * Abbreviations ("sdbp" → "Shared DB password"): the query characters in order, each one either
 * right after the previous match or at the start of a later word. Greedy, which is enough here.
 */
function subsequence(title: string, word: string, from = 0, titleEnd = title.length): number[] | null {
  for (let i = title.indexOf(word[0]!, from); i >= 0 && i < titleEnd; i = title.indexOf(word[0]!, i + 1)) {
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
        for (let at = title.indexOf(char, last + 2); at >= 0 && at < titleEnd; at = title.indexOf(char, at + 1)) {
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
      if (last >= titleEnd) {
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
function better<T>(index: SearchIndex<T>, scoreA: number, a: number, scoreB: number, b: number): boolean {
  if (scoreA !== scoreB) {
    return scoreA > scoreB;
  }
  const lengthA = titleLength(index, a);
  const lengthB = titleLength(index, b);
  return lengthA !== lengthB ? lengthA < lengthB : a < b;
}

/** Keeps the best `limit` (score, doc) pairs: a min-heap whose root is the worst kept. */
class TopK<T> {
  readonly #docs: Uint32Array;
  readonly #scores: Float64Array;
  #size = 0;

  constructor(
    readonly limit: number,
    private readonly index: SearchIndex<T>,
  ) {
    this.#docs = new Uint32Array(limit);
    this.#scores = new Float64Array(limit);
  }

  offer(score: number, doc: number): void {
    if (this.#size < this.limit) {
      this.#docs[this.#size] = doc;
      this.#scores[this.#size] = score;
      this.#up(this.#size++);
    } else if (this.limit > 0 && better(this.index, score, doc, this.#scores[0]!, this.#docs[0]!)) {
      this.#docs[0] = doc;
      this.#scores[0] = score;
      this.#down(0);
    }
  }

  sorted(): Array<{ doc: number; score: number }> {
    const out = Array.from({ length: this.#size }, (_, i) => ({ doc: this.#docs[i]!, score: this.#scores[i]! }));
    return out.sort((x, y) => (better(this.index, x.score, x.doc, y.score, y.doc) ? -1 : 1));
  }

  /** Is slot i better than slot j (so it belongs further from the root)? */
  #better(i: number, j: number): boolean {
    return better(this.index, this.#scores[i]!, this.#docs[i]!, this.#scores[j]!, this.#docs[j]!);
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
  const entries = index.entries;
  const words = queryWords(query);
  if (words.length === 0) {
    const order = alphabeticalOrder(index);
    const hits = Array.from(order.subarray(0, limit), (doc) => ({ entry: entries[doc]!, score: 0, titleRanges: [] as MatchRange[] }));
    return { hits, total: index.size };
  }

  const count = index.size;
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
      scanSubstring(index, word, step, matchedWords, wordBest, touched);
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
          if (matchedWords[doc] !== step || ((posting & 7) === TYPE_FIELD && klass !== EXACT)) {
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
          if (matchedWords[doc] === step && wordBest[doc] === 0 && (letters & ~index.titleLetters[doc]!) === 0) {
            const start = titleStart(index, doc);
            if (subsequence(docText(index, doc), word, start, start + titleLength(index, doc)) === null) {
              continue;
            }
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
  const top = new TopK<T>(limit, index);
  let total = 0;
  for (const doc of touched) {
    if (matchedWords[doc] !== words.length) {
      continue;
    }
    let score = scores[doc]!;
    if (titleLength(index, doc) === wholeQuery.length && docText(index, doc).startsWith(wholeQuery, titleStart(index, doc))) {
      score += TITLE_EQUALS_QUERY_BONUS;
    }
    total++;
    top.offer(score, doc);
  }

  const hits = top.sorted().map(({ doc, score }) => {
    const entry = entries[doc]!;
    return { entry, score, titleRanges: titleRanges(entry, words, fuzzySets, index) };
  });
  return { hits, total };
}

/** Where the query words hit the title, in original-string offsets. Only computed for returned hits. */
function titleRanges<T extends Searchable>(entry: T, words: readonly string[], fuzzySets: readonly (Uint8Array | null)[], index: SearchIndex<T>): MatchRange[] {
  const mapped = normalizeWithMap(entry.title);
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
