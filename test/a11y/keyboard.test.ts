// Keyboard-only walkthroughs of setup, search, detail, settings and unlock: every step is a key
// press, and each asserts where focus is afterwards.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { FAKE_CREDENTIALS, FAKE_PIN, FakeBridge, PASTED_DIALOG } from '../fakes/fake-bridge';
import { sharedRenderer } from '../renderer/support/renderer-page';
import { assertFocus, focusOutline, tabTo } from './support/focus';

describe('keyboard-only walkthroughs', { timeout: 600_000 }, () => {
  const renderer = sharedRenderer('test');
  const open = async (bridge: FakeBridge) => {
    const ui = await renderer.open(bridge, { viewport: { width: 680, height: 720 } });
    ui.page.setDefaultTimeout(15_000);
    return ui;
  };

  it('setup: starts in the paste box, a refused test moves to the first marked field, save lands in search', async () => {
    const ui = await open(new FakeBridge({ phase: 'no-profile' }));
    try {
      const field = (name: string) => ui.page.getByTestId(`setup-${name}`);
      await ui.page.getByTestId('setup-screen').waitFor();
      await assertFocus(ui, field('paste'), 'on open');

      await ui.press('Tab');
      await assertFocus(ui, field('serverUrl'), 'Tab from the paste box');
      await ui.press('Tab');
      await ui.page.keyboard.type(FAKE_CREDENTIALS.apiKeyId);
      await ui.press('Enter'); // submits the form: the server address is still empty
      await assertFocus(ui, field('serverUrl'), 'refused test');
      assert.equal(await ui.page.getByTestId('setup-fix-fields').innerText(), 'Fix the marked fields first.');
      const describedBy = await field('serverUrl').getAttribute('aria-describedby');
      assert.ok(describedBy, 'the marked field is described by its message');
      assert.equal(await ui.page.locator(`[id="${describedBy}"]`).innerText(), 'Required.');

      await tabTo(ui, field('paste'), 'back to the paste box', { back: true });
      await ui.page.keyboard.insertText(PASTED_DIALOG);
      await assertFocus(ui, field('paste'), 'after the paste');
      await ui.press('Tab');
      await ui.press('Enter');
      await ui.page.getByTestId('setup-check').waitFor();
      await assertFocus(ui, field('serverUrl'), 'the connection test leaves focus where it was');

      await tabTo(ui, field('pin'), 'to the PIN');
      await ui.page.keyboard.type(FAKE_PIN);
      await ui.press('Tab');
      await assertFocus(ui, field('pin-repeat'), 'Tab from the PIN');
      await ui.page.keyboard.type(FAKE_PIN);
      await tabTo(ui, field('save'), 'to Save');
      await ui.press('Enter');
      await ui.searchBox.waitFor();
      await assertFocus(ui, ui.searchBox, 'after saving');
    } finally {
      await ui.close();
    }
  });

  it('search and detail: typing, copying, details with a visible focus, reveal, and back', async () => {
    const ui = await open(new FakeBridge());
    try {
      await ui.searchBox.waitFor();
      await assertFocus(ui, ui.searchBox, 'on open');
      await ui.page.keyboard.type('git');
      await ui.page.waitForFunction(() => document.querySelector('[role="combobox"]')?.getAttribute('aria-activedescendant'));
      await ui.press('Enter');
      await ui.page.getByTestId('status-message').getByText(/Copied/).waitFor();
      await assertFocus(ui, ui.searchBox, 'after copying');

      await ui.press('Tab');
      const detail = ui.page.getByTestId('detail-view');
      await detail.waitFor();
      await assertFocus(ui, detail, 'details open');
      assert.match(await focusOutline(ui), /^solid [1-9]/, 'the focused detail view shows it');

      const show = ui.page.getByRole('button', { name: 'Show Password' });
      await tabTo(ui, show, 'to Show Password');
      await ui.press('Enter');
      await ui.page.locator('.secret.revealed').waitFor();
      await assertFocus(ui, ui.page.getByRole('button', { name: 'Hide Password' }), 'after revealing');

      await ui.press('Escape');
      await ui.searchBox.waitFor();
      await assertFocus(ui, ui.searchBox, 'back from details');
    } finally {
      await ui.close();
    }
  });

  it('shortcut sheet: focus moves in, stays in, and returns to the control that opened it', async () => {
    const ui = await open(new FakeBridge());
    try {
      await ui.searchBox.waitFor();
      await ui.press('?');
      const dialog = ui.page.getByRole('dialog');
      await dialog.waitFor();
      const close = dialog.getByRole('button', { name: 'Close' });
      await assertFocus(ui, close, 'sheet open');
      assert.equal(await ui.page.locator('#root').getAttribute('inert'), '', 'the page behind is inert');
      await ui.press('Tab');
      await assertFocus(ui, close, 'Tab stays in the sheet');
      await ui.press('Shift+Tab');
      await assertFocus(ui, close, 'Shift+Tab stays in the sheet');
      await ui.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      await assertFocus(ui, ui.searchBox, 'sheet closed with Esc');
      assert.equal(await ui.page.locator('#root').getAttribute('inert'), null);
      await ui.page.keyboard.type('aws');
      assert.equal(await ui.searchBox.inputValue(), 'aws', 'typing after the sheet goes to the search box');

      await ui.press('Escape'); // clears the query, so Tab moves on instead of opening details
      const opener = ui.page.getByRole('button', { name: 'Keyboard shortcuts' });
      await tabTo(ui, opener, 'to the shortcuts button');
      await ui.press('Enter');
      await dialog.waitFor();
      await ui.press('Enter'); // activates Close
      await dialog.waitFor({ state: 'detached' });
      await assertFocus(ui, opener, 'sheet closed with its button');
    } finally {
      await ui.close();
    }
  });

  it('settings: opens focused, the remove confirm takes focus, Esc closes only the confirm', async () => {
    const ui = await open(new FakeBridge());
    try {
      await ui.searchBox.waitFor();
      await ui.press('Control+,');
      const settings = ui.page.getByTestId('settings-screen');
      await settings.waitFor();
      await assertFocus(ui, settings, 'settings open');
      assert.match(await focusOutline(ui), /^solid [1-9]/, 'the focused settings screen shows it');

      const remove = ui.page.getByRole('button', { name: 'Remove profile…' });
      await tabTo(ui, remove, 'to Remove profile', { max: 40 });
      await ui.press('Enter');
      const confirm = ui.page.getByRole('alertdialog');
      await confirm.waitFor();
      const pin = confirm.getByTestId('remove-profile-pin');
      const cancel = confirm.getByRole('button', { name: 'Cancel' });
      await assertFocus(ui, pin, 'confirm open: the PIN field');
      await ui.press('Escape');
      await confirm.waitFor({ state: 'detached' });
      assert.ok(await settings.isVisible(), 'Esc closed the confirm, not Settings');
      await assertFocus(ui, remove, 'confirm closed');

      await ui.press('Enter');
      await confirm.waitFor();
      await ui.press('Shift+Tab'); // the PIN field is first: Shift+Tab wraps to Cancel, the last
      await assertFocus(ui, cancel, 'Shift+Tab wraps inside the confirm');
      await ui.press('Tab'); // and Tab wraps back (the confirm button is disabled until a PIN is typed)
      await assertFocus(ui, pin, 'Tab wraps inside the confirm');
      await ui.page.keyboard.type('123456');
      await ui.press('Tab');
      await assertFocus(ui, ui.page.getByTestId('remove-profile-confirm'), 'with a PIN, the confirm button is next');
      await ui.press('Tab');
      await ui.press('Enter'); // Cancel
      await confirm.waitFor({ state: 'detached' });
      await assertFocus(ui, remove, 'cancelled');
      assert.deepEqual(ui.bridge.callsOf('profileRemove'), [], 'nothing was removed');

      await ui.press('Escape');
      await ui.searchBox.waitFor();
      await assertFocus(ui, ui.searchBox, 'back from settings');
    } finally {
      await ui.close();
    }
  });

  it('unlock: the PIN field has focus, a wrong PIN is described on it, the right one lands in search', async () => {
    const ui = await open(new FakeBridge({ phase: 'locked' }));
    try {
      const pin = ui.page.getByTestId('unlock-pin');
      await pin.waitFor();
      await assertFocus(ui, pin, 'on open');
      await ui.page.keyboard.type('wrong-pin');
      await ui.press('Enter');
      const error = ui.page.getByTestId('unlock-error');
      await error.waitFor();
      await assertFocus(ui, pin, 'after a wrong PIN');
      const describedBy = await pin.getAttribute('aria-describedby');
      assert.equal(describedBy, await error.getAttribute('id'), 'the PIN field is described by the message');
      assert.equal(await pin.getAttribute('aria-invalid'), 'true');

      await ui.page.waitForTimeout(50);
      await ui.page.keyboard.type(FAKE_PIN);
      await ui.press('Enter');
      await ui.searchBox.waitFor();
      await assertFocus(ui, ui.searchBox, 'unlocked');
    } finally {
      await ui.close();
    }
  });
});
