/**
 * Harness + dev server: tray menu actions copy the right values into the clipboard with the
 * history-exclusion hints, the clipboard is cleared after the delay only if it still holds our
 * value, on lock too; Open URL only opens web links.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { totpCode, totpParams } from '../../src/core/totp';
import { rawFormat } from '../../src/main/clipboard/clipboard-service';
import type { AppState, CopyReceipt } from '../../src/shared/ipc/dto';
import { closeBrowser, launchApp, type HarnessApp } from '../harness/launch';
import { callBridge, callBridgeAfterKey, expectOk } from './bridge';
import { GITHUB_ID, NOTE_ID, startDevVault, VPN_TOTP_ID, type DevVault } from './helpers';

const KDE_HINT = rawFormat('x-kde-passwordManagerHint');

describe('tray quick copy', () => {
  let dev: DevVault;
  let harness: HarnessApp;

  before(async () => {
    dev = await startDevVault();
    harness = await launchApp({ vault: dev.vaultService(), settings: { clipboardClearSeconds: 1, notifyOnCopy: true } });
    const page = await harness.page();
    expectOk(await callBridge<AppState>(page, 'setupSave', { credentials: dev.setupValues(), pin: null }));
  });
  after(async () => {
    await harness.close();
    await dev.close();
    await closeBrowser();
  });

  test('the unlocked menu shows the vault tree and actions per entry', () => {
    const menu = harness.trayMenu();
    const labels = menu.map((item) => item.label);
    assert.deepEqual(labels.filter(Boolean), ['Search…', 'Recent', 'Favourites', 'Work', 'GitHub', 'Script link', 'Wifi', 'Copy a new password', 'Password generator…', 'Lock', 'Settings…', 'Quit']);
    const work = menu.find((item) => item.label === 'Work')?.submenu ?? [];
    assert.deepEqual(work.map((item) => item.label), ['Cloud', 'Build server', 'VPN token']);
    assert.equal(menu.find((item) => item.label === 'Search…')?.accelerator, 'CommandOrControl+Alt+P');
  });

  test('Copy password puts the password on the clipboard with the KDE hint, then clears it after the delay', async () => {
    await harness.clickTray('GitHub', 'Copy password');
    assert.equal(await harness.clipboardText(), 'gh-Fixture-Pass-91!');
    assert.deepEqual(harness.clipboardFormats().sort(), [KDE_HINT, 'text/plain'].sort());
    assert.equal(harness.electron.clipboard.__readFormat(KDE_HINT), 'secret');
    assert.equal(harness.main.state().clipboardClearsInSeconds, 1);
    // The notification names what was copied, never the value.
    const shown = harness.electron.Notification.shown.at(-1);
    assert.match(shown?.body ?? '', /password of GitHub/);
    assert.ok(!(shown?.body ?? '').includes('gh-Fixture-Pass-91!'));

    assert.equal(await harness.main.clipboard.pendingClear, 'cleared');
    assert.equal(await harness.clipboardText(), '');
    assert.equal(harness.main.state().clipboardClearsInSeconds, null);
  });

  test('a clipboard the user changed in the meantime is left alone', async () => {
    await harness.clickTray('Work', 'Build server', 'Copy username');
    assert.equal(await harness.clipboardText(), 'deploy');
    await harness.writeClipboardAsOtherApp('something the user copied');
    assert.equal(await harness.main.clipboard.pendingClear, 'changed-by-user');
    assert.equal(await harness.clipboardText(), 'something the user copied');
  });

  test('Copy TOTP code copies the current code, not the secret', async () => {
    await harness.clickTray('Work', 'VPN token', 'Copy TOTP code');
    const copied = await harness.clipboardText();
    assert.match(copied, /^\d{6}$/);
    const expected = [Date.now() - 1000, Date.now(), Date.now() + 1000].map((time) => totpCode(totpParams({ secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' }), time).code);
    assert.ok(expected.includes(copied));
    await harness.main.clipboard.pendingClear;
  });

  test('copied entries appear under Recent', () => {
    const recent = harness.trayMenu().find((item) => item.label === 'Recent')?.submenu ?? [];
    assert.deepEqual(recent.map((item) => item.label), ['VPN token', 'Build server', 'GitHub']);
  });

  test('Open URL hands http(s) links to the OS and refuses anything else', async () => {
    await harness.clickTray('GitHub', 'Open URL');
    assert.deepEqual(harness.electron.shell.opened, ['https://github.com/login']);
    await harness.clickTray('Script link', 'Open URL');
    assert.deepEqual(harness.electron.shell.opened, ['https://github.com/login']);
    assert.match(harness.electron.Notification.shown.at(-1)?.body ?? '', /no http or https URL/);
  });

  test('favourites set through the bridge appear in the tray', async () => {
    const page = await harness.page();
    expectOk(await callBridge(page, 'entrySetFavourite', { id: GITHUB_ID, favourite: true }));
    const favourites = harness.trayMenu().find((item) => item.label === 'Favourites')?.submenu ?? [];
    assert.deepEqual(favourites.map((item) => item.label), ['GitHub']);
  });

  test('the main secret (Enter) is the note text for a note and the current code for a TOTP item', async () => {
    const page = await harness.page();
    const note = expectOk(await callBridgeAfterKey<CopyReceipt>(page, 'entryCopy', { id: NOTE_ID, field: 'main' }));
    assert.equal(await harness.clipboardText(), 'wifi-Fixture-Note-77');
    assert.match(note.label, /note of Wifi/);
    const totp = expectOk(await callBridgeAfterKey<CopyReceipt>(page, 'entryCopy', { id: VPN_TOTP_ID, field: 'main' }));
    const copied = await harness.clipboardText();
    assert.match(copied, /^\d{6}$/, 'a code, not the base32 secret');
    assert.match(totp.label, /TOTP code of VPN token/);
    expectOk(await callBridgeAfterKey<CopyReceipt>(page, 'entryCopy', { id: GITHUB_ID, field: 'main' }));
    assert.equal(await harness.clipboardText(), 'gh-Fixture-Pass-91!');
  });

  test('Lock clears our clipboard value, switches to the locked menu and icon', async () => {
    const unlockedIcon = harness.electron.Tray.instances.at(-1)?.__imagePath();
    await harness.main.settings.updateSettings({ clipboardClearSeconds: 0 });
    await harness.clickTray('GitHub', 'Copy username');
    assert.equal(await harness.clipboardText(), 'octo-fixture');
    await harness.clickTray('Lock');
    assert.equal(await harness.clipboardText(), '');
    assert.equal(harness.main.state().phase, 'locked');
    assert.deepEqual(harness.trayMenu().map((item) => item.label).filter(Boolean), ['Unlock…', 'Settings…', 'Quit']);
    const lockedIcon = harness.electron.Tray.instances.at(-1)?.__imagePath();
    assert.notEqual(lockedIcon, unlockedIcon);
    // The harness's desktop prefers light: the glyph for a light panel.
    assert.match(lockedIcon ?? '', /tray-locked-light\.png$/);
    assert.equal(harness.electron.nativeImage.createFromPath(lockedIcon ?? '').isEmpty(), false, 'the icon file exists');
  });
});
