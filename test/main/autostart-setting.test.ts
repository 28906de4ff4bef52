import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { createAutostart } from '../../src/main/autostart';
import type { Settings } from '../../src/shared/ipc/dto';
import { closeBrowser, launchApp, type HarnessApp } from '../harness/launch';
import { callBridge, expectError, expectOk } from './bridge';
import { FakeVaultService } from './fakes/fake-vault';

const noLoginItems = {
  setLoginItemSettings: () => undefined,
  getLoginItemSettings: () => ({ openAtLogin: false }),
};

describe('the start-at-login setting drives the OS autostart entry', () => {
  let home: string;
  const apps: HarnessApp[] = [];

  before(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'psono-tray-autostart-'));
  });

  after(async () => {
    for (const app of apps) {
      await app.close();
    }
    await closeBrowser();
    await rm(home, { recursive: true, force: true });
  });

  it('writes the XDG entry when turned on and removes it when turned off', async () => {
    const configHome = path.join(home, 'config');
    const autostart = createAutostart({ platform: 'linux', env: { XDG_CONFIG_HOME: configHome }, homeDir: home, execPath: '/opt/Psono Tray/psono-tray', loginItems: noLoginItems });
    const app = await launchApp({ vault: new FakeVaultService(), autostart });
    apps.push(app);
    const page = await app.page();
    const entry = path.join(configHome, 'autostart', 'psono-tray.desktop');

    const on = expectOk(await callBridge<Settings>(page, 'settingsSet', { startAtLogin: true }));
    assert.equal(on.startAtLogin, true);
    assert.match(await readFile(entry, 'utf8'), /--autostart/);

    const off = expectOk(await callBridge<Settings>(page, 'settingsSet', { startAtLogin: false }));
    assert.equal(off.startAtLogin, false);
    assert.equal(existsSync(entry), false);
  });

  it('keeps the setting off and says why when the OS entry cannot be written', async () => {
    const autostart = createAutostart({ platform: 'aix', env: {}, homeDir: home, execPath: '/opt/psono-tray', loginItems: noLoginItems });
    const app = await launchApp({ vault: new FakeVaultService(), autostart });
    apps.push(app);
    const page = await app.page();

    const message = expectError(await callBridge(page, 'settingsSet', { startAtLogin: true }), 'unsupported');
    assert.match(message, /not supported/);
    const settings = expectOk(await callBridge<Settings>(page, 'settingsGet'));
    assert.equal(settings.startAtLogin, false);
  });
});
