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
