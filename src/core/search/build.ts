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

/** Fields, in posting order: title, path, url, description, tags, type. */
export const FIELD_COUNT = 6;
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

/** A field's normalised text and its words' ids; path, URL and type are shared by many entries and worked out once. */
interface Field {
  readonly text: string;
  readonly ids: readonly number[];
}

class Builder {
  readonly #ids = new Map<string, number>();
  readonly vocabulary: string[] = [];
  readonly lists: number[][] = [];
  /** Shared fields by their raw text (path "a / b", URL "host filter", type). */
  readonly #shared = new Map<string, Field>();

  field(raw: string): Field {
    const text = normalize(raw);
    return { text, ids: tokenize(text).map((word) => this.#id(word)) };
  }

  shared(raw: string): Field {
    let field = this.#shared.get(raw);
    if (field === undefined) {
      field = this.field(raw);
      this.#shared.set(raw, field);
    }
    return field;
  }

  post(field: Field, posting: number): void {
    for (const id of field.ids) {
      const list = this.lists[id]!;
      // A word's postings arrive in document and field order: a repeat can only be the last one.
      if (list[list.length - 1] !== posting) {
        list.push(posting);
      }
    }
  }

  #id(word: string): number {
    let id = this.#ids.get(word);
    if (id === undefined) {
      id = this.vocabulary.length;
      this.#ids.set(word, id);
      this.vocabulary.push(word);
      this.lists.push([]);
    }
    return id;
  }
}

/** The search index over `entries` (which it keeps, not copies). */
export function buildSearchIndex<T extends Searchable>(entries: readonly T[]): SearchIndex<T> {
  const builder = new Builder();
  const titles: string[] = [];
  const others: string[] = [];
  entries.forEach((entry, doc) => {
    const url = entry.urlHost === null && entry.urlFilter === null ? '' : `${entry.urlHost ?? ''} ${entry.urlFilter ?? ''}`;
    const fields = [
      builder.field(entry.title),
      builder.shared(entry.path.join(' / ')),
      builder.shared(url),
      builder.field(entry.description),
      builder.field(entry.tags.join(' ')),
      // Underscores become spaces: the words are the same, and a symbol query ("_") stays literal.
      builder.shared(entry.type.replaceAll('_', ' ')),
    ];
    fields.forEach((field, f) => builder.post(field, doc * 8 + f));
    titles.push(fields[0]!.text);
    others.push(`${fields[1]!.text}${SEPARATOR}${fields[2]!.text}${SEPARATOR}${fields[3]!.text}${SEPARATOR}${fields[4]!.text}`);
  });

  // One typed array for all postings: a list per word would cost far more memory at 50k entries.
  const lists = builder.lists;
  const postingStarts = new Uint32Array(lists.length + 1);
  lists.forEach((list, id) => (postingStarts[id + 1] = postingStarts[id]! + list.length));
  const postings = new Uint32Array(postingStarts[lists.length]!);
  lists.forEach((list, id) => postings.set(list, postingStarts[id]!));
  return { size: entries.length, entries, titles, others, vocabulary: builder.vocabulary, postingStarts, postings };
}
