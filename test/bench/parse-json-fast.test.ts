// parseJsonFast and parseJsonBytes (src/core/crypto/encoding.ts) must agree with JSON.parse on
// every input: the shortcut for a huge top-level hex member, and every shape where it must fall back.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { AsciiHex, hexToBytes, keyFromHex, openJson, parseJsonBytes, parseJsonFast, sealJson } from '../../src/core/crypto';
import { PsonoError } from '../../src/core/errors';

const hex = 'a1b2c3d4e5f60789'.repeat(8192); // 128 Ki characters: above the shortcut's threshold

function same(text: string): void {
  assert.deepEqual(parseJsonFast(text), JSON.parse(text));
}

describe('parseJsonFast', () => {
  test('the transport envelope and a share answer with the long value first or after small members', () => {
    same(JSON.stringify({ text: hex, nonce: 'ab'.repeat(24) }));
    same(JSON.stringify({ id: '5d3c9a1e-0000-4000-8000-000000000001', data: hex, data_nonce: 'cd'.repeat(24), rights: { read: true } }));
    const parsed = parseJsonFast(JSON.stringify({ data: hex, type: 'password' })) as Record<string, unknown>;
    assert.equal(parsed['data'], hex);
    assert.deepEqual(Object.keys(parsed).sort(), ['data', 'type']);
  });

  test('falls back, with JSON.parse results, where a cut would be unsafe', () => {
    same(JSON.stringify({ nested: { text: hex }, text: 'short' })); // key inside a nested object
    same(JSON.stringify({ nested: { text: hex }, text: '' })); // … even when the top-level one is empty
    same(JSON.stringify({ text: `${hex}\n${hex}` })); // an escape inside the value
    same(JSON.stringify({ text: hex, more: { text: 'x' } })); // same key deeper, after the value
    same(`{"text":"${hex}","text":"later wins"}`); // duplicate key: the last one counts
    same(`{"text":"short","text":"${hex}"}`);
    same(JSON.stringify({ list: ['{'], data: hex })); // brackets in the head
    same(JSON.stringify([hex])); // not an object
    same(JSON.stringify({ text: 'tiny', nonce: '00' })); // below the threshold
    same(` {"text":"${hex}"}`); // leading whitespace
  });

  test('rejects what JSON.parse rejects', () => {
    assert.throws(() => parseJsonFast(`{"text":"${hex}",}`), SyntaxError);
    assert.throws(() => parseJsonFast(`{"text":"${hex}"`), SyntaxError);
    assert.throws(() => parseJsonFast(`{"text":"${hex}`), SyntaxError);
  });
});

// parseJsonBytes is the same shortcut over UTF-8 bytes; the bulky value comes back as AsciiHex.
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
/** JSON.parse's result with every AsciiHex turned back into its text, for comparison. */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}
function sameFromBytes(text: string, fields?: readonly string[]): unknown {
  const parsed = parseJsonBytes(utf8(text), 'test', fields);
  assert.deepEqual(plain(parsed), JSON.parse(text));
  return parsed;
}

describe('parseJsonBytes', () => {
  test('cuts the long hex member out as AsciiHex, at an odd or even offset, and decodes it like the string', () => {
    for (const head of ['{"text":"', '{"a":1,"text":"']) {
      const text = `${head}${hex}","nonce":"${'ab'.repeat(24)}"}`;
      const parsed = sameFromBytes(text) as Record<string, unknown>;
      assert.ok(parsed['text'] instanceof AsciiHex, head);
      assert.deepEqual(hexToBytes(parsed['text'], 'x'), hexToBytes(hex, 'x'));
    }
  });

  test('non-ASCII text around the cut survives (only the head and tail are decoded)', () => {
    const parsed = sameFromBytes(JSON.stringify({ title: 'Grüße 🌍', data: hex, note: 'naïve' }), ['data']) as Record<string, unknown>;
    assert.ok(parsed['data'] instanceof AsciiHex);
    assert.equal(parsed['title'], 'Grüße 🌍');
  });

  test('only the named members are cut; every unsafe shape falls back to plain strings', () => {
    assert.equal(typeof (sameFromBytes(JSON.stringify({ data: hex }), ['text']) as Record<string, unknown>)['data'], 'string');
    for (const text of [
      JSON.stringify({ nested: { text: hex }, text: '' }),
      JSON.stringify({ text: `${hex}\n${hex}` }),
      `{"text":"${hex}","text":"later wins"}`,
      JSON.stringify({ list: ['{'], text: hex }),
      JSON.stringify([hex]),
      ` {"text":"${hex}"}`,
    ]) {
      const parsed = sameFromBytes(text);
      assert.ok(!JSON.stringify(parsed, (_, value: unknown) => (value instanceof AsciiHex ? 'CUT' : value)).includes('CUT'), text.slice(0, 30));
    }
  });

  test('rejects broken JSON and invalid UTF-8', () => {
    assert.throws(() => parseJsonBytes(utf8(`{"text":"${hex}",}`), 'test'), SyntaxError);
    assert.throws(() => parseJsonBytes(utf8(`{"text":"${hex}`), 'test'), SyntaxError);
    const badHead = utf8(`{"a":"xx","text":"${hex}"}`);
    badHead[6] = 0xff;
    assert.throws(() => parseJsonBytes(badHead, 'test'), (error: unknown) => error instanceof PsonoError && error.kind === 'malformed-response');
  });

  test('hexToBytes over AsciiHex rejects what it rejects over a string', () => {
    const digits = utf8(`${hex}`);
    digits[70_001] = 0x67; // 'g'
    assert.throws(() => hexToBytes(new AsciiHex(digits), 'x'), (error: unknown) => error instanceof PsonoError && error.kind === 'invalid-input');
    assert.throws(() => hexToBytes(new AsciiHex(utf8('abc')), 'x'), PsonoError);
    assert.deepEqual(hexToBytes(new AsciiHex(utf8('00FFa0')), 'x'), new Uint8Array([0, 255, 160]));
  });
});

describe('openJson with hexMembers', () => {
  const key = keyFromHex('42'.repeat(32), 'test key');

  test('returns the named member as a copy that survives the wipe of the plaintext', () => {
    const content = { data: hex, data_nonce: 'cd'.repeat(24), title: 'Grüße' };
    const sealed = sealJson(content, key);
    const opened = openJson(sealed.text, sealed.nonce, key, 'share', ['data']) as Record<string, unknown>;
    assert.ok(opened['data'] instanceof AsciiHex);
    assert.deepEqual(plain(opened), content);
    const viaBytes = openJson(new AsciiHex(utf8(sealed.text)), sealed.nonce, key, 'share', ['data']);
    assert.deepEqual(plain(viaBytes), content);
  });

  test('without hexMembers a long text member stays a string, whatever it holds', () => {
    const note = 'x'.repeat(100_000);
    const sealed = sealJson({ text: note }, key);
    assert.deepEqual(openJson(sealed.text, sealed.nonce, key, 'secret'), { text: note });
  });
});
