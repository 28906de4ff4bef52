/**
 * The search index: every entry's fields normalised once, and an inverted index from each distinct
 * word of the vault (the vocabulary) to the (entry, field) pairs holding it.
 */
import { normalize, tokenize } from './normalize';

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

/** Fields, in posting order: title, path, url, description, tags, type (the last). */
export const TYPE_FIELD = 5;
/** Separates the fields in `SearchIndex.others`; never part of normalised text or a word. */
export const SEPARATOR = '\u0001';

export interface SearchIndex<T> {
  readonly size: number;
  /** The indexed entries, in document order (the caller's array, not a copy). */
  readonly entries: readonly T[];
  /** Each entry's normalised title. */
  readonly titles: readonly string[];
  /** Each entry's normalised path, url, description and tags, joined by SEPARATOR (for symbol queries). */
  readonly others: readonly string[];
  /** Distinct normalised words of all entries. */
  readonly vocabulary: readonly string[];
  /**
   * Word id's postings are postings[postingStarts[id] .. postingStarts[id + 1]), each doc * 8 + field,
   * one per (doc, field) holding the word, in document order.
   */
  readonly postingStarts: Uint32Array;
  readonly postings: Uint32Array;
}

/** A field shared by many entries (a folder's path, a URL, a type): its normalised text and its words' ids, worked out once. */
interface SharedField {
  readonly text: string;
  readonly ids: readonly number[];
}

class Builder {
  readonly #ids = new Map<string, number>();
  readonly vocabulary: string[] = [];
  /** (word id, posting) pairs in document order; `rows` sorts them by word. */
  readonly #pairs: number[] = [];
  /** The last posting added per word id: a word repeated within one field is posted once. */
  readonly #last: number[] = [];
  readonly #paths = new Map<readonly string[], SharedField>();
  readonly #types = new Map<string, SharedField>();
  readonly #urls = new Map<string | null, Map<string | null, SharedField>>();

  /** Posts the words of `raw` for `posting`; returns its normalised text. */
  text(raw: string, posting: number): string {
    const text = normalize(raw);
    for (const word of tokenize(text)) {
      this.#post(this.#id(word), posting);
    }
    return text;
  }

  /** Posts a shared field's words for `posting`; returns its normalised text. */
  shared(field: SharedField, posting: number): string {
    for (const id of field.ids) {
      this.#post(id, posting);
    }
    return field.text;
  }

  path(path: readonly string[]): SharedField {
    return cached(this.#paths, path, () => this.#field(path.join(' / ')));
  }

  // Underscores become spaces: the words are the same, and a symbol query ("_") stays literal.
  type(type: string): SharedField {
    return cached(this.#types, type, () => this.#field(type.replaceAll('_', ' ')));
  }

  url(host: string | null, filter: string | null): SharedField {
    const byFilter = cached(this.#urls, host, () => new Map<string | null, SharedField>());
    return cached(byFilter, filter, () => this.#field(host === null && filter === null ? '' : `${host ?? ''} ${filter ?? ''}`));
  }

  /** The postings as rows by word id (a counting sort of the pairs; each row stays in document order). */
  rows(): { postingStarts: Uint32Array; postings: Uint32Array } {
    const pairs = this.#pairs;
    const postingStarts = new Uint32Array(this.vocabulary.length + 1);
    for (let i = 0; i < pairs.length; i += 2) {
      postingStarts[pairs[i]! + 1]! += 1;
    }
    for (let id = 0; id < this.vocabulary.length; id++) {
      postingStarts[id + 1]! += postingStarts[id]!;
    }
    const postings = new Uint32Array(pairs.length / 2);
    const next = postingStarts.slice(0, this.vocabulary.length);
    for (let i = 0; i < pairs.length; i += 2) {
      postings[next[pairs[i]!]!++] = pairs[i + 1]!;
    }
    return { postingStarts, postings };
  }

  #field(raw: string): SharedField {
    const text = normalize(raw);
    return { text, ids: tokenize(text).map((word) => this.#id(word)) };
  }

  #post(id: number, posting: number): void {
    if (this.#last[id] !== posting) {
      this.#last[id] = posting;
      this.#pairs.push(id);
      this.#pairs.push(posting);
    }
  }

  #id(word: string): number {
    let id = this.#ids.get(word);
    if (id === undefined) {
      id = this.vocabulary.length;
      this.#ids.set(word, id);
      this.vocabulary.push(word);
      this.#last.push(-1);
    }
    return id;
  }
}

function cached<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

/** The search index over `entries` (which it keeps, not copies). */
export function buildSearchIndex<T extends Searchable>(entries: readonly T[]): SearchIndex<T> {
  const builder = new Builder();
  const titles: string[] = [];
  const others: string[] = [];
  entries.forEach((entry, doc) => {
    const at = doc * 8;
    titles.push(builder.text(entry.title, at));
    const path = builder.shared(builder.path(entry.path), at + 1);
    const url = builder.shared(builder.url(entry.urlHost, entry.urlFilter), at + 2);
    const description = builder.text(entry.description, at + 3);
    const tags = builder.text(entry.tags.join(' '), at + 4);
    builder.shared(builder.type(entry.type), at + TYPE_FIELD);
    others.push(`${path}${SEPARATOR}${url}${SEPARATOR}${description}${SEPARATOR}${tags}`);
  });
  const { postingStarts, postings } = builder.rows();
  return { size: entries.length, entries, titles, others, vocabulary: builder.vocabulary, postingStarts, postings };
}
