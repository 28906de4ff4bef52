/**
 * Harness: window lifecycle (hidden at start, shortcut toggle, Esc/blur/close hide), the global
 * shortcut's real registration state, second-instance commands, single instance, quit.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { startApp } from '../../src/main/app';
import { KeytarKeychain } from '../../src/main/keychain/keychain';
import { keytar } from '../../src/main/keychain/keytar-module';
import { createLogger } from '../../src/main/log';
import type { AppState, Settings } from '../../src/shared/ipc/dto';
import * as electron from '../harness/fake-electron/index';
import { closeBrowser, launchApp, type HarnessApp } from '../harness/launch';
import { callBridge, expectError, expectOk } from './bridge';
import { FAKE_SETUP, FakeVaultService } from './fakes/fake-vault';

interface ProbeEvent {
  name: string;
  payload: unknown;
}

async function events(harness: HarnessApp): Promise<ProbeEvent[]> {
  await (harness.main.window.window.webContents as unknown as { __flush(): Promise<unknown> }).__flush();
  const page = await harness.page();
  return page.evaluate(() => (window as unknown as { __probeEvents: ProbeEvent[] }).__probeEvents);
}

describe('app lifecycle', () => {
  const keychain = new KeytarKeychain(keytar, createLogger('Keychain', () => undefined), `psono-tray-test-life-${process.pid}`);
  let userDataDir: string;
  let harness: HarnessApp;

  before(async () => {
    userDataDir = await mkdtemp(path.join(tmpdir(), 'psono-tray-life-'));
  });
  after(async () => {
    await harness?.close();
    for (const account of await keychain.accounts().catch(() => [])) {
      await keychain.remove(account);
    }
    await rm(userDataDir, { recursive: true, force: true });
    await closeBrowser();
  });

  test('first run: the window opens on setup; the GlobalShortcutsPortal switch is set on Linux', async () => {
    harness = await launchApp({ vault: new FakeVaultService(), keychain, userDataDir });
    assert.equal(electron.app.commandLine.getSwitchValue('enable-features'), 'GlobalShortcutsPortal');
    for (let i = 0; i < 50 && !harness.main.window.isVisible(); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.equal(harness.main.window.isVisible(), true);
    assert.deepEqual((await events(harness)).find((event) => event.name === 'window:shown')?.payload, { view: 'setup' });
    const page = await harness.page();
    expectOk(await callBridge<AppState>(page, 'setupSave', { credentials: FAKE_SETUP, pin: null }));
    await harness.close();
  });

  test('later runs: created hidden; the shortcut shows it at once and toggles it', async () => {
    harness = await launchApp({ vault: new FakeVaultService(), keychain, userDataDir });
    const window = harness.main.window;
    assert.equal(window.isVisible(), false, 'hidden at start');
    assert.equal(window.window.isDestroyed(), false, 'but created, so showing is instant');
    assert.deepEqual(harness.main.state().shortcut, { accelerator: 'CommandOrControl+Alt+P', registered: true });

    harness.pressShortcut();
    assert.equal(window.isVisible(), true);
    assert.equal(window.window.isFocused(), true);
    assert.deepEqual((await events(harness)).at(-1), { name: 'window:shown', payload: { view: 'unlock' } });

    harness.pressShortcut();
    assert.equal(window.isVisible(), false);
    assert.deepEqual((await events(harness)).at(-1), { name: 'window:hidden', payload: null });
  });

  test('Esc (window:hide), blur and every close path hide the window; none destroys it', async () => {
    const window = harness.main.window;
    const page = await harness.page();
    harness.pressShortcut();
    expectOk(await callBridge(page, 'windowHide'));
    assert.equal(window.isVisible(), false);

    harness.pressShortcut();
    (window.window as unknown as { __blur(): void }).__blur();
    assert.equal(window.isVisible(), false, 'blur hides');

    harness.pressShortcut();
    assert.equal(await (window.window as unknown as { __close(): Promise<boolean> }).__close(), false, 'close was prevented');
    assert.equal(window.isVisible(), false);
    assert.equal(window.window.isDestroyed(), false);
  });

  test('settings and setup stay open on blur (the user copies values from elsewhere)', async () => {
    harness.main.show('settings');
    (harness.main.window.window as unknown as { __blur(): void }).__blur();
    assert.equal(harness.main.window.isVisible(), true);
    harness.main.window.hide();
  });

  test('a second launch forwards --toggle-search, --show-search and --lock', async () => {
    const page = await harness.page();
    expectOk(await callBridge(page, 'lockUnlock', { pin: null }));
    assert.equal(harness.main.state().phase, 'unlocked');
    electron.app.__secondInstance(['/usr/bin/psono-tray', '--toggle-search']);
    assert.equal(harness.main.window.isVisible(), true);
    assert.deepEqual((await events(harness)).at(-1), { name: 'window:shown', payload: { view: 'search' } });
    electron.app.__secondInstance(['/usr/bin/psono-tray', '--toggle-search']);
    assert.equal(harness.main.window.isVisible(), false);

    // The .desktop file's "Search" action: shows the search, and a second one leaves it open.
    for (let i = 0; i < 2; i++) {
      electron.app.__secondInstance(['/usr/bin/psono-tray', '--show-search']);
      assert.equal(harness.main.window.isVisible(), true);
    }
    assert.deepEqual((await events(harness)).at(-1), { name: 'window:shown', payload: { view: 'search' } });
    harness.main.window.hide();

    electron.app.__secondInstance(['/usr/bin/psono-tray', '--lock']);
    for (let i = 0; i < 100 && harness.main.state().phase !== 'locked'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.equal(harness.main.state().phase, 'locked');
    assert.equal(harness.main.state().lockReason, 'manual');
  });

  test('the shortcut state is what registration reported; a new shortcut is applied at once', async () => {
    const page = await harness.page();
    electron.globalShortcut.takenByOthers.add('CommandOrControl+Shift+Space');
    const taken = expectOk(await callBridge<Settings>(page, 'settingsSet', { shortcut: 'CommandOrControl+Shift+Space' }));
    assert.equal(taken.shortcut, 'CommandOrControl+Shift+Space');
    assert.deepEqual(harness.main.state().shortcut, { accelerator: 'CommandOrControl+Shift+Space', registered: false });
    assert.equal(electron.globalShortcut.isRegistered('CommandOrControl+Alt+P'), false, 'the old one is released');

    expectOk(await callBridge<Settings>(page, 'settingsSet', { shortcut: 'Alt+Shift+K' }));
    assert.deepEqual(harness.main.state().shortcut, { accelerator: 'Alt+Shift+K', registered: true });
    harness.pressShortcut('Alt+Shift+K');
    assert.equal(harness.main.window.isVisible(), true);
    expectOk(await callBridge<Settings>(page, 'settingsSet', { theme: 'dark' }));
    assert.equal(electron.nativeTheme.themeSource, 'dark');
  });

  test('main refuses a shortcut that is not a key combination, and keeps the registered one', async () => {
    const page = await harness.page();
    const before = harness.main.state().shortcut;
    for (const shortcut of ['P', 'Ctrl+Alt+P', 'Alt+Alt+K']) {
      expectError(await callBridge<Settings>(page, 'settingsSet', { shortcut }), 'invalid-argument');
    }
    assert.deepEqual(harness.main.state().shortcut, before);
    assert.equal(harness.main.settings.settings.shortcut, before.accelerator);
  });

  test('quit locks with its own reason, releases the shortcut, destroys the window and the tray', async () => {
    expectOk(await callBridge(await harness.page(), 'lockUnlock', { pin: null }));
    assert.equal(harness.main.state().phase, 'unlocked');
    await harness.quit();
    assert.equal(harness.main.state().phase, 'locked');
    assert.equal(harness.main.state().lockReason, 'quit');
    assert.equal(harness.main.window.window.isDestroyed(), true);
    assert.equal(electron.Tray.instances.at(-1)?.isDestroyed(), true);
    assert.deepEqual(electron.globalShortcut.__registered(), []);
    await harness.close();
  });

  test('a second instance does not start: startApp returns null and quits', async () => {
    await electron.__resetElectron();
    electron.app.singleInstanceLockAvailable = false;
    const result = await startApp({ argv: ['--toggle-search'], keychain, vault: new FakeVaultService(), userDataDir, logSink: () => undefined });
    assert.equal(result, null);
    assert.equal(electron.app.quitCount, 1);
    assert.equal(electron.BrowserWindow.getAllWindows().length, 0);
    assert.equal(electron.Tray.instances.length, 0);
    await electron.__resetElectron();
  });
});
