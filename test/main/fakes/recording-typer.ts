/**
 * A key adapter for harness tests: records what auto-type asks it to type and stands in for the X
 * server's focus (which window has it, and where it goes when our window hides).
 */
import assert from 'node:assert/strict';

import type { Page } from 'playwright-core';

import type { AutoTypeKey } from '../../../src/core/autotype';
import { x11WindowId } from '../../../src/main/autotype/auto-type-service';
import type { AutoTypeAvailability, KeyTyper } from '../../../src/main/autotype/key-typer';
import type { HarnessApp } from '../../harness/launch';

export const EDITOR = '7340033';

/** The X server's focus and the keys sent, as far as auto-type can see them. */
export class RecordingTyper implements KeyTyper {
  readonly availability: AutoTypeAvailability = { available: true };
  focused: string | null = EDITOR;
  /** Where the focus goes when our window hides (the window manager's choice). */
  focusAfterHide: string | null = EDITOR;
  readonly typed: string[] = [];
  activeWindow(): Promise<string | null> {
    return Promise.resolve(this.focused);
  }
  windowPid(): Promise<number | null> {
    return Promise.resolve(null);
  }
  activate(window: string): Promise<void> {
    this.focused = window;
    return Promise.resolve();
  }
  typeText(text: string): Promise<void> {
    this.typed.push(text);
    return Promise.resolve();
  }
  pressKey(key: AutoTypeKey): Promise<void> {
    this.typed.push(`<${key}>`);
    return Promise.resolve();
  }
}

/** Lets our window's hiding hand the focus back, as a window manager does. Call once per launch. */
export function focusReturnsOnHide(harness: HarnessApp, keys: RecordingTyper): void {
  harness.main.window.window.on('hide', () => (keys.focused = keys.focusAfterHide));
}

/** The user is in `window` and presses the global shortcut: the search window opens over it. */
export async function openSearchFrom(harness: HarnessApp, page: Page, keys: RecordingTyper, window: string | null): Promise<void> {
  if (harness.main.window.isVisible()) {
    harness.main.window.hide();
  }
  keys.focused = window;
  harness.pressShortcut();
  for (let i = 0; i < 100 && !harness.main.window.isVisible(); i += 1) {
    await page.waitForTimeout(10);
  }
  assert.ok(harness.main.window.isVisible());
  keys.focused = x11WindowId(harness.main.window.window.getNativeWindowHandle());
}
