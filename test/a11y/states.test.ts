// Opens every renderer state in light, dark and forced colours and runs axe-core on each: any
// serious or critical violation, or any breach of the structure rules (one main landmark, all
// content in landmarks, a level-one heading, allowed roles), fails. Forced-colour states are
// saved as screenshots (test-results/screens/a11y-forced-*.png).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { FakeBridge, PASTED_DIALOG } from '../fakes/fake-bridge';
import { sharedRenderer, type RendererPage } from '../renderer/support/renderer-page';
import { describeViolations, failing, runAxe } from './support/axe';
import { applyMode, MODES } from './support/modes';

describe('accessibility of every renderer state', { timeout: 600_000 }, () => {
  const renderer = sharedRenderer('test');

  for (const mode of MODES) {
    it(`has no serious or critical axe violation in any state (${mode.name})`, async () => {
      const problems: string[] = [];
      const audited: string[] = [];
      const audit = async (ui: RendererPage, state: string) => {
        await ui.page.waitForTimeout(50); // let React commit the last change
        const found = failing(await runAxe(ui.page));
        audited.push(state);
        if (found.length > 0) {
          problems.push(`${state}:\n${describeViolations(found)}`);
        }
        if (mode.forcedColors) {
          await ui.screenshot(`a11y-forced-${state}`);
        }
      };
      const open = async (bridge: FakeBridge, viewport?: { width: number; height: number }) => {
        const ui = await renderer.open(bridge, { colorScheme: mode.colorScheme, ...(viewport ? { viewport } : {}) });
        ui.page.setDefaultTimeout(15_000);
        await applyMode(ui, mode);
        return ui;
      };

      await walkSetup(await open(new FakeBridge({ phase: 'no-profile' }), { width: 680, height: 720 }), audit);
      await walkUnlocked(await open(new FakeBridge({ extraEntries: 30 })), audit);
      await walkRestricted(await open(new FakeBridge({ restricted: true })), audit);
      const failingStart = new FakeBridge();
      failingStart.failNext.set('appGetState', { kind: 'internal', message: 'The app could not start.' });
      await walkStartupError(await open(failingStart), audit);

      assert.equal(audited.length, 18, `states audited: ${audited.join(', ')}`);
      assert.deepEqual(problems, [], `${mode.name}:\n${problems.join('\n\n')}`);
    });
  }
});

type Audit = (ui: RendererPage, state: string) => Promise<void>;

async function walkSetup(ui: RendererPage, audit: Audit): Promise<void> {
  try {
    await ui.page.getByTestId('setup-screen').waitFor();
    await audit(ui, 'setup-empty');
    await ui.page.getByTestId('setup-test').click();
    await ui.page.getByTestId('setup-fix-fields').getByText(/Fix the marked fields/).waitFor();
    await audit(ui, 'setup-invalid');
    await ui.page.getByTestId('setup-paste').fill(PASTED_DIALOG);
    await ui.page.getByTestId('setup-test').click();
    await ui.page.getByTestId('setup-check').waitFor();
    await audit(ui, 'setup-checked');
  } finally {
    await ui.close();
  }
}

async function walkUnlocked(ui: RendererPage, audit: Audit): Promise<void> {
  try {
    await ui.searchBox.waitFor();
    await audit(ui, 'search-empty');
    await ui.search('o');
    await ui.press('ArrowDown');
    await ui.press('Enter');
    await ui.page.getByText(/clipboard clears in/).waitFor();
    await audit(ui, 'search-results');
    await ui.search('no such entry');
    await ui.page.getByTestId('no-results').waitFor();
    await audit(ui, 'search-no-results');
    await ui.search('');
    await ui.press('?');
    await ui.page.getByRole('dialog').waitFor();
    await audit(ui, 'shortcuts');
    await ui.press('Escape');

    await ui.search('git');
    await ui.press('Tab');
    await ui.page.locator('.totp-code').waitFor();
    await ui.page.getByRole('button', { name: 'Show Password' }).click();
    await ui.page.locator('.secret.revealed').waitFor();
    await audit(ui, 'detail');
    await ui.press('Control+Shift+L');
    await ui.page.getByRole('dialog', { name: 'Large type' }).waitFor();
    await audit(ui, 'large-type');
    await ui.press('Escape'); // large type
    await ui.press('Escape');

    await ui.press('Control+g');
    await ui.page.getByTestId('generator-screen').waitFor();
    await ui.page.getByTestId('generate').click();
    await ui.page.getByTestId('generated').waitFor();
    await audit(ui, 'generator');
    await ui.press('Escape');
    await ui.searchBox.waitFor();

    await ui.press('Control+,');
    await ui.page.getByTestId('settings-screen').waitFor();
    await audit(ui, 'settings');
    await ui.page.getByRole('button', { name: 'Remove profile…' }).click();
    await ui.page.getByRole('alertdialog').waitFor();
    await audit(ui, 'settings-remove-confirm');
    await ui.press('Escape'); // the confirm
    await ui.press('Escape'); // settings
    await ui.searchBox.waitFor();

    ui.bridge.setPhase('unlocking');
    await ui.page.getByTestId('connecting-screen').waitFor();
    await audit(ui, 'connecting');

    ui.bridge.setPhase('locked', 'manual');
    await ui.page.getByTestId('locked-screen').waitFor();
    await audit(ui, 'locked');
    await ui.page.getByTestId('unlock-pin').fill('wrong-pin');
    await ui.page.getByTestId('unlock-pin').press('Enter');
    await ui.page.getByTestId('unlock-error').waitFor();
    await audit(ui, 'locked-wrong-pin');
    await ui.page.getByRole('button', { name: 'Settings' }).click();
    await ui.page.getByTestId('settings-screen').waitFor();
    await audit(ui, 'settings-locked');
  } finally {
    await ui.close();
  }
}

async function walkRestricted(ui: RendererPage, audit: Audit): Promise<void> {
  try {
    await ui.search('o');
    await ui.page.locator('.banner').waitFor();
    await audit(ui, 'search-restricted');
  } finally {
    await ui.close();
  }
}

async function walkStartupError(ui: RendererPage, audit: Audit): Promise<void> {
  try {
    await ui.page.getByTestId('startup-error').waitFor();
    await audit(ui, 'startup-error');
  } finally {
    await ui.close();
  }
}

