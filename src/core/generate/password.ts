/**
 * Random passwords from chosen character classes: one character of each chosen class first (so
 * every class is present), the rest from all of them, then the whole shuffled.
 */
import type { PasswordOptions } from './options';
import { shuffle, uniformIndex, type RandomSource } from './random';

export const CHARACTER_CLASSES = {
  lower: 'abcdefghijklmnopqrstuvwxyz',
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  digits: '0123456789',
  // No quotes, backslash or backtick: they break shell lines and config files people paste into.
  symbols: '!#$%&()*+,-./:;<=>?@[]^_{|}~',
} as const;

/** Read for one another in many fonts (KeePassXC's set): 0/O, 1/l/I/|, 8/B, 6/G. */
export const LOOK_ALIKES = '0O1lI|8B6G';

export type CharacterClass = keyof typeof CHARACTER_CLASSES;

/** The alphabets the options ask for, look-alikes removed if asked; empty if none is chosen. */
export function alphabets(options: PasswordOptions): string[] {
  const chosen = (Object.keys(CHARACTER_CLASSES) as CharacterClass[]).filter((name) => options[name]);
  return chosen.map((name) => [...CHARACTER_CLASSES[name]].filter((char) => !options.avoidLookAlikes || !LOOK_ALIKES.includes(char)).join(''));
}

export function generatePassword(source: RandomSource, options: PasswordOptions): string {
  const sets = alphabets(options);
  if (sets.length === 0) {
    throw new RangeError('choose at least one character class');
  }
  if (!Number.isInteger(options.length) || options.length < sets.length) {
    throw new RangeError('the length must fit one character of each chosen class');
  }
  const all = sets.join('');
  const pick = (alphabet: string): string => alphabet.charAt(uniformIndex(source, alphabet.length));
  const chars = sets.map(pick);
  while (chars.length < options.length) {
    chars.push(pick(all));
  }
  return shuffle(source, chars).join('');
}

/** About how many bits of randomness a password of these options carries (a slight overestimate). */
export function passwordBits(options: PasswordOptions): number {
  const size = alphabets(options).join('').length;
  return size > 0 ? Math.floor(options.length * Math.log2(size)) : 0;
}
