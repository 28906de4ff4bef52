/**
 * Harness tests: Ctrl +, −, 0 zoom the window's page through webContents.setZoomFactor, the page
 * never sees those keys, and the factor is saved and applied again at the next start.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, test } from 'node:test';

import { nextZoomFactor, zoomCommandFor } from '../../src/main/windows/zoom';
import type { FakeWebContents } from '../harness/fake-electron/windows';
import { closeBrowser, launchApp, type HarnessApp } from '../harness/launch';
import { FakeVaultService } from './fakes/fake-vault';

const key = (input: Partial<{ key: string; control: boolean; meta: boolean; alt: boolean; type: string }>) => ({ type: 'keyDown', key: '', control: false, meta: false, alt: false, ...input });

/** Sends a key press as Electron does before the page gets it; returns whether it was kept from the page. */
function press(contents: FakeWebContents, input: ReturnType<typeof key>): boolean {
  let prevented = false;
  contents.emit('before-input-event', { preventDefault: () => (prevented = true) }, input);
  return prevented;
}

describe('window zoom', () => {
  let harness: HarnessApp | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
    await closeBrowser();
  });

  test('maps Ctrl (Cmd on macOS) with +, =, −, 0 and nothing else', () => {
    assert.equal(zoomCommandFor(key({ key: '+', control: true }), 'linux'), 'in');
    assert.equal(zoomCommandFor(key({ key: '=', control: true }), 'win32'), 'in');
    assert.equal(zoomCommandFor(key({ key: '-', control: true }), 'linux'), 'out');
    assert.equal(zoomCommandFor(key({ key: '0', control: true }), 'linux'), 'reset');
    assert.equal(zoomCommandFor(key({ key: '+', meta: true }), 'darwin'), 'in');
    assert.equal(zoomCommandFor(key({ key: '+', control: true }), 'darwin'), null, 'Ctrl is not the macOS zoom key');
    assert.equal(zoomCommandFor(key({ key: '+' }), 'linux'), null);
    assert.equal(zoomCommandFor(key({ key: '+', control: true, alt: true }), 'linux'), null);
    assert.equal(zoomCommandFor(key({ key: '+', control: true, type: 'keyUp' }), 'linux'), null);
    assert.equal(zoomCommandFor(key({ key: 'l', control: true }), 'linux'), null, 'other shortcuts reach the page');
  });

  test('steps like a browser and stops at 50 % and 300 %', () => {
    assert.equal(nextZoomFactor(1, 'in'), 1.1);
    assert.equal(nextZoomFactor(1, 'out'), 0.9);
    assert.equal(nextZoomFactor(1.75, 'in'), 2);
    assert.equal(nextZoomFactor(1.3, 'out'), 1.25, 'from between two steps, to the nearer one down');
    assert.equal(nextZoomFactor(3, 'in'), 3);
    assert.equal(nextZoomFactor(0.5, 'out'), 0.5);
    assert.equal(nextZoomFactor(2.5, 'reset'), 1);
  });

  test('zooms the window, keeps the keys from the page, and saves the factor for the next start', async () => {
    harness = await launchApp({ vault: new FakeVaultService() });
    const contents = harness.main.window.window.webContents as unknown as FakeWebContents;
    assert.equal(contents.getZoomFactor(), 1);
    for (let i = 0; i < 5; i++) {
      assert.equal(press(contents, key({ key: '+', control: process.platform !== 'darwin', meta: process.platform === 'darwin' })), true);
    }
    assert.equal(contents.getZoomFactor(), 2, 'five steps up from 100 % is 200 %');
    assert.equal(press(contents, key({ key: 'l', control: true })), false, 'Ctrl+L still reaches the page');
    await new Promise((resolve) => setTimeout(resolve, 100)); // the save is not awaited by the key handler
    const stored = JSON.parse(await readFile(path.join(harness.userDataDir, 'settings.json'), 'utf8')) as { settings: { zoomFactor?: number } };
    assert.equal(stored.settings.zoomFactor, 2);
    await harness.close();

    harness = await launchApp({ vault: new FakeVaultService(), settings: { zoomFactor: 1.5 } });
    assert.equal((harness.main.window.window.webContents as unknown as FakeWebContents).getZoomFactor(), 1.5, 'applied at start');
  });
});
