import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { FAKE_SECRETS, FakeBridge } from '../fakes/fake-bridge';
import { sharedRenderer, type RendererPage } from './support/renderer-page';

describe('search window in Chromium', { timeout: 600_000 }, () => {
  const renderer = sharedRenderer('test');

  async function open(bridge = new FakeBridge({ extraEntries: 40 })) {
    return renderer.open(bridge);
  }

  it('focuses the search box and shows results with highlighted matches from the first character', async () => {
    const ui = await open();
    try {
      await assertFocused(ui);
      await ui.search('g');
      assert.ok((await ui.resultTitles()).length > 5);
      await ui.search('hub');
      assert.deepEqual(await ui.resultTitles(), ['GitHub']);
      assert.equal(await ui.page.locator('[role="option"] mark').first().innerText(), 'Hub');
      assert.equal(await ui.page.locator('[role="option"] .result-host').first().innerText(), 'github.com');
      assert.equal(await ui.page.locator('[role="option"] .result-path').first().innerText(), 'Work › Development');
      assert.equal(await ui.page.locator('[role="option"] [role="img"]').first().getAttribute('aria-label'), 'Website password');
      assert.deepEqual(ui.consoleProblems, []);
    } finally {
      await ui.close();
    }
  });

  it('wires the combobox/listbox pattern: expanded, controls and the active option', async () => {
    const ui = await open();
    try {
      await ui.search('work');
      assert.equal(await ui.searchBox.getAttribute('aria-expanded'), 'true');
      const listId = await ui.searchBox.getAttribute('aria-controls');
      assert.equal(await ui.page.locator(`#${listId}`).getAttribute('role'), 'listbox');
      await ui.press('ArrowDown');
      const active = await ui.searchBox.getAttribute('aria-activedescendant');
      assert.equal(await ui.page.locator(`#${active}`).getAttribute('aria-selected'), 'true');
      assert.equal(await ui.page.locator(`#${active}`).getAttribute('aria-posinset'), '2');
    } finally {
      await ui.close();
    }
  });

  it('moves with ↑/↓ and copies: Enter main secret, Shift+Enter username, Ctrl+Enter TOTP', async () => {
    const ui = await open();
    try {
      await ui.search('o');
      const first = await ui.selectedTitle();
      await ui.press('ArrowDown');
      await ui.press('ArrowDown');
      await ui.press('ArrowUp');
      const second = await ui.selectedTitle();
      assert.notEqual(first, second);
      await ui.search('github');
      await ui.press('Enter');
      await waitForStatus(ui, /Copied password of GitHub — clipboard clears in 30 s/);
      assert.equal(ui.bridge.clipboard, FAKE_SECRETS.githubPassword);
      await ui.press('Shift+Enter');
      await waitForStatus(ui, /Copied username of GitHub/);
      assert.equal(ui.bridge.clipboard, 'octo.user');
      await ui.press('Control+Enter');
      await waitForStatus(ui, /Copied TOTP code of GitHub/);
      assert.equal(ui.bridge.clipboard, FAKE_SECRETS.githubTotpCode);
      assert.deepEqual(ui.bridge.callsOf('entryCopy'), [
        { id: 'e-github', field: 'main' },
        { id: 'e-github', field: 'username' },
        { id: 'e-github', field: 'totp' },
      ]);
      assert.ok(!(await ui.domText()).includes(FAKE_SECRETS.githubPassword), 'copying never puts the value in the page');
    } finally {
      await ui.close();
    }
  });

  it('Enter on a note copies the note; the countdown ticks down', async () => {
    const ui = await open();
    try {
      await ui.search('wi-fi');
      await ui.press('Enter');
      await waitForStatus(ui, /Copied notes of Home Wi-Fi — clipboard clears in 30 s/);
      assert.equal(ui.bridge.clipboard, FAKE_SECRETS.wifiNote);
      await waitForStatus(ui, /clears in 2[0-9] s/, 15_000);
      await ui.press('Shift+Enter');
      await waitForStatus(ui, /This entry has no username/);
    } finally {
      await ui.close();
    }
  });

  it('Ctrl+U opens the URL in main; entries without one say so', async () => {
    const ui = await open();
    try {
      await ui.search('github');
      await ui.press('Control+u');
      await waitForStatus(ui, /Opened GitHub in the browser/);
      assert.deepEqual(ui.bridge.openedUrls, ['https://github.com/login']);
      await ui.search('bank');
      await ui.press('Control+u');
      await waitForStatus(ui, /no web address/);
      assert.equal(ui.bridge.openedUrls.length, 1);
    } finally {
      await ui.close();
    }
  });

  it('Tab and → open details; Esc goes back to the results', async () => {
    const ui = await open();
    try {
      await ui.search('aws');
      await ui.press('Tab');
      await ui.page.getByTestId('detail-view').waitFor();
      assert.equal(await ui.page.locator('.detail-heading h1').innerText(), 'AWS console');
      await ui.press('Escape');
      await ui.searchBox.waitFor();
      await assertFocused(ui);
      assert.equal(await ui.searchBox.inputValue(), 'aws');
      await ui.press('End');
      await ui.press('ArrowRight');
      await ui.page.getByTestId('detail-view').waitFor();
      await ui.press('ArrowLeft');
      await ui.searchBox.waitFor();
    } finally {
      await ui.close();
    }
  });

  it('→ inside the query moves the caret instead of opening details', async () => {
    const ui = await open();
    try {
      await ui.search('aws');
      await ui.press('Home');
      await ui.press('ArrowRight');
      assert.equal(await ui.page.getByTestId('detail-view').count(), 0);
    } finally {
      await ui.close();
    }
  });

  it('Esc clears the query first, then hides the window', async () => {
    const ui = await open();
    try {
      await ui.search('git');
      await ui.press('Escape');
      assert.equal(await ui.searchBox.inputValue(), '');
      assert.equal(ui.bridge.callsOf('windowHide').length, 0);
      await ui.press('Escape');
      await waitFor(() => ui.bridge.callsOf('windowHide').length === 1);
    } finally {
      await ui.close();
    }
  });

  it('Ctrl+L locks and shows the locked screen with the reason', async () => {
    const ui = await open();
    try {
      await ui.search('git');
      await ui.press('Control+l');
      await ui.page.getByTestId('locked-screen').waitFor();
      assert.equal(await ui.page.getByTestId('lock-reason').innerText(), 'You locked the app.');
      assert.equal(await ui.storeValue('query'), '');
      assert.deepEqual(await ui.storeValue('results'), []);
    } finally {
      await ui.close();
    }
  });

  it('? opens the shortcut sheet on an empty query; in a query it is just a character', async () => {
    const ui = await open();
    try {
      await ui.press('?');
      const sheet = ui.page.getByRole('dialog', { name: 'Keyboard shortcuts' });
      await sheet.waitFor();
      assert.match(await sheet.innerText(), /Shift\+Enter\s+Copy the username/);
      await ui.press('Escape');
      await sheet.waitFor({ state: 'detached' });
      await ui.searchBox.focus();
      await ui.page.keyboard.type('a?');
      assert.equal(await ui.searchBox.inputValue(), 'a?');
      assert.equal(await sheet.count(), 0);
    } finally {
      await ui.close();
    }
  });

  it('renders only a window of a 5000-result list and keeps the selection in it', async () => {
    const ui = await open(new FakeBridge({ extraEntries: 5000 }));
    try {
      await ui.search('generated');
      assert.match(await ui.page.locator('.result-count').innerText(), /500 of 5,000 matches/);
      const rendered = await ui.page.locator('[role="option"]').count();
      assert.ok(rendered > 5 && rendered < 40, `rendered ${rendered} rows`);
      for (let i = 0; i < 30; i++) {
        await ui.press('PageDown');
      }
      const title = await ui.selectedTitle();
      assert.equal(title, 'Generated item 0241');
      assert.ok((await ui.page.locator('[role="option"]').count()) < 40);
      await ui.press('PageUp');
      assert.equal(await ui.selectedTitle(), 'Generated item 0233');
      await ui.screenshot('search-large-light');
    } finally {
      await ui.close();
    }
  });

  it('says when nothing matches, and explains restricted keys', async () => {
    const ui = await open(new FakeBridge({ restricted: true }));
    try {
      await ui.search('zzzz');
      const empty = ui.page.getByTestId('no-results');
      assert.match(await empty.innerText(), /Nothing matches “zzzz”/);
      assert.match(await empty.innerText(), /only the secrets granted to it/);
      assert.match(await ui.page.locator('.banner').innerText(), /Restricted key/);
    } finally {
      await ui.close();
    }
  });

  it('shows a search failure with what happened and what to do', async () => {
    const ui = await open();
    try {
      ui.bridge.failNext.set('vaultSearch', { kind: 'network', message: 'Cannot reach the Psono server.' });
      await ui.search('git');
      const alert = ui.page.getByRole('alert');
      assert.match(await alert.innerText(), /Server unreachable/);
      assert.match(await alert.innerText(), /Check your network connection/);
    } finally {
      await ui.close();
    }
  });

  it('refocuses and selects the query when main shows the window again', async () => {
    const ui = await open();
    try {
      await ui.search('git');
      await ui.page.locator('button[aria-label="Settings"]').focus();
      await ui.emit('window:shown', { view: 'search' });
      await assertFocused(ui);
    } finally {
      await ui.close();
    }
  });
});

async function assertFocused(ui: RendererPage): Promise<void> {
  await ui.page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'combobox');
}

async function waitForStatus(ui: RendererPage, pattern: RegExp, timeout = 10_000): Promise<void> {
  await ui.page.waitForFunction(
    ([source, flags]) => new RegExp(source, flags).test(document.querySelector('[data-testid="status-line"]')?.textContent ?? ''),
    [pattern.source, pattern.flags] as const,
    { timeout },
  );
}

async function waitFor(condition: () => boolean, timeout = 10_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeout) {
      throw new Error('condition not met in time');
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
