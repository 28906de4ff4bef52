// The character cells of large type and the generator, which axe skips (one character is "too
// short to tell if it is text"): in light, dark and forced colours every kind of character reaches
// 4.5:1 against its cell, the symbol boxes 3:1 against the page, and each kind differs from the
// others by more than colour (underline, box, weight).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { FakeBridge } from '../fakes/fake-bridge';
import { sharedRenderer, type RendererPage } from '../renderer/support/renderer-page';
import { contrastRatio } from './support/layout';
import { applyMode, MODES } from './support/modes';

const KINDS = ['lower', 'upper', 'digit', 'symbol'] as const;

/** The non-colour marks of each kind: they must all differ. */
async function marks(ui: RendererPage, scope: string): Promise<Record<string, string>> {
  const found: Record<string, string> = {};
  for (const kind of KINDS) {
    const cell = ui.page.locator(`${scope} .char-cell.kind-${kind}`).first();
    found[kind] = await cell.evaluate((element) => {
      const glyph = element.querySelector('.char-glyph') as Element;
      const cellStyle = getComputedStyle(element);
      const glyphStyle = getComputedStyle(glyph);
      // A transparent border is no mark.
      const border = cellStyle.borderTopColor === 'rgba(0, 0, 0, 0)' ? 'no border' : `${cellStyle.borderTopStyle} ${cellStyle.borderTopWidth}`;
      return [glyphStyle.textDecorationLine, glyphStyle.fontWeight, border].join(' ');
    });
  }
  return found;
}

async function check(ui: RendererPage, scope: string, problems: string[], label: string): Promise<void> {
  for (const kind of KINDS) {
    const cell = ui.page.locator(`${scope} .char-cell.kind-${kind}`).first();
    const ratio = await contrastRatio(cell.locator('.char-glyph'), cell);
    if (ratio < 4.5) {
      problems.push(`${label}: ${kind} ${ratio.toFixed(2)}:1`);
    }
    const index = await contrastRatio(cell.locator('.char-index'), cell);
    if (index < 4.5) {
      problems.push(`${label}: the position number of a ${kind} ${index.toFixed(2)}:1`);
    }
  }
  const distinct = new Set(Object.values(await marks(ui, scope)));
  if (distinct.size !== KINDS.length) {
    problems.push(`${label}: kinds share their marks: ${JSON.stringify(await marks(ui, scope))}`);
  }
}

describe('character cells: contrast and marks beyond colour', { timeout: 300_000 }, () => {
  const renderer = sharedRenderer('test');

  for (const mode of MODES) {
    it(`every kind of character is readable and told apart without colour (${mode.name})`, async () => {
      const ui = await renderer.open(new FakeBridge(), { colorScheme: mode.colorScheme });
      ui.page.setDefaultTimeout(15_000);
      await applyMode(ui, mode);
      await ui.page.evaluate('globalThis.__name = (fn) => fn');
      const problems: string[] = [];
      try {
        await ui.searchBox.waitFor();
        await ui.press('Control+g');
        // Every class, so each kind occurs in the value the fake returns.
        await ui.page.getByTestId('generate').click();
        await ui.page.getByTestId('generated').waitFor();
        await check(ui, '[data-testid="generated"]', problems, 'generator');
        await ui.press('Control+Shift+L');
        await ui.page.getByRole('dialog', { name: 'Large type' }).waitFor();
        await check(ui, '.large-type', problems, 'large type');
        if (mode.forcedColors) {
          await ui.screenshot('a11y-forced-large-type');
        }
      } finally {
        await ui.close();
      }
      assert.deepEqual(problems, []);
    });
  }
});
