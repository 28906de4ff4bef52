// Checks for what an axe audit does not see: contrast inside dialogs and SVG, live regions that
// must exist before they speak, forced-colour rendering, and layouts at 200 % zoom. The 200 %
// layouts are saved as screenshots (test-results/screens/a11y-zoom200-*.png).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { FAKE_PIN, FakeBridge } from '../fakes/fake-bridge';
import { sharedRenderer, type RendererPage } from '../renderer/support/renderer-page';
import { clippedElements, contrastRatio } from './support/layout';

/** The default window (680 × 460) at 200 %: half the CSS pixels, each drawn twice. */
const ZOOM_200 = { viewport: { width: 340, height: 230 }, deviceScaleFactor: 2 } as const;

describe('accessibility findings axe does not see', { timeout: 600_000 }, () => {
  const renderer = sharedRenderer('test');
  const open = async (bridge: FakeBridge, options: Parameters<typeof renderer.open>[1] = {}) => {
    const ui = await renderer.open(bridge, options);
    ui.page.setDefaultTimeout(15_000);
    // tsx names the functions these tests run in the page with a helper the page lacks.
    await ui.page.evaluate('globalThis.__name = (fn) => fn');
    return ui;
  };
  const withPage = async (ui: RendererPage, run: (ui: RendererPage) => Promise<void>) => {
    try {
      await run(ui);
    } finally {
      await ui.close();
    }
  };

  it('contrast: the dark danger button and the TOTP ring number reach 4.5:1 at a readable size', async () => {
    await withPage(await open(new FakeBridge(), { colorScheme: 'dark' }), async (ui) => {
      await ui.search('git');
      await ui.press('Tab');
      const ring = ui.page.locator('.totp-ring-text');
      await ring.waitFor();
      assert.ok((await contrastRatio(ring, ui.page.locator('.detail-screen'), 'fill')) >= 4.5, 'ring number contrast');
      // The number's font size in screen pixels: its size in the ring's units, scaled as the ring is drawn.
      const size = await ring.evaluate((element) => {
        const svg = element.closest('svg');
        return parseFloat(getComputedStyle(element).fontSize) * ((svg?.getBoundingClientRect().width ?? 0) / (svg?.viewBox.baseVal.width || 1));
      });
      assert.ok(size >= 10, `the ring number is drawn at ${size.toFixed(1)} px`);
      await ui.press('Escape');
      await ui.press('Control+,');
      await ui.page.getByRole('button', { name: 'Remove profile…' }).click();
      await ui.page.getByTestId('remove-profile-pin').fill('123456'); // enables the button
      const danger = ui.page.getByTestId('remove-profile-confirm');
      assert.ok((await contrastRatio(danger, danger)) >= 4.5, 'danger button contrast');
    });
  });

  it('live regions exist, empty, before their message, and the clipboard countdown is not live', async () => {
    await withPage(await open(new FakeBridge()), async (ui) => {
      const announcement = ui.page.getByTestId('results-announcement');
      assert.equal(await announcement.getAttribute('role'), 'status');
      assert.equal(await announcement.innerText(), '');
      await announcement.evaluate((element) => element.setAttribute('data-seen', 'before'));
      await ui.search('no such entry');
      assert.equal(await ui.page.locator('[data-seen="before"]').innerText(), 'Nothing matches “no such entry”.', 'the same region, now speaking');

      await ui.search('git');
      await ui.press('Enter');
      const countdown = ui.page.locator('.status-countdown');
      await countdown.waitFor();
      assert.equal(await countdown.evaluate((element) => element.closest('[role="status"], [role="alert"], [aria-live]') === null), true, 'the countdown is outside any live region');
      assert.equal(await ui.page.getByTestId('status-message').getAttribute('role'), 'status');
      await ui.press('Tab');
      const copy = ui.page.getByRole('button', { name: 'Copy Password' });
      assert.equal(await copy.getAttribute('aria-describedby'), await countdown.getAttribute('id'), 'a copy button is described by the countdown');

      await ui.press('Escape');
      await ui.press('Control+,');
      const changed = ui.page.getByTestId('pin-changed');
      assert.equal(await changed.getAttribute('role'), 'status');
      assert.equal(await changed.innerText(), '');
      await ui.page.getByTestId('current-pin').fill(FAKE_PIN);
      await ui.page.getByTestId('new-pin').fill('fx-new-pin-654321');
      await ui.page.getByRole('button', { name: 'Change PIN' }).click();
      await changed.getByText('PIN changed.').waitFor();
    });
    await withPage(await open(new FakeBridge({ phase: 'no-profile' })), async (ui) => {
      const fix = ui.page.getByTestId('setup-fix-fields');
      assert.equal(await fix.getAttribute('role'), 'status');
      assert.equal(await fix.innerText(), '');
      await ui.page.getByTestId('setup-test').click();
      await fix.getByText('Fix the marked fields first.').waitFor();
    });
  });

  it('forced colours: the selected row, focus and the TOTP ring use system colours', async () => {
    await withPage(await open(new FakeBridge()), async (ui) => {
      await ui.page.emulateMedia({ forcedColors: 'active' });
      const system = await ui.page.evaluate(() => {
        const probe = document.createElement('div');
        document.body.append(probe);
        const colour = (value: string) => {
          probe.style.color = value;
          return getComputedStyle(probe).color;
        };
        const result = { highlight: colour('Highlight'), highlightText: colour('HighlightText'), canvasText: colour('CanvasText') };
        probe.remove();
        return result;
      });
      await ui.search('o');
      await ui.press('ArrowDown');
      const style = (selector: string, property: string) => ui.page.locator(selector).first().evaluate((element, name) => getComputedStyle(element).getPropertyValue(name), property);
      assert.equal(await style('.result.selected', 'background-color'), system.highlight, 'selected row background');
      assert.equal(await style('.result.selected', 'color'), system.highlightText, 'selected row text');
      assert.equal(await style('.result:not(.selected)', 'border-left-color'), await style('.result:not(.selected)', 'background-color'), 'other rows carry no visible edge');
      assert.notEqual(await style('.result:not(.selected)', 'background-color'), system.highlight, 'other rows are not highlighted');
      assert.equal(await style('.search-bar', 'outline-style'), 'solid', 'the focused search box is outlined');
      assert.equal(await style('.search-bar', 'outline-color'), system.highlight);

      await ui.search('git');
      await ui.press('Tab');
      await ui.page.locator('.totp-ring').waitFor();
      assert.equal(await style('.totp-ring-fill', 'stroke'), system.highlight, 'TOTP ring');
      assert.equal(await style('.totp-ring-text', 'fill'), system.canvasText, 'TOTP ring number');
    });
  });

  it('200 % zoom: every screen reflows with nothing clipped, and revealed values keep the width', async () => {
    const check = async (ui: RendererPage, state: string) => {
      await ui.page.waitForTimeout(50);
      assert.deepEqual(await clippedElements(ui.page), [], state);
      await ui.screenshot(`a11y-zoom200-${state}`);
    };
    await withPage(await open(new FakeBridge({ phase: 'no-profile' }), ZOOM_200), async (ui) => {
      await ui.page.getByTestId('setup-test').click();
      await check(ui, 'setup');
    });
    await withPage(await open(new FakeBridge(), ZOOM_200), async (ui) => {
      await ui.search('o');
      await check(ui, 'search');
      await ui.search('git');
      await ui.press('Tab');
      await ui.page.getByRole('button', { name: 'Show Password' }).click();
      const revealed = ui.page.locator('.secret.revealed');
      await revealed.waitFor();
      const [valueWidth = 0, fieldWidth = 1] = await revealed.evaluate((element) => [element.closest('.field-value')?.getBoundingClientRect().width ?? 0, element.closest('.field')?.getBoundingClientRect().width ?? 0]);
      assert.ok(valueWidth >= 0.6 * fieldWidth, `the revealed value's column is ${valueWidth} of ${fieldWidth} px`);
      await check(ui, 'detail');
      await ui.press('Escape');
      await ui.press('Control+,');
      await check(ui, 'settings');
      await ui.press('Escape');
      await ui.press('Control+l');
      await ui.page.getByTestId('unlock-pin').fill('wrong-pin');
      await ui.page.getByTestId('unlock-pin').press('Enter');
      await ui.page.getByTestId('unlock-error').waitFor();
      await check(ui, 'locked');
    });
  });
});
