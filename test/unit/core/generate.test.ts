/**
 * The generator's choices: uniform by rejection sampling (checked exhaustively on a tiny source),
 * passwords of the asked length with every chosen class and no look-alikes, passphrases from the
 * shipped EFF list.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  CHARACTER_CLASSES,
  LOOK_ALIKES,
  generatePassphrase,
  generatePassword,
  passphraseBits,
  shuffle,
  uniformIndex,
  type RandomSource,
} from '../../../src/core/generate';
import { cryptoRandomSource } from '../../../src/main/generator/crypto-random';
import { effLargeWordList } from '../../../src/main/generator/word-list';
import { DEFAULT_PASSPHRASE_OPTIONS, DEFAULT_PASSWORD_OPTIONS } from '../../../src/shared/generator-limits';

/** Plays back `values` in order (then fails), so a test sees exactly which draws were used. */
function fixedSource(range: number, values: readonly number[]): RandomSource & { readonly used: number } {
  let index = 0;
  return {
    range,
    get used() {
      return index;
    },
    next() {
      const value = values[index++];
      if (value === undefined) {
        throw new Error('the fixed source ran out');
      }
      return value;
    },
  };
}

describe('uniformIndex: rejection sampling', () => {
  it('every index is equally likely: each value of an 8-value source maps once, the biased tail is drawn again', () => {
    // 8 % 3 = 2: a plain modulo would give 0 and 1 three times each and 2 only twice.
    const counts = [0, 0, 0];
    let rejected = 0;
    for (let value = 0; value < 8; value++) {
      const source = fixedSource(8, [value, 0]);
      const index = uniformIndex(source, 3);
      if (source.used === 2) {
        rejected++;
      } else {
        counts[index]! += 1;
      }
    }
    assert.deepEqual(counts, [2, 2, 2]);
    assert.equal(rejected, 2);
  });

  it('a rejected draw is followed by the next one', () => {
    const source = fixedSource(2 ** 32, [2 ** 32 - 1, 7]);
    assert.equal(uniformIndex(source, 3), 1);
    assert.equal(source.used, 2);
  });

  it('refuses a choice the source cannot make', () => {
    assert.throws(() => uniformIndex(fixedSource(8, []), 9), RangeError);
    assert.throws(() => uniformIndex(fixedSource(8, []), 0), RangeError);
  });

  it('shuffle keeps every item', () => {
    const items = [...'abcdefgh'];
    assert.deepEqual(shuffle(cryptoRandomSource(), [...items]).sort(), items);
  });
});

describe('generatePassword', () => {
  const random = cryptoRandomSource();

  it('has the asked length and one of each chosen class', () => {
    for (const length of [8, 20, 128]) {
      for (let round = 0; round < 50; round++) {
        const password = generatePassword(random, { ...DEFAULT_PASSWORD_OPTIONS, length, avoidLookAlikes: false });
        assert.equal(password.length, length);
        for (const alphabet of Object.values(CHARACTER_CLASSES)) {
          assert.ok([...password].some((char) => alphabet.includes(char)), `${alphabet} missing`);
        }
      }
    }
  });

  it('uses only the chosen classes', () => {
    for (let round = 0; round < 50; round++) {
      assert.match(generatePassword(random, { ...DEFAULT_PASSWORD_OPTIONS, upper: false, symbols: false }), /^[a-z0-9]+$/);
      assert.match(generatePassword(random, { ...DEFAULT_PASSWORD_OPTIONS, lower: false, upper: false, symbols: false }), /^[0-9]+$/);
    }
  });

  it('leaves out look-alike characters when asked', () => {
    const seen = new Set<string>();
    for (let round = 0; round < 200; round++) {
      for (const char of generatePassword(random, { ...DEFAULT_PASSWORD_OPTIONS, length: 64, avoidLookAlikes: true })) {
        seen.add(char);
      }
    }
    assert.deepEqual([...LOOK_ALIKES].filter((char) => seen.has(char)), []);
    assert.ok(seen.size > 60, 'the rest of the alphabet still occurs');
  });

  it('refuses no class, or a length that cannot hold one of each', () => {
    assert.throws(() => generatePassword(random, { ...DEFAULT_PASSWORD_OPTIONS, lower: false, upper: false, digits: false, symbols: false }), RangeError);
    assert.throws(() => generatePassword(random, { ...DEFAULT_PASSWORD_OPTIONS, length: 3 }), RangeError);
  });
});

describe('generatePassphrase', async () => {
  const words = await effLargeWordList();

  it('the shipped list is the EFF large list: 7,776 distinct words, in dice order', () => {
    assert.equal(words.length, 7776);
    assert.equal(new Set(words).size, 7776);
    assert.deepEqual([words[0], words[7775]], ['abacus', 'zoom']);
  });

  it('joins the asked number of words from the list with the separator', () => {
    const list = new Set(words);
    for (let round = 0; round < 50; round++) {
      const phrase = generatePassphrase(cryptoRandomSource(), words, { ...DEFAULT_PASSPHRASE_OPTIONS, words: 7, separator: '.' });
      const parts = phrase.split('.');
      assert.equal(parts.length, 7);
      assert.ok(parts.every((part) => list.has(part)), phrase.replace(/./g, '*'));
    }
  });

  it('picks the word at the drawn index, capitalised when asked', () => {
    const source = fixedSource(2 ** 32, [0, 7775, 1]);
    assert.equal(generatePassphrase(source, words, { kind: 'passphrase', words: 3, separator: ' ', capitalize: true }), 'Abacus Zoom Abdomen');
    assert.equal(passphraseBits(6, words.length), 77);
  });
});
