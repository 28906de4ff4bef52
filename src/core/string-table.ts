/**
 * Strings numbered 0, 1, 2, … in the order they were added, found again by a 32-bit hash the
 * caller computes (`fnv1a`, or on the fly while scanning text): an open-addressed table of typed
 * arrays, kept at most half full, comparing strings only when their hashes agree. The search
 * vocabulary and the vault's duplicate-id check use it. For tens of thousands of fresh strings a
 * `Map`/`Set` cost more: it hashes each string in full itself, and its last tables are large
 * objects on fresh memory.
 */
export class StringTable {
  readonly #strings: string[] = [];
  /** Hash of each string, by number. */
  #hashes: Int32Array;
  /** Open addressing: number + 1, 0 = empty. */
  #slots: Int32Array;

  /** `expected`: how many strings to size for at first (a power of two); it grows as needed. */
  constructor(expected = 1024) {
    this.#hashes = new Int32Array(expected);
    this.#slots = new Int32Array(expected * 2);
  }

  /** The strings, by number (the live array: read it, do not change it). */
  get strings(): readonly string[] {
    return this.#strings;
  }

  /**
   * The number of source[start, end), whose hash is `hash`; or, if the table does not hold it, a
   * negative value to pass to `add`.
   */
  find(source: string, start: number, end: number, hash: number): number {
    const slots = this.#slots;
    const mask = slots.length - 1;
    let slot = hash & mask;
    for (let held = slots[slot]!; held !== 0; held = slots[slot]!) {
      const number = held - 1;
      if (this.#hashes[number] === hash) {
        const text = this.#strings[number]!;
        if (text.length === end - start && source.startsWith(text, start)) {
          return number;
        }
      }
      slot = (slot + 1) & mask;
    }
    return -1 - slot;
  }

  /** Adds source[start, end) with the negative answer `find` just gave for it; returns its number. */
  add(source: string, start: number, end: number, hash: number, missing: number): number {
    const number = this.#strings.length;
    this.#strings.push(start === 0 && end === source.length ? source : source.slice(start, end));
    if (number >= this.#hashes.length) {
      const grown = new Int32Array(this.#hashes.length * 2);
      grown.set(this.#hashes);
      this.#hashes = grown;
    }
    this.#hashes[number] = hash;
    this.#slots[-1 - missing] = number + 1;
    if ((number + 1) * 2 > this.#slots.length) {
      this.#rehash(this.#slots.length * 2);
    }
    return number;
  }

  #rehash(size: number): void {
    const slots = new Int32Array(size);
    const mask = size - 1;
    for (let number = 0; number < this.#strings.length; number++) {
      let slot = this.#hashes[number]! & mask;
      while (slots[slot] !== 0) {
        slot = (slot + 1) & mask;
      }
      slots[slot] = number + 1;
    }
    this.#slots = slots;
  }
}

export const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 0x01000193;

/** FNV-1a of text[start, end), from `basis` (a random basis makes crafted collisions useless). */
export function fnv1a(text: string, start: number, end: number, basis = FNV_OFFSET): number {
  let hash = basis;
  for (let i = start; i < end; i++) {
    hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME);
  }
  return hash;
}
