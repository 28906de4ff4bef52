// parseJsonFast and parseJsonBytes (src/core/crypto/encoding.ts) must agree with JSON.parse on
// every input: the shortcut for a huge top-level hex member, and every shape where it must fall back.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { AsciiHex, disposeCiphertext, hexToBytes, keyFromHex, openJson, parseJsonBytes, parseJsonFast, sealJson, StreamedSecretbox } from '../../src/core/crypto';
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

// A body as the socket delivered it: pieces, possibly splitting a marker, a hex pair or a UTF-8 character.
function piecesAt(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const bounds = [0, ...cuts, bytes.length];
  return bounds.slice(1).map((end, i) => bytes.subarray(bounds[i]!, end));
}

describe('parseJsonBytes over pieces', () => {
  const envelope = `{"title":"Grüße 🌍","text":"${hex}","nonce":"${'ab'.repeat(24)}"}`;
  const bytes = utf8(envelope);
  const valueStart = bytes.indexOf(0x22, bytes.indexOf(0x3a, 22)) + 1;
  const valueEnd = valueStart + hex.length;

  test('reads the document in place wherever the pieces split it, and the cut value decodes the same', () => {
    const splits: number[][] = [
      [1],
      [12], // inside the 4-byte emoji of the head
      [valueStart - 4], // inside the "text" marker
      [valueStart, valueEnd], // at the value's bounds
      [valueStart + 1, valueStart + 32_769, valueEnd - 1], // odd offsets inside the hex, one past the decoder's step
      [valueEnd + 3], // inside the tail
      [5, 5, 9000, 9000, 70_001], // empty pieces too
      Array.from({ length: 60 }, (_, i) => 7 + i * 2203), // many small pieces
    ];
    const whole = parseJsonBytes(bytes, 'test') as Record<string, unknown>;
    for (const cuts of splits) {
      const parsed = parseJsonBytes(piecesAt(bytes, cuts), 'test') as Record<string, unknown>;
      assert.deepEqual(plain(parsed), JSON.parse(envelope), String(cuts));
      assert.ok(parsed['text'] instanceof AsciiHex, String(cuts));
      assert.deepEqual(hexToBytes(parsed['text'], 'x'), hexToBytes(whole['text'] as AsciiHex, 'x'), String(cuts));
    }
  });

  test('falls back to JSON.parse results for every unsafe shape, split anywhere', () => {
    for (const text of [
      JSON.stringify({ nested: { text: hex }, text: '' }),
      JSON.stringify({ text: `${hex}\n${hex}` }),
      `{"text":"${hex}","text":"later wins"}`,
      JSON.stringify({ list: ['{'], text: hex }),
      ` {"text":"${hex}"}`,
    ]) {
      const encoded = utf8(text);
      for (const cuts of [[0], [3], [encoded.length >> 1], [9, 70_000]]) {
        assert.deepEqual(plain(parseJsonBytes(piecesAt(encoded, cuts), 'test')), JSON.parse(text), `${text.slice(0, 20)} ${String(cuts)}`);
      }
    }
    assert.throws(() => parseJsonBytes(piecesAt(utf8(`{"text":"${hex}",}`), [40_000]), 'test'), SyntaxError);
  });

  test('AsciiHex over pieces rejects a bad digit in a later piece and decodes odd piece boundaries', () => {
    const digits = utf8('00ff10a7'.repeat(10_000));
    const good = new AsciiHex(piecesAt(digits, [1, 3, 33_333, 50_001]));
    assert.equal(good.length, digits.length);
    assert.deepEqual(hexToBytes(good, 'x'), hexToBytes(new AsciiHex(digits), 'x'));
    assert.equal(good.toString(), '00ff10a7'.repeat(10_000));
    const bad = Uint8Array.from(digits);
    bad[60_001] = 0x47; // 'G'
    assert.throws(() => hexToBytes(new AsciiHex(piecesAt(bad, [1, 33_333, 50_001])), 'x'), (error: unknown) => error instanceof PsonoError && error.kind === 'invalid-input');
  });

  test('a transport envelope read from pieces opens like the joined one', () => {
    const key = keyFromHex('42'.repeat(32), 'test key');
    const content = { data: hex, data_nonce: 'cd'.repeat(24), title: 'Grüße' };
    const sealed = sealJson(content, key);
    const body = utf8(JSON.stringify({ text: sealed.text, nonce: sealed.nonce }));
    const envelope = parseJsonBytes(piecesAt(body, [7, 4097, 65_537, 100_001]), 'response', ['text']) as { text: AsciiHex; nonce: string };
    assert.ok(envelope.text instanceof AsciiHex);
    assert.deepEqual(plain(openJson(envelope.text, envelope.nonce, key, 'share', ['data'])), content);
  });
});

describe('openJson with hexMembers', () => {
  const key = keyFromHex('42'.repeat(32), 'test key');

  test('returns a small member as a hex copy and a large one decoded into a box, both surviving the wipe of the plaintext', () => {
    // 40K digits in a document over 64K: cut out as hex, but below the size worth a box of its own.
    const small = { data: 'ab12'.repeat(10_000), data_nonce: 'cd'.repeat(24), title: 'Grüße'.repeat(5000) };
    const sealedSmall = sealJson(small, key);
    const openedSmall = openJson(sealedSmall.text, sealedSmall.nonce, key, 'share', ['data']) as Record<string, unknown>;
    assert.ok(openedSmall['data'] instanceof AsciiHex);
    assert.deepEqual(plain(openedSmall), small);

    const content = { data: hex, data_nonce: 'cd'.repeat(24), title: 'Grüße' };
    const sealed = sealJson(content, key);
    const opened = openJson(sealed.text, sealed.nonce, key, 'share', ['data']) as Record<string, unknown>;
    assert.ok(opened['data'] instanceof StreamedSecretbox, 'decoded, not copied as hex');
    assert.equal((opened['data'] as StreamedSecretbox).length, hex.length / 2);
    assert.deepEqual(plain(opened), content);
    const viaBytes = openJson(new AsciiHex(utf8(sealed.text)), sealed.nonce, key, 'share', ['data']);
    assert.deepEqual(plain(viaBytes), content);
  });

  test('a decoded member opens like its hex, any number of times (a share tried with each key), until disposed', () => {
    const innerKey = keyFromHex('17'.repeat(32), 'inner key');
    const wrongKey = keyFromHex('18'.repeat(32), 'wrong key');
    const secret = { items: Array.from({ length: 2000 }, (_, i) => ({ id: i, name: `Item ${i}` })) };
    const inner = sealJson(secret, innerKey);
    const sealed = sealJson({ data: inner.text, data_nonce: inner.nonce }, key);
    const opened = openJson(sealed.text, sealed.nonce, key, 'response', ['data']) as Record<string, unknown>;
    const data = opened['data'];
    assert.ok(data instanceof StreamedSecretbox);
    assert.throws(() => openJson(data, inner.nonce, wrongKey, 'share'), (error: unknown) => error instanceof PsonoError && error.kind === 'decrypt-failed');
    assert.deepEqual(openJson(data, inner.nonce, innerKey, 'share'), secret);
    assert.deepEqual(openJson(data, inner.nonce, innerKey, 'share'), secret);
    disposeCiphertext(data);
    assert.throws(() => openJson(data, inner.nonce, innerKey, 'share'), (error: unknown) => error instanceof PsonoError && error.kind === 'invalid-input');
  });

  test('a large member that is not even-length hex stays hex, so opening it fails as before', () => {
    for (const bad of [`${hex}a`, `${hex.slice(0, 5000)}zz${hex.slice(5002)}`]) {
      const sealed = sealJson({ data: bad, data_nonce: 'cd'.repeat(24) }, key);
      const opened = openJson(sealed.text, sealed.nonce, key, 'response', ['data']) as Record<string, unknown>;
      assert.ok(opened['data'] instanceof AsciiHex);
      assert.throws(() => openJson(opened['data'] as AsciiHex, 'cd'.repeat(24), key, 'share'), (error: unknown) => error instanceof PsonoError && error.kind === 'invalid-input');
    }
  });

  test('without hexMembers a long text member stays a string, whatever it holds', () => {
    const note = 'x'.repeat(100_000);
    const sealed = sealJson({ text: note }, key);
    assert.deepEqual(openJson(sealed.text, sealed.nonce, key, 'secret'), { text: note });
  });
});
