import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { fnv1a, StringTable } from '../../../src/core/string-table';

describe('StringTable', () => {
  it('numbers strings in the order added and finds them again, even when every hash collides', () => {
    const table = new StringTable(4);
    const words = Array.from({ length: 3000 }, (_, i) => `word-${i}`);
    for (const word of words) {
      const missing = table.find(word, 0, word.length, 7);
      assert.ok(missing < 0, word);
      table.add(word, 0, word.length, 7, missing);
    }
    assert.deepEqual(table.strings, words);
    // Found by value from inside a longer text, not by identity.
    const text = `xx word-2999 word-17 word-3000`;
    assert.equal(table.find(text, 3, 12, 7), 2999);
    assert.equal(table.find(text, 13, 20, 7), 17);
    assert.ok(table.find(text, 21, 30, 7) < 0);
    // The same string under another hash is another key.
    assert.ok(table.find('word-17', 0, 7, 8) < 0);
  });

  it('keeps a substring it adds, not the text around it', () => {
    const table = new StringTable();
    const text = 'alpha beta';
    const hash = fnv1a(text, 6, 10);
    const number = table.add(text, 6, 10, hash, table.find(text, 6, 10, hash));
    assert.equal(table.strings[number], 'beta');
    assert.equal(table.find('beta', 0, 4, fnv1a('beta', 0, 4)), number);
  });
});

describe('fnv1a', () => {
  it('is 32-bit FNV-1a, over a range, from a chosen basis', () => {
    assert.equal(fnv1a('a', 0, 1) >>> 0, 0xe40c292c);
    assert.equal(fnv1a('foobar', 0, 6) >>> 0, 0xbf9cf968);
    assert.equal(fnv1a('xfoobarx', 1, 7), fnv1a('foobar', 0, 6));
    assert.notEqual(fnv1a('foobar', 0, 6, 12345), fnv1a('foobar', 0, 6));
  });
});
