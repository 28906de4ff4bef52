// The libsodium backend of src/core/crypto must give the same bytes as tweetnacl: switch to it,
// check that the switch happened, then run the unchanged vector suites again in this process.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { cryptoBackendName, enableFastCrypto, keyFromHex, openJson, sealJson, useTweetnaclForTests } from '../../../src/core/crypto';
import { PsonoError } from '../../../src/core/errors';

useTweetnaclForTests();
assert.equal(cryptoBackendName(), 'tweetnacl');
const key = keyFromHex('3c'.repeat(32), 'test key');
const content = { data: 'ab'.repeat(300_000), note: 'Grüße 🌍' };
// Sealed by tweetnacl, opened below by libsodium.
const sealedByTweetnacl = sealJson(content, key);
await enableFastCrypto();

test('libsodium is active for the vector suites below', () => {
  assert.equal(cryptoBackendName(), 'libsodium');
});

await import('./crypto-vectors.test');
await import('./session-vectors.test');

const isKind = (kind: string) => (error: unknown) => error instanceof PsonoError && error.kind === kind;

test('libsodium opens a megabyte payload sealed by tweetnacl, and rejects what it must', () => {
  assert.deepEqual(openJson(sealedByTweetnacl.text, sealedByTweetnacl.nonce, key, 'payload'), content);
  const { text, nonce } = sealedByTweetnacl;
  const tampered = `${text.slice(0, 1000)}${text[1000] === '0' ? '1' : '0'}${text.slice(1001)}`;
  assert.throws(() => openJson(tampered, nonce, key, 'payload'), isKind('decrypt-failed'));
  assert.throws(() => openJson(`${text.slice(0, -2)}zz`, nonce, key, 'payload'), isKind('invalid-input'));
  assert.throws(() => openJson('00'.repeat(10), nonce, key, 'payload'), isKind('decrypt-failed'));
  assert.throws(() => openJson(text, nonce, keyFromHex('3d'.repeat(32), 'other key'), 'payload'), isKind('decrypt-failed'));
});
