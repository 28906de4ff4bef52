/**
 * Auto-lock in the running app (harness: real main process against the electron double, real
 * renderer in headless Chromium, real core over HTTP to the dev server, real keychain):
 * OS screen lock and sleep from Electron's powerMonitor lock the app with the right reason, the
 * renderer shows the locked screen and holds no entry, IPC is refused, the clipboard is cleared;
 * a key deactivated on the server is noticed by the background renewal, which locks with
 * 'key-revoked'; and an unlock attempt with such a key is refused with that reason.
 *
 * The main-process heap check is in app-heap.test.ts (the app in a child process): this test
 * process also hosts the dev server and the fixtures, so its own heap cannot be judged.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { AppState, SearchResult } from '../../src/shared/ipc/dto';
import { SearchWindowPage } from '../e2e/search-window-page';
import { closeBrowser, launchApp, type HarnessApp } from '../harness/launch';
import { callBridge, expectError, expectOk } from './bridge';
import { FIXTURE_SECRET_VALUES, startDevVault, type DevVault } from './helpers';

const PIN = 'lock-pin-8642';
const TITLES = ['GitHub', 'Wifi', 'Build server', 'VPN token', 'Cloud console'];

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      assert.fail(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('auto-lock in the running app (harness + dev server)', { timeout: 600_000 }, () => {
  let dev: DevVault;
  let app: HarnessApp;
  let ui: SearchWindowPage;

  before(async () => {
    dev = await startDevVault();
    app = await launchApp({ vault: dev.vaultService(), renderer: 'app' });
    ui = new SearchWindowPage(await app.page());
    app.main.show('setup');
    await ui.setUp(dev.setupValues(), PIN);
    assert.equal(app.main.state().phase, 'unlocked');
  });
  after(async () => {
    await app?.close();
    await dev?.close();
    await closeBrowser();
  });

  async function expectLockedAndEmpty(reasonText: RegExp): Promise<void> {
    await ui.page.getByTestId('locked-screen').waitFor({ timeout: 60_000 });
    assert.match(await ui.page.getByTestId('lock-reason').innerText(), reasonText);
    // Both the markup and the rendered text (a highlighted title is split by <mark> in the markup).
    const dom = `${await ui.domText()}\n${await ui.page.innerText('body')}`;
    assert.deepEqual(TITLES.filter((title) => dom.includes(title)), [], 'no entry title on the locked screen');
    assert.deepEqual(FIXTURE_SECRET_VALUES.filter((secret) => dom.includes(secret)), []);
    const search = await callBridge<SearchResult>(ui.page, 'vaultSearch', { query: 'git', limit: 10 });
    expectError(search, 'locked');
    assert.equal(app.main.sessions.session, null, 'vault session closed in main');
  }

  it('OS screen lock (powerMonitor lock-screen) locks: locked screen, no entries, IPC refused, clipboard cleared', async () => {
    await ui.search('git', 'GitHub');
    assert.ok((await ui.resultTitles()).includes('GitHub'), 'control: the entry is on screen while unlocked');
    assert.ok((await ui.page.innerText('body')).includes('GitHub'), 'control: the text check sees it');
    await ui.press('Enter');
    await ui.waitForStatus(/Copied/);
    assert.equal(await app.clipboardText(), 'gh-Fixture-Pass-91!');

    app.electron.powerMonitor.emit('lock-screen');
    await waitFor('lock', () => app.main.state().phase === 'locked');
    assert.equal(app.main.state().lockReason, 'os-lock');
    await expectLockedAndEmpty(/screen was locked/);
    await waitFor('clipboard cleared', async () => (await app.clipboardText()) === '');
  });

  it('sleep (powerMonitor suspend) locks with reason sleep', async () => {
    dev.server.stats.reset();
    await ui.unlock(PIN);
    await waitFor('unlock', () => app.main.state().phase === 'unlocked');
    // The stored profile knows the key as unrestricted: the unlock logs in at once, uninspected.
    const paths = dev.server.stats.requests.map((request) => request.path);
    assert.ok(paths.some((path) => path.endsWith('/api-key/login/')), paths.join());
    assert.ok(!paths.some((path) => path.endsWith('/api-key-access/inspect/')), paths.join());
    await ui.search('wifi', 'Wifi');
    app.electron.powerMonitor.emit('suspend');
    await waitFor('lock', () => app.main.state().phase === 'locked');
    assert.equal(app.main.state().lockReason, 'sleep');
    await expectLockedAndEmpty(/went to sleep/);
  });

  it('with the sleep trigger off, suspend does not lock', async () => {
    // Turning a lock trigger off needs the app unlocked.
    await ui.unlock(PIN);
    await waitFor('unlock', () => app.main.state().phase === 'unlocked');
    expectOk(await callBridge(ui.page, 'settingsSet', { lockOnSleep: false }));
    app.electron.powerMonitor.emit('suspend');
    app.electron.powerMonitor.emit('resume');
    const state = expectOk(await callBridge<AppState>(ui.page, 'appGetState'));
    assert.equal(state.phase, 'unlocked');
    expectOk(await callBridge(ui.page, 'settingsSet', { lockOnSleep: true }));
    app.electron.powerMonitor.emit('lock-screen');
    await waitFor('lock', () => app.main.state().phase === 'locked');
  });

  it('a key deactivated on the server: the background renewal notices and locks with key-revoked', async () => {
    // Short sessions so the renewal comes within seconds (spec §10: the server clamps the duration).
    dev.server.faults.sessionSeconds = 24;
    try {
      await ui.unlock(PIN);
      await waitFor('unlock', () => app.main.state().phase === 'unlocked');
      dev.server.setApiKeyActive('tray', false);
      // No user action: only the keep-alive timer talks to the server.
      await waitFor('key-revoked lock', () => app.main.state().phase === 'locked', 120_000);
      assert.equal(app.main.state().lockReason, 'key-revoked');
      await ui.page.getByTestId('locked-screen').waitFor({ timeout: 60_000 });
      const dom = `${await ui.domText()}\n${await ui.page.innerText('body')}`;
      assert.deepEqual(TITLES.filter((title) => dom.includes(title)), []);
    } finally {
      dev.server.setApiKeyActive('tray', true);
      dev.server.faults.sessionSeconds = null;
    }
  });

  it('unlocking with a key deactivated on the server is refused: stays locked, reason becomes key-revoked', async () => {
    // Through the bridge: after a key-revoked lock the page may not offer the PIN field.
    expectOk(await callBridge<AppState>(ui.page, 'lockUnlock', { pin: PIN }));
    assert.equal(app.main.state().phase, 'unlocked');
    app.electron.powerMonitor.emit('lock-screen');
    await waitFor('lock', () => app.main.state().phase === 'locked');
    assert.equal(app.main.state().lockReason, 'os-lock', 'control: a reason other than key-revoked before the attempt');
    dev.server.setApiKeyActive('tray', false);
    try {
      // The lock reloads the page; a call racing that reload is retried on the new page.
      const answers: boolean[] = [];
      await waitFor('unlock answer', async () => {
        const answer = await callBridge<AppState>(ui.page, 'lockUnlock', { pin: PIN }).catch(() => null);
        if (answer !== null) {
          answers.push(answer.ok);
        }
        return answer !== null;
      });
      assert.deepEqual(answers, [false], 'the unlock must fail');
      assert.equal(app.main.state().lockReason, 'key-revoked');
      assert.equal(app.main.state().phase, 'locked');
      assert.equal(app.main.sessions.session, null, 'no vault session was kept');
      expectError(await callBridge<SearchResult>(ui.page, 'vaultSearch', { query: 'git', limit: 10 }), 'locked');
    } finally {
      dev.server.setApiKeyActive('tray', true);
    }
  });
});
