/**
 * Faster first unlock: main starts loading libsodium at startup (fire-and-forget), so the first
 * login does not wait for the WASM module. The fake vault never logs in, so only startApp can
 * have switched the backend.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import { cryptoBackendName } from '../../src/core/crypto';
import { closeBrowser, launchApp, type HarnessApp } from '../harness/launch';
import { FakeVaultService } from './fakes/fake-vault';

describe('crypto backend at startup', () => {
  let harness: HarnessApp | null = null;
  after(async () => {
    await harness?.close();
    await closeBrowser();
  });

  test('startApp switches the primitives to libsodium before any login', async () => {
    assert.equal(cryptoBackendName(), 'tweetnacl', 'nothing in this process loaded libsodium yet');
    const vault = new FakeVaultService();
    harness = await launchApp({ vault });
    for (let i = 0; i < 200 && cryptoBackendName() !== 'libsodium'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(cryptoBackendName(), 'libsodium');
    assert.equal(harness.main.state().phase, 'no-profile', 'no profile, so no login happened');
  });
});
