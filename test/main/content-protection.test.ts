/**
 * Harness tests: the search window is kept out of screen capture (setContentProtection) from its
 * creation while the `contentProtection` setting is on (the default), and follows the setting.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import type { Settings } from '../../src/shared/ipc/dto';
import type { BrowserWindow as FakeBrowserWindow } from '../harness/fake-electron/windows';
import { closeBrowser, launchApp, type HarnessApp } from '../harness/launch';
import { callBridge, expectOk } from './bridge';
import { FakeVaultService } from './fakes/fake-vault';

const protectedNow = (harness: HarnessApp): boolean => (harness.main.window.window as unknown as FakeBrowserWindow).contentProtection;

describe('search window content protection', () => {
  let harness: HarnessApp | null = null;
  after(async () => {
    await harness?.close();
    await closeBrowser();
  });

  test('on by default from the start; switching the setting switches the window', async () => {
    harness = await launchApp({ vault: new FakeVaultService() });
    assert.equal(protectedNow(harness), true);
    const page = await harness.page();
    const off = expectOk(await callBridge<Settings>(page, 'settingsSet', { contentProtection: false }));
    assert.equal(off.contentProtection, false);
    assert.equal(protectedNow(harness), false);
    expectOk(await callBridge<Settings>(page, 'settingsSet', { contentProtection: true }));
    assert.equal(protectedNow(harness), true);
    await harness.close();
    harness = null;
  });

  test('a stored "off" is applied at start', async () => {
    harness = await launchApp({ vault: new FakeVaultService(), settings: { contentProtection: false } });
    assert.equal(protectedNow(harness), false);
  });
});
