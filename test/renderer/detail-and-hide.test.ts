import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { formatTotp } from '../../src/renderer/format';
import { FAKE_SECRETS, FakeBridge } from '../fakes/fake-bridge';
import { sharedRenderer } from './support/renderer-page';

// Long enough that a busy machine still sees the value before it is masked; short enough to wait for.
const REVEAL_MS = 8_000;
// TOTP codes are displayed grouped ("118 204"), so look for that form too.
const ALL_SECRETS = [...Object.values(FAKE_SECRETS), formatTotp(FAKE_SECRETS.githubTotpCode), formatTotp(FAKE_SECRETS.bankTotpCode)];

// A secret made only of digits (the CVC "913", TOTP codes) counts only as a whole number: a
// timestamp in the store that happens to contain "913" is not a leak.
const SECRET_PATTERNS = ALL_SECRETS.map((secret) => ({ secret, pattern: new RegExp(/^\d+$/.test(secret) ? `(?<!\\d)${secret}(?!\\d)` : secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }));

function secretsIn(text: string): string[] {
  return SECRET_PATTERNS.filter(({ pattern }) => pattern.test(text)).map(({ secret }) => secret);
}

describe('detail view and hiding in Chromium', { timeout: 600_000 }, () => {
  const renderer = sharedRenderer('test');

  async function openDetail(query: string) {
    const ui = await renderer.open(new FakeBridge(), { revealMs: REVEAL_MS });
    await ui.search(query);
    await ui.press('Tab');
    await ui.page.getByTestId('detail-view').waitFor();
    await ui.page.locator('.field').first().waitFor();
    return ui;
  }

  it('shows every field by type, the username first, with secrets masked, and the TOTP code with its countdown ring', async () => {
    const ui = await openDetail('github');
    try {
      const labels = await ui.page.locator('.field-label').allInnerTexts();
      assert.deepEqual(labels, ['Username', 'URL', 'Password', 'TOTP code', 'Notes', 'Org'], 'main sends URL before Username');
      assert.equal(await ui.page.getByTestId('field-username').innerText(), 'octo.user');
      assert.equal(await ui.page.getByTestId('field-custom:0').innerText(), 'example-org');
      assert.match(await ui.page.getByTestId('field-notes').innerText(), /Recovery codes/);
      assert.match(await ui.page.getByTestId('field-password').innerText(), /••••/);
      await ui.page.locator('.totp-code').waitFor();
      assert.equal(await ui.page.locator('.totp-code').innerText(), '118 204');
      const fraction = Number(await ui.page.locator('.totp-ring-fill').getAttribute('data-fraction'));
      assert.ok(fraction > 0.5 && fraction <= 0.67, `ring at ${fraction} for 20 s of 30`);
      assert.deepEqual(secretsIn(await ui.storeJson()).filter((s) => s !== FAKE_SECRETS.githubTotpCode), [], 'only the TOTP code is in the store');
      assert.ok(!(await ui.domText()).includes(FAKE_SECRETS.githubPassword));
      assert.deepEqual(ui.consoleProblems, []);
    } finally {
      await ui.close();
    }
  });

  it('reveals a secret only on request and masks it again after the reveal time', async () => {
    const ui = await openDetail('aws');
    try {
      assert.ok(!(await ui.domText()).includes(FAKE_SECRETS.awsPassword));
      await ui.page.getByRole('button', { name: 'Show Password' }).click();
      await ui.page.locator('.secret.revealed').waitFor();
      assert.equal(await ui.page.locator('.secret.revealed').innerText(), FAKE_SECRETS.awsPassword);
      assert.match(await ui.page.locator('.reveal-timer').innerText(), /Hides in [1-8] s/);
      assert.deepEqual(ui.bridge.callsOf('entryReveal'), [{ id: 'e-aws', field: 'password' }]);
      await ui.page.locator('.secret.revealed').waitFor({ state: 'detached', timeout: 40_000 });
      assert.ok(!(await ui.domText()).includes(FAKE_SECRETS.awsPassword));
      assert.ok(!(await ui.storeJson()).includes(FAKE_SECRETS.awsPassword));
    } finally {
      await ui.close();
    }
  });

  it('masks again at once with the Hide button', async () => {
    const ui = await openDetail('deploy');
    try {
      await ui.page.getByRole('button', { name: 'Show DEPLOY_TOKEN' }).click();
      await ui.page.locator('.secret.revealed').waitFor();
      assert.ok((await ui.domText()).includes(FAKE_SECRETS.envToken));
      await ui.page.getByRole('button', { name: 'Hide DEPLOY_TOKEN' }).click();
      await ui.page.locator('.secret.revealed').waitFor({ state: 'detached' });
      assert.ok(!(await ui.storeJson()).includes(FAKE_SECRETS.envToken));
    } finally {
      await ui.close();
    }
  });

  it('copies each field with its own button and confirms by label', async () => {
    const ui = await openDetail('github');
    try {
      await ui.page.getByRole('button', { name: 'Copy Username' }).click();
      await ui.page.getByText('Copied username of GitHub').waitFor();
      assert.equal(ui.bridge.clipboard, 'octo.user');
      await ui.page.getByRole('button', { name: 'Copy Password' }).click();
      await ui.page.getByText('Copied password of GitHub').waitFor();
      assert.equal(ui.bridge.clipboard, FAKE_SECRETS.githubPassword);
      await ui.page.getByRole('button', { name: 'Copy TOTP code' }).click();
      await ui.page.getByText('Copied TOTP code of GitHub').waitFor();
      assert.deepEqual(ui.bridge.callsOf('entryCopy').map((call) => (call as { field: string }).field), ['username', 'password', 'totp']);
      await ui.page.getByRole('button', { name: 'Open' }).click();
      await ui.page.getByText('Opened GitHub in the browser.').waitFor();
    } finally {
      await ui.close();
    }
  });

  it('keeps the keyboard bindings in details: Enter copies the main secret, Shift+Enter the username', async () => {
    const ui = await openDetail('github');
    try {
      await ui.press('Shift+Enter');
      await ui.page.getByText('Copied username of GitHub').waitFor();
      await ui.press('Enter');
      await ui.page.getByText('Copied password of GitHub').waitFor();
    } finally {
      await ui.close();
    }
  });

  it('toggles a favourite from the detail header', async () => {
    const ui = await openDetail('aws');
    try {
      const star = ui.page.getByRole('button', { name: 'Add to favourites' });
      await star.click();
      await ui.page.getByRole('button', { name: 'Remove from favourites' }).waitFor();
      assert.deepEqual(ui.bridge.callsOf('entrySetFavourite'), [{ id: 'e-aws', favourite: true }]);
    } finally {
      await ui.close();
    }
  });

  it('holds no secret in the store or the DOM after the window hides', async () => {
    const ui = await openDetail('github');
    try {
      await ui.page.getByRole('button', { name: 'Show Password' }).click();
      await ui.page.locator('.secret.revealed').waitFor();
      await ui.page.locator('.totp-code').waitFor();
      // Before hiding: the revealed password is on screen and the TOTP code is in the store.
      assert.deepEqual(secretsIn(await ui.domText()), [FAKE_SECRETS.githubPassword, formatTotp(FAKE_SECRETS.githubTotpCode)]);
      assert.deepEqual(secretsIn(await ui.storeJson()).sort(), [FAKE_SECRETS.githubPassword, FAKE_SECRETS.githubTotpCode].sort());
      await ui.emit('window:hidden', null);
      await ui.page.getByTestId('detail-view').waitFor({ state: 'detached' });
      assert.deepEqual(secretsIn(await ui.storeJson()), [], 'store');
      assert.deepEqual(secretsIn(await ui.domText()), [], 'DOM');
      assert.equal(await ui.storeValue('query'), '');
      assert.deepEqual(await ui.storeValue('results'), []);
      assert.equal(await ui.searchBox.inputValue(), '');
      assert.equal(await ui.page.locator('[role="option"]').count(), 0);
    } finally {
      await ui.close();
    }
  });

  it('leaves no copy of a revealed value in the page heap after the window hides', async () => {
    const ui = await openDetail('aws');
    try {
      await ui.page.getByRole('button', { name: 'Show Password' }).click();
      await ui.page.locator('.secret.revealed').waitFor();
      assert.equal(await ui.heapContains(FAKE_SECRETS.awsPassword), true, 'the probe finds a value while it is shown');
      await ui.emit('window:hidden', null);
      await ui.page.getByTestId('detail-view').waitFor({ state: 'detached' });
      assert.equal(await ui.heapContains(FAKE_SECRETS.awsPassword), false);
    } finally {
      await ui.close();
    }
  });

  it('holds no secret after hiding when the window is reopened on the search view', async () => {
    const ui = await openDetail('deploy');
    try {
      await ui.page.getByRole('button', { name: 'Show DEPLOY_TOKEN' }).click();
      await ui.page.locator('.secret.revealed').waitFor();
      await ui.press('Escape'); // back to the results
      await ui.press('Escape'); // clears the query
      await ui.press('Escape'); // hides the window
      await ui.page.waitForFunction(() => (document.querySelector('[role="combobox"]') as HTMLInputElement | null)?.value === '');
      await ui.emit('window:shown', { view: 'search' });
      assert.deepEqual(secretsIn(await ui.storeJson()), []);
      assert.deepEqual(secretsIn(await ui.domText()), []);
      assert.equal(ui.bridge.callsOf('windowHide').length, 1);
    } finally {
      await ui.close();
    }
  });
});
