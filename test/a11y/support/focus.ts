// Keyboard-only helpers: where focus is, and moving it with Tab alone.
import assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';

import type { RendererPage } from '../../renderer/support/renderer-page';

/** What holds focus, as a short description (tag, test id, accessible label) for messages. */
export function focusedElement(ui: RendererPage): Promise<string> {
  return ui.page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) {
      return 'body';
    }
    const testId = element.getAttribute('data-testid');
    const label = element.getAttribute('aria-label') ?? element.textContent?.trim().slice(0, 40) ?? '';
    return `${element.tagName.toLowerCase()}${testId ? `[${testId}]` : ''} "${label}"`;
  });
}

const isFocused = (locator: Locator) => locator.evaluate((element) => element === document.activeElement);

/** Asserts that `locator` holds focus (after React has committed the step's change). */
export async function assertFocus(ui: RendererPage, locator: Locator, step: string): Promise<void> {
  await ui.page.waitForTimeout(30);
  assert.ok(await isFocused(locator), `${step}: focus is on ${await focusedElement(ui)}`);
}

/** Presses Tab (Shift+Tab with `back`) until `locator` holds focus; fails after `max` presses. */
export async function tabTo(ui: RendererPage, locator: Locator, step: string, { back = false, max = 30 } = {}): Promise<void> {
  for (let presses = 0; presses < max; presses++) {
    if (await isFocused(locator)) {
      return;
    }
    await ui.press(back ? 'Shift+Tab' : 'Tab');
  }
  assert.fail(`${step}: ${max} Tab presses never reached it; focus is on ${await focusedElement(ui)}`);
}

/** Whether the focused element draws a focus indicator that is an outline. */
export function focusOutline(ui: RendererPage): Promise<string> {
  return ui.page.evaluate(() => {
    const element = document.activeElement;
    if (!element) {
      return 'none';
    }
    const style = getComputedStyle(element);
    return `${style.outlineStyle} ${style.outlineWidth}`;
  });
}
