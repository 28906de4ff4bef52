// Saves the screenshots the README uses (test-results/screens/<screen>-<scheme>.png), in light and
// dark, each from a real state the user reaches; every shot also checks the page raised no error.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { FAKE_PIN, FakeBridge, PASTED_DIALOG } from '../fakes/fake-bridge';
import { sharedRenderer } from './support/renderer-page';

const SCHEMES = ['light', 'dark'] as const;

describe('screenshots', { timeout: 600_000 }, () => {
  const renderer = sharedRenderer('test');

  for (const colorScheme of SCHEMES) {
    it(`captures setup, search, detail, settings, profile removal and locked (${colorScheme})`, async () => {
      const setup = await renderer.open(new FakeBridge({ phase: 'no-profile' }), { colorScheme, viewport: { width: 680, height: 720 } });
      try {
        await setup.page.getByTestId('setup-paste').fill(PASTED_DIALOG);
        await setup.page.getByTestId('setup-test').click();
        await setup.page.getByTestId('setup-check').waitFor();
        await setup.page.getByTestId('setup-pin').fill(FAKE_PIN);
        await setup.page.getByTestId('setup-pin-repeat').fill(FAKE_PIN);
        await setup.screenshot(`setup-${colorScheme}`);
        assert.deepEqual(setup.consoleProblems, []);
      } finally {
        await setup.close();
      }

      const ui = await renderer.open(new FakeBridge({ extraEntries: 60 }), { colorScheme });
      try {
        await ui.search('o');
        await ui.press('ArrowDown');
        await ui.press('ArrowDown');
        await ui.press('Enter');
        await ui.page.getByText(/clipboard clears in/).waitFor();
        await ui.screenshot(`search-${colorScheme}`);

        await ui.search('git');
        await ui.press('Tab');
        await ui.page.locator('.totp-code').waitFor();
        await ui.page.getByRole('button', { name: 'Show Password' }).click();
        await ui.page.locator('.secret.revealed').waitFor();
        await ui.screenshot(`detail-${colorScheme}`);

        await ui.press('Escape');
        await ui.press('Control+,');
        await ui.page.getByTestId('settings-screen').waitFor();
        await ui.screenshot(`settings-${colorScheme}`);

        await ui.page.getByRole('button', { name: 'Remove profile…' }).click();
        await ui.page.getByTestId('remove-profile-pin').fill('wrong-pin');
        await ui.page.getByTestId('remove-profile-pin').press('Enter');
        await ui.page.getByTestId('remove-profile-error').waitFor();
        await ui.screenshot(`remove-profile-${colorScheme}`);
        await ui.press('Escape'); // the confirm

        await ui.press('Escape');
        await ui.searchBox.waitFor();
        await ui.press('Escape'); // clears the query, so ? opens the sheet instead of being typed
        await ui.press('?');
        await ui.page.getByRole('dialog').waitFor();
        await ui.screenshot(`shortcuts-${colorScheme}`);
        await ui.press('Escape');

        await ui.press('Control+l');
        await ui.page.getByTestId('locked-screen').waitFor();
        await ui.page.getByTestId('unlock-pin').fill('wrong-pin');
        await ui.page.getByTestId('unlock-pin').press('Enter');
        await ui.page.getByTestId('unlock-error').waitFor();
        await ui.screenshot(`locked-${colorScheme}`);
        assert.deepEqual(ui.consoleProblems, []);
      } finally {
        await ui.close();
      }
    });
  }
});
