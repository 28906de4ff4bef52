// parseJsonFast (src/core/crypto/encoding.ts) must agree with JSON.parse on every input: the
// shortcut for a huge top-level hex member, and every shape where it must fall back.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { parseJsonFast } from '../../../src/core/crypto';
import { PsonoError } from '../../../src/core/errors';

const hex = 'a1b2c3d4e5f60789'.repeat(8192); // 128 Ki characters: above the shortcut's threshold

function same(text: string): void {
  assert.deepEqual(parseJsonFast(text, 'test'), JSON.parse(text));
}

describe('parseJsonFast', () => {
  test('the transport envelope and a share answer with the long value first or after small members', () => {
    same(JSON.stringify({ text: hex, nonce: 'ab'.repeat(24) }));
    same(JSON.stringify({ id: '5d3c9a1e-0000-4000-8000-000000000001', data: hex, data_nonce: 'cd'.repeat(24), rights: { read: true } }));
    const parsed = parseJsonFast(JSON.stringify({ data: hex, type: 'password' }), 'test') as Record<string, unknown>;
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

  test('rejects what JSON.parse rejects, as malformed-response', () => {
    for (const broken of [`{"text":"${hex}",}`, `{"text":"${hex}"`, `{"text":"${hex}`]) {
      assert.throws(() => parseJsonFast(broken, 'test'), (error: unknown) => error instanceof PsonoError && error.kind === 'malformed-response');
    }
  });
});
