/**
 * Uniform choices from a source of random integers. A plain `value % n` would make the first
 * `range % n` results more likely than the rest; rejection sampling draws again whenever a value
 * falls into that last, partial block, so every index is exactly as likely as every other.
 */

/** Uniform integers in [0, range): main fills it from node:crypto, tests from a fixed list. */
export interface RandomSource {
  readonly range: number;
  next(): number;
}

/** A uniformly distributed integer in [0, n). */
export function uniformIndex(source: RandomSource, n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > source.range) {
    throw new RangeError(`cannot choose among ${n} values from a source of ${source.range}`);
  }
  // The largest multiple of n not above range: values from it up are the biased tail.
  const limit = source.range - (source.range % n);
  for (;;) {
    const value = source.next();
    if (value < limit) {
      return value % n;
    }
  }
}

/** Fisher–Yates with uniform indices: every order is equally likely. Shuffles in place. */
export function shuffle<T>(source: RandomSource, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = uniformIndex(source, i + 1);
    const held = items[i] as T;
    items[i] = items[j] as T;
    items[j] = held;
  }
  return items;
}
