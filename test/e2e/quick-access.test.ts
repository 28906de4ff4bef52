/**
 * Quick access end to end (harness, dev server, real keychain): a copy hides the window so focus
 * goes back to where the user came from, the window opens on favourites, recently used and A–Z,
 * equally good matches are ordered by use, rows show the username with its match, and Settings
 * switches going back and usage recording off and clears the history.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { closeBrowser, launchApp, type HarnessApp } from '../harness/launch';
import { callBridge, callBridgeAfterKey, expectError } from '../main/bridge';
import { BUILD_ID, GITHUB_ID, NOTE_ID, startDevVault, type DevVault } from '../main/helpers';
import { SearchWindowPage } from './search-window-page';

/** The fixture vault A–Z, as the window lists it with nothing used and no favourite. */
const CLOUD_ID = 'a1000000-0000-4000-8000-000000000020';
const A_TO_Z = ['Build server', 'Cloud console', 'GitHub', 'Script link', 'VPN token', 'Wifi'];

describe('quick access end to end (harness, dev server, real keychain)', { timeout: 600_000 }, () => {
  let dev: DevVault;
  let app: HarnessApp;
  let ui: SearchWindowPage;

  /** The user's shortcut opens the search window; waits until its rows are listed. */
  async function reopen(): Promise<string[]> {
    if (!app.main.window.isVisible()) {
      app.pressShortcut();
    }
    await ui.waitForSearchFocus();
    await ui.page.locator('[role="option"]').first().waitFor();
    return ui.resultTitles();
  }

  async function waitHidden(): Promise<void> {
    for (let i = 0; i < 100 && app.main.window.isVisible(); i++) {
      await ui.page.waitForTimeout(50);
    }
    assert.equal(app.main.window.isVisible(), false, 'the window hid');
  }

  async function storedUses(): Promise<string[]> {
    const text = await readFile(path.join(app.userDataDir, 'usage.json'), 'utf8').catch(() => '{"uses":[]}');
    return (JSON.parse(text) as { uses: Array<{ id: string }> }).uses.map((use) => use.id);
  }

  /** usage.json is written after the action answered (usage never delays it): waits until it says `expected`. */
  async function waitForStoredUses(expected: readonly string[]): Promise<void> {
    let uses = await storedUses();
    for (let i = 0; i < 100 && JSON.stringify(uses) !== JSON.stringify(expected); i++) {
      await ui.page.waitForTimeout(50);
      uses = await storedUses();
    }
    assert.deepEqual(uses, expected);
  }

  before(async () => {
    dev = await startDevVault();
    app = await launchApp({ vault: dev.vaultService(), renderer: 'app' });
    ui = new SearchWindowPage(await app.page());
    app.main.show('setup');
    await ui.setUp(dev.setupValues(), null);
  });
  after(async () => {
    await app?.close();
    await dev?.close();
    await closeBrowser();
  });

  it('opens on every entry A–Z when nothing was used, each row with its username', async () => {
    assert.deepEqual(await reopen(), A_TO_Z);
    const github = ui.page.locator(`[data-entry-id="${GITHUB_ID}"]`);
    assert.equal(await github.getByTestId('result-username').innerText(), 'octo-fixture');
    assert.equal(await ui.page.locator(`[data-entry-id="${NOTE_ID}"] [data-testid="result-username"]`).count(), 0, 'a note has no username');
  });

  it('finds an entry by its username and highlights the match there', async () => {
    await ui.search('octo', 'GitHub');
    assert.equal(await ui.page.locator('[role="option"][aria-selected="true"] [data-testid="result-username"] mark').innerText(), 'octo');
    assert.equal(await ui.page.locator('[role="option"][aria-selected="true"] .result-title-text mark').count(), 0);
    await ui.search('deploy', 'Build server');
    assert.equal(await ui.page.locator('[role="option"][aria-selected="true"] [data-testid="result-username"] mark').innerText(), 'deploy');
  });

  it('Enter copies and hides the window; it opens again with that entry first', async () => {
    await ui.search('github', 'GitHub');
    await ui.press('Enter');
    await waitHidden();
    assert.equal(await app.clipboardText(), 'gh-Fixture-Pass-91!');
    assert.equal(app.electron.app.hideCount, 0, 'on Linux the window hides, not the app');
    assert.deepEqual(await reopen(), ['GitHub', ...A_TO_Z.filter((title) => title !== 'GitHub')]);
    await waitForStoredUses([GITHUB_ID]);
  });

  it('a copy from the detail view hides too; favourites, then recent, then A–Z', async () => {
    await ui.search('build', 'Build server');
    await ui.press('Tab');
    await ui.page.getByTestId('detail-view').waitFor();
    assert.equal(await ui.page.locator('.field-label').first().innerText(), 'Username', 'the detail view leads with the username');
    await ui.press('Shift+Enter');
    await waitHidden();
    assert.equal(await app.clipboardText(), 'deploy');
    await reopen();
    await ui.search('wifi', 'Wifi');
    await ui.press('Tab');
    await ui.page.locator('.favourite-toggle').click();
    await ui.page.locator('.favourite-toggle[aria-pressed="true"]').waitFor();
    await ui.press('Escape');
    await ui.searchBox.waitFor();
    await ui.press('Escape'); // clears the query: the list again
    await ui.page.locator('[role="option"]').nth(5).waitFor();
    assert.deepEqual(await ui.resultTitles(), ['Wifi', 'Build server', 'GitHub', 'Cloud console', 'Script link', 'VPN token']);
  });

  it('among equally good matches the used entry ranks first', async () => {
    // "website" matches the three logins' type alike: GitHub was used, the other two not (shorter title first).
    await ui.search('website', 'GitHub');
    assert.deepEqual(await ui.resultTitles(), ['GitHub', 'Script link', 'Cloud console']);
    await ui.search('console', 'Cloud console');
    await ui.press('Enter');
    await waitHidden();
    await reopen();
    // Both used once; Cloud console later, so it counts more.
    await ui.search('website', 'Cloud console');
    assert.deepEqual(await ui.resultTitles(), ['Cloud console', 'GitHub', 'Script link']);
  });

  it('shows the recent list with usernames in light and dark', async () => {
    await ui.searchBox.fill('');
    await ui.page.locator('[role="option"]').nth(5).waitFor();
    await ui.page.screenshot({ path: 'test-results/screens/e2e-recent-light.png' });
    await ui.page.emulateMedia({ colorScheme: 'dark' });
    await ui.page.screenshot({ path: 'test-results/screens/e2e-recent-dark.png' });
    await ui.page.emulateMedia({ colorScheme: 'light' });
  });

  it('a refused copy keeps the window open with its error', async () => {
    assert.equal(app.main.window.isVisible(), true);
    await ui.page.waitForTimeout(2100); // the last key press no longer counts as the user asking
    expectError(await callBridge(ui.page, 'entryCopy', { id: GITHUB_ID, field: 'password' }), 'needs-user-action');
    assert.equal(app.main.window.isVisible(), true, 'no input: refused, window stays');
    const failed = await callBridgeAfterKey(ui.page, 'entryCopy', { id: NOTE_ID, field: 'username' });
    assert.equal(failed.ok, false, 'a note has no username');
    assert.equal(app.main.window.isVisible(), true, 'a failed copy keeps the window');
  });

  it('with "go back" off in Settings, a copy keeps the window open', async () => {
    await ui.press('Control+,');
    await ui.page.getByTestId('settings-screen').waitFor();
    await ui.page.locator('[data-setting="hideAfterCopy"]').scrollIntoViewIfNeeded();
    await ui.page.screenshot({ path: 'test-results/screens/e2e-settings-search-window-light.png' });
    await ui.page.emulateMedia({ colorScheme: 'dark' });
    await ui.page.screenshot({ path: 'test-results/screens/e2e-settings-search-window-dark.png' });
    await ui.page.emulateMedia({ colorScheme: 'light' });
    await ui.page.locator('[data-setting="hideAfterCopy"]').uncheck();
    for (let i = 0; i < 100 && app.main.settings.settings.hideAfterCopy; i++) {
      await ui.page.waitForTimeout(50);
    }
    assert.equal(app.main.settings.settings.hideAfterCopy, false);
    await ui.press('Escape');
    await ui.search('github', 'GitHub');
    await ui.press('Enter');
    await ui.waitForStatus(/Copied/);
    assert.equal(app.main.window.isVisible(), true);
    assert.equal(await app.clipboardText(), 'gh-Fixture-Pass-91!');
  });

  it('"Clear usage history" forgets every use; with recording off nothing is recorded or counted', async () => {
    await ui.press('Control+,');
    await ui.page.getByTestId('settings-screen').waitFor();
    await waitForStoredUses([GITHUB_ID, BUILD_ID, CLOUD_ID, GITHUB_ID]);
    await ui.page.getByTestId('clear-usage').click();
    await ui.page.getByTestId('usage-cleared').filter({ hasText: 'cleared' }).waitFor();
    await waitForStoredUses([]);
    assert.deepEqual(app.main.settings.recent, [], "the tray's recent list goes too");
    await ui.page.locator('[data-setting="recordUsage"]').uncheck();
    for (let i = 0; i < 100 && app.main.settings.settings.recordUsage; i++) {
      await ui.page.waitForTimeout(50);
    }
    await ui.press('Escape');
    await ui.search('script', 'Script link');
    await ui.press('Enter');
    await ui.waitForStatus(/Copied/);
    assert.equal(app.main.usage.count, 0, 'off: not recorded');
    assert.deepEqual(await storedUses(), []);
    await ui.searchBox.fill('');
    await ui.page.locator('[role="option"]').nth(5).waitFor();
    assert.deepEqual(await ui.resultTitles(), ['Wifi', ...A_TO_Z.filter((title) => title !== 'Wifi')], 'favourites, then A–Z');
    // Uses recorded before the switch went off count for nothing while it is off.
    await app.main.settings.updateSettings({ recordUsage: true });
    app.main.usage.recordUse(GITHUB_ID);
    await app.main.settings.updateSettings({ recordUsage: false });
    await ui.searchBox.fill('x');
    await ui.searchBox.fill('');
    await ui.page.locator('[role="option"]').nth(5).waitFor();
    assert.deepEqual(await ui.resultTitles(), ['Wifi', ...A_TO_Z.filter((title) => title !== 'Wifi')]);
  });
});
