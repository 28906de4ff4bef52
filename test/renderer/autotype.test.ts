// Auto-type in the renderer: Ctrl/Cmd+Shift+Enter asks main to type the selected entry, and Settings'
// auto-type section (availability, on/off, the sequence with main's reason for refusing it).
// Saves the section's screenshots, available and unavailable, in light and dark.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { FakeBridge } from '../fakes/fake-bridge';
import { sharedRenderer, type RendererPage } from './support/renderer-page';

const WAYLAND = 'Wayland does not let one app type into another.';

describe('auto-type in the search window and Settings', { timeout: 600_000 }, () => {
  const renderer = sharedRenderer('test');

  async function openSettings(ui: RendererPage): Promise<void> {
    await ui.press('Control+,');
    await ui.page.getByTestId('settings-screen').waitFor();
    await ui.page.getByTestId('autotype-settings').scrollIntoViewIfNeeded();
  }

  it('Ctrl+Shift+Enter auto-types the selected entry; the shortcut sheet and footer name the key', async () => {
    const ui = await renderer.open(new FakeBridge());
    try {
      await ui.press('?');
      await ui.page.getByRole('dialog').getByText('Auto-type into the window you came from').waitFor();
      await ui.press('Escape');
      await ui.search('git');
      assert.match(await ui.page.getByTestId('footer-hint').innerText(), /Ctrl\+Shift\+Enter types it/);
      await ui.press('Control+Shift+Enter');
      await ui.page.getByText(/Typed .* into the previous window/).waitFor();
      const [call] = ui.bridge.callsOf('entryAutoType') as Array<{ id: string }>;
      assert.ok(call && ui.bridge.entries.find((entry) => entry.id === call.id)?.title.includes('GitHub'));
      assert.equal(ui.bridge.callsOf('entryCopy').length, 0, 'auto-type is not a copy');
    } finally {
      await ui.close();
    }
  });

  it('shows main\'s refusal when nothing could be typed', async () => {
    const ui = await renderer.open(new FakeBridge());
    try {
      ui.bridge.failNext.set('entryAutoType', { kind: 'unsupported', message: 'Auto-type cannot tell which window to type into.' });
      await ui.search('git');
      await ui.press('Control+Shift+Enter');
      await ui.page.getByText('Auto-type cannot tell which window to type into.').waitFor();
    } finally {
      await ui.close();
    }
  });

  it('Settings refuses an invalid sequence with the parser\'s reason and applies a valid one', async () => {
    const ui = await renderer.open(new FakeBridge());
    try {
      await openSettings(ui);
      const field = ui.page.locator('[data-setting="autoTypeSequence"]');
      assert.equal(await field.inputValue(), '{USERNAME}{TAB}{PASSWORD}{ENTER}');
      await field.fill('{USERNAME}{TAB}{PASWORD}');
      await field.press('Enter');
      const error = ui.page.getByTestId('autotype-sequence-error');
      await error.waitFor();
      assert.match(await error.innerText(), /unknown token \{PASWORD\}/);
      assert.equal(await field.getAttribute('aria-invalid'), 'true');
      assert.equal(ui.bridge.settings.autoTypeSequence, '{USERNAME}{TAB}{PASSWORD}{ENTER}');
      await field.fill('{USERNAME}{TAB}{PASSWORD}{DELAY 200}{ENTER}');
      await field.press('Enter');
      await error.waitFor({ state: 'detached' });
      assert.equal(ui.bridge.settings.autoTypeSequence, '{USERNAME}{TAB}{PASSWORD}{DELAY 200}{ENTER}');
      await ui.page.locator('[data-setting="autoType"]').uncheck();
      assert.equal(ui.bridge.settings.autoType, false);
      await ui.page.getByRole('button', { name: 'Reset to default' }).click();
      await ui.page.locator('[data-setting="autoTypeSequence"][value="{USERNAME}{TAB}{PASSWORD}{ENTER}"]').waitFor();
      assert.equal(ui.bridge.settings.autoTypeSequence, '{USERNAME}{TAB}{PASSWORD}{ENTER}');
    } finally {
      await ui.close();
    }
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`says whether auto-type works here and why not (${colorScheme})`, async () => {
      const available = await renderer.open(new FakeBridge(), { colorScheme });
      try {
        await openSettings(available);
        const line = available.page.getByTestId('autotype-availability');
        assert.equal(await line.getAttribute('data-state'), 'available');
        await available.screenshot(`settings-autotype-${colorScheme}`);
        assert.deepEqual(available.consoleProblems, []);
      } finally {
        await available.close();
      }
      const unavailable = await renderer.open(new FakeBridge({ autoType: { available: false, reason: WAYLAND } }), { colorScheme });
      try {
        await openSettings(unavailable);
        const line = unavailable.page.getByTestId('autotype-availability');
        assert.equal(await line.getAttribute('data-state'), 'unavailable');
        assert.equal(await line.innerText(), ` Unavailable here: ${WAYLAND}`.trim());
        assert.equal(await unavailable.page.locator('[data-setting="autoType"]').isDisabled(), true);
        assert.doesNotMatch(await unavailable.page.getByTestId('status-message').innerText(), /Ctrl\+Shift\+Enter/);
        await unavailable.screenshot(`settings-autotype-unavailable-${colorScheme}`);
      } finally {
        await unavailable.close();
      }
    });
  }
});
