/** Passphrases: words drawn uniformly (with repetition) from a word list, joined by a separator. */
import type { PassphraseOptions } from './options';
import { uniformIndex, type RandomSource } from './random';

export function generatePassphrase(source: RandomSource, words: readonly string[], options: PassphraseOptions): string {
  if (!Number.isInteger(options.words) || options.words < 1) {
    throw new RangeError('ask for at least one word');
  }
  if (words.length < 2) {
    throw new RangeError('the word list is empty');
  }
  const chosen: string[] = [];
  for (let i = 0; i < options.words; i++) {
    const word = words[uniformIndex(source, words.length)] ?? '';
    chosen.push(options.capitalize ? word.charAt(0).toUpperCase() + word.slice(1) : word);
  }
  return chosen.join(options.separator);
}

export function passphraseBits(wordCount: number, listSize: number): number {
  return Math.floor(wordCount * Math.log2(listSize));
}
