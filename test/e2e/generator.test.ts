/**
 * The password generator and large type end to end through the harness: the real renderer and
 * main against the dev server. Main generates and copies (the clipboard double holds what the
 * screen shows), the tray's items use the same generator, and large type shows only what the
 * window already holds: a field revealed through main's guarded reveal, or a generated value.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { Page } from 'playwright-core';

import { LOOK_ALIKES } from '../../src/core/generate';
import { effLargeWordList } from '../../src/main/generator/word-list';
import { closeBrowser, launchApp, type HarnessApp } from '../harness/launch';
import { startDevVault, type DevVault } from '../main/helpers';
import { SearchWindowPage } from './search-window-page';

/** The characters of the cells, in order, as the screen shows them. */
async function cellText(page: Page, within: string): Promise<string> {
  const glyphs = await page.locator(`${within} .char-glyph`).allInnerTexts();
  return glyphs.map((glyph) => (glyph === '␣' ? ' ' : glyph)).join('');
}

async function screenshots(page: Page, name: string): Promise<void> {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: `test-results/screens/e2e-${name}-light.png` });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: `test-results/screens/e2e-${name}-dark.png` });
  await page.emulateMedia({ colorScheme: 'light' });
}

describe('password generator and large type end to end (harness, dev server)', { timeout: 600_000 }, () => {
  let dev: DevVault;
  let app: HarnessApp;
  let ui: SearchWindowPage;

  before(async () => {
    dev = await startDevVault();
    app = await launchApp({ vault: dev.vaultService(), renderer: 'app', settings: { clipboardClearSeconds: 45 } });
    ui = new SearchWindowPage(await app.page());
    app.main.show('setup');
    await ui.setUp(dev.setupValues(), null);
    await ui.waitForSearchFocus();
  });
  after(async () => {
    await app?.close();
    await dev?.close();
    await closeBrowser();
  });

  it('Ctrl+G opens the generator; Generate copies a password of the asked kind and shows it', async () => {
    await ui.press('Control+g');
    await ui.page.getByTestId('generator-screen').waitFor();
    await ui.page.getByTestId('generate').click();
    await ui.waitForStatus(/Copied generated password.*clears in 4\d s/);
    await ui.page.getByTestId('generated').waitFor();
    const shown = await cellText(ui.page, '[data-testid="generated"]');
    assert.equal(await app.clipboardText(), shown, 'the clipboard holds what the screen shows');
    assert.equal(shown.length, 20);
    assert.deepEqual([...LOOK_ALIKES].filter((char) => shown.includes(char)), []);
    assert.match(shown, /[a-z]/);
    assert.match(shown, /[A-Z]/);
    assert.match(shown, /[0-9]/);
    assert.ok(app.clipboardFormats().some((format) => format.includes('x-kde-passwordManagerHint')), 'copied with the history hint');
    assert.equal(app.main.clipboard.clearsInSeconds !== null, true);
    await screenshots(ui.page, 'generator');
  });

  it('a passphrase: the asked number of EFF words with the separator; the options are remembered', async () => {
    await ui.page.locator('[data-generator="kind-passphrase"]').check();
    const words = ui.page.locator('[data-generator="words"]');
    await words.fill('5');
    await words.blur();
    await ui.page.locator('[data-generator="separator"]').fill('.');
    await ui.page.getByTestId('generate').click();
    await ui.waitForStatus(/Copied generated passphrase/);
    const phrase = await app.clipboardText();
    // The clipboard event reaches the window before the reply that carries the value.
    await ui.page.waitForFunction((expected) => [...document.querySelectorAll('[data-testid="generated"] .char-glyph')].map((glyph) => glyph.textContent).join('') === expected, phrase);
    const list = new Set(await effLargeWordList());
    const parts = phrase.split('.');
    assert.equal(parts.length, 5);
    assert.ok(parts.every((part) => list.has(part)), 'every word is from the list');
    assert.deepEqual(app.main.settings.settings.generatorPassphrase, { kind: 'passphrase', words: 5, separator: '.', capitalize: false });
    assert.equal(app.main.settings.settings.generatorKind, 'passphrase');
  });

  it('large type of the generated value: numbered cells; Esc closes', async () => {
    await ui.press('Control+Shift+L');
    const dialog = ui.page.getByRole('dialog', { name: 'Large type' });
    await dialog.waitFor();
    assert.equal(await cellText(ui.page, '.large-type'), await app.clipboardText());
    await ui.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await ui.press('Escape'); // the generator → the search
    await ui.searchBox.waitFor();
  });

  it('the tray copies a new value with the last options and opens the generator', async () => {
    await app.clickTray('Copy a new password');
    const phrase = await app.clipboardText();
    assert.equal(phrase.split('.').length, 5, 'the remembered passphrase options');
    assert.equal(app.main.clipboard.clearsInSeconds !== null, true);
    await app.clickTray('Password generator…');
    await ui.page.getByTestId('generator-screen').waitFor();
    await ui.press('Escape');
    await ui.searchBox.waitFor();
  });

  it('Ctrl+Shift+L in the detail view reveals through main and shows the password in large type; Esc closes and masks', async () => {
    await ui.search('github', 'GitHub');
    await ui.press('Tab');
    await ui.page.getByTestId('detail-view').waitFor();
    await ui.page.locator('.field').first().waitFor();
    await ui.page.getByTestId('detail-view').focus();
    await ui.press('Control+Shift+L');
    const dialog = ui.page.getByRole('dialog', { name: 'Large type' });
    await dialog.waitFor();
    assert.equal(await cellText(ui.page, '.large-type'), 'gh-Fixture-Pass-91!');
    const positions = await ui.page.locator('.large-type .char-index').allInnerTexts();
    assert.deepEqual(positions, Array.from({ length: 19 }, (_, index) => String(index + 1)));
    assert.deepEqual(await ui.page.locator('.large-type .char-cell').evaluateAll((cells) => cells.slice(0, 3).map((cell) => cell.getAttribute('data-kind'))), ['lower', 'lower', 'symbol']);
    await screenshots(ui.page, 'large-type');
    await ui.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await ui.page.locator('.secret.revealed').count(), 0, 'closing masks the value');
    assert.ok(!(await ui.domText()).includes('gh-Fixture-Pass-91!'));
  });

  it("the reveal's timer still ends large type", async () => {
    await ui.page.getByRole('button', { name: 'Show Password' }).click();
    await ui.page.locator('.secret.revealed').waitFor();
    await ui.page.getByTestId('large-type-button').click();
    const dialog = ui.page.getByRole('dialog', { name: 'Large type' });
    await dialog.waitFor();
    await dialog.waitFor({ state: 'detached', timeout: 40_000 });
    assert.ok(!(await ui.domText()).includes('gh-Fixture-Pass-91!'));
  });

  it('a lock clears the generated value from the clipboard and the window', async () => {
    await ui.press('Escape');
    await ui.searchBox.waitFor();
    await ui.press('Control+g');
    await ui.page.getByTestId('generate').click();
    await ui.waitForStatus(/Copied generated/);
    const generated = await app.clipboardText();
    await app.main.lock('manual');
    await ui.page.getByTestId('locked-screen').waitFor();
    assert.notEqual(await app.clipboardText(), generated);
    assert.ok(!(await ui.domText()).includes(generated));
  });
});
