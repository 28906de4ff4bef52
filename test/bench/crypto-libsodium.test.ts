// The libsodium backend of src/core/crypto must give the same bytes as tweetnacl: switch to it,
// check that the switch happened, then run the unchanged vector suites again in this process.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { cryptoBackendName, enableFastCrypto, useTweetnaclForTests } from '../../src/core/crypto';

useTweetnaclForTests();
assert.equal(cryptoBackendName(), 'tweetnacl');
await enableFastCrypto();

test('libsodium is active for the vector suites below', () => {
  assert.equal(cryptoBackendName(), 'libsodium');
});

await import('../unit/core/crypto-vectors.test');
await import('../unit/core/session-vectors.test');
await import('./parse-json-fast.test');
await import('../unit/core/streamed-envelope.test');

// withOpenedSecretbox under libsodium decodes and opens inside libsodium's own memory.
const { AsciiHex, keyFromHex, sealJson, withOpenedSecretbox } = await import('../../src/core/crypto');
const { PsonoError } = await import('../../src/core/errors');
const sodium = ((await import('libsodium-wrappers')) as unknown as { default: { libsodium: { HEAPU8: Uint8Array } } }).default;

test('libsodium opens in its own memory, zeroes the plaintext after use, and rejects what it must', () => {
  const key = keyFromHex('3c'.repeat(32), 'test key');
  const content = { data: 'ab'.repeat(300_000), note: 'Grüße' };
  const sealed = sealJson(content, key);
  let seen: Uint8Array | null = null;
  const text = withOpenedSecretbox(new AsciiHex(new TextEncoder().encode(sealed.text)), sealed.nonce, key, 'payload', (plain) => {
    seen = plain;
    return new TextDecoder().decode(plain);
  });
  assert.deepEqual(JSON.parse(text), content);
  const view = seen as Uint8Array | null;
  assert.ok(view !== null && view.buffer === sodium.libsodium.HEAPU8.buffer, 'the plaintext was read in libsodium memory');
  // Zeroed after use; free() then writes a few bytes of allocator bookkeeping into the chunk.
  const leftover = view.reduce((count, byte) => count + (byte === 0 ? 0 : 1), 0);
  assert.ok(leftover <= 64, `${leftover} non-zero bytes left where the plaintext was`);
  assert.ok(!new TextDecoder().decode(view).includes('abababab'), 'none of the plaintext is left');

  const tampered = `${sealed.text.slice(0, 1000)}${sealed.text[1000] === '0' ? '1' : '0'}${sealed.text.slice(1001)}`;
  assert.throws(() => withOpenedSecretbox(tampered, sealed.nonce, key, 'payload', () => 1), (error: unknown) => error instanceof PsonoError && error.kind === 'decrypt-failed');
  assert.throws(() => withOpenedSecretbox(`${sealed.text.slice(0, -2)}zz`, sealed.nonce, key, 'payload', () => 1), (error: unknown) => error instanceof PsonoError && error.kind === 'invalid-input');
  assert.throws(() => withOpenedSecretbox('00'.repeat(10), sealed.nonce, key, 'payload', () => 1), (error: unknown) => error instanceof PsonoError && error.kind === 'decrypt-failed');
  assert.throws(() => withOpenedSecretbox(sealed.text, sealed.nonce, keyFromHex('3d'.repeat(32), 'other key'), 'payload', () => 1), (error: unknown) => error instanceof PsonoError && error.kind === 'decrypt-failed');
});

// A streamed box (a large answer decoded while it arrives) lives in libsodium's memory too, and is
// zeroed when it is disposed.
const { StreamedSecretbox } = await import('../../src/core/crypto');

test('a streamed secretbox is decoded into libsodium memory and zeroed on dispose', () => {
  const marker = '5a17c0de'.repeat(512); // 2 KiB of a pattern that is nowhere else
  const box = new StreamedSecretbox(marker.length / 2);
  const digits = new TextEncoder().encode(marker);
  assert.equal(box.addDigits(digits, 0, 1001), true); // odd: the last digit waits for its partner
  assert.equal(box.addDigits(digits, 1001, digits.length), true);
  assert.equal(box.length, marker.length / 2);
  const pattern = Buffer.from(marker, 'hex');
  const heap = (): Buffer => Buffer.from(sodium.libsodium.HEAPU8.buffer);
  assert.ok(heap().indexOf(pattern) >= 0, 'the decoded bytes are in libsodium memory');
  box.dispose();
  assert.equal(heap().indexOf(pattern.subarray(0, 256)), -1, 'zeroed on dispose');
});

// When libsodium's memory cannot grow, opening still works: the box is decoded and opened the
// portable way (the wrappers would need that memory too, and would report a failed open).
const { openJson } = await import('../../src/core/crypto');

test('with libsodium memory exhausted, a box still opens the portable way, whole or streamed', () => {
  const key = keyFromHex('4e'.repeat(32), 'test key');
  const content = { items: ['Grüße', 'ab'.repeat(1000)] };
  const sealed = sealJson(content, key);
  const module = (sodium as unknown as { libsodium: { _malloc(size: number): number } }).libsodium;
  const malloc = module._malloc;
  module._malloc = () => 0;
  try {
    assert.deepEqual(withOpenedSecretbox(sealed.text, sealed.nonce, key, 'payload', (plain) => JSON.parse(new TextDecoder().decode(plain)) as unknown), content);
    const streamed = new StreamedSecretbox(sealed.text.length / 2);
    assert.equal(streamed.addHex(new AsciiHex(new TextEncoder().encode(sealed.text))), true);
    assert.deepEqual(streamed.openJson(sealed.nonce, key, 'payload'), content);
    streamed.dispose();
    assert.deepEqual(openJson(sealed.text, sealed.nonce, key, 'payload'), content);
  } finally {
    module._malloc = malloc;
  }
});
