/** Calls the page's window.psonoTray from a test, exactly as the renderer would. */
import assert from 'node:assert/strict';

import type { Page } from 'playwright-core';

import type { IpcResult } from '../../src/shared/ipc/dto';

type Bridge = Record<string, (arg?: unknown) => Promise<IpcResult<unknown>>>;

export function callBridge<T>(page: Page, method: string, arg?: unknown): Promise<IpcResult<T>> {
  return page.evaluate(
    ([name, value]) => (window as unknown as { psonoTray: Bridge }).psonoTray[name as string]!(value) as Promise<IpcResult<T>>,
    [method, arg] as const,
  );
}

/**
 * The user presses a key in the window, then the page calls `method`: what a reveal or copy from the
 * window needs (main serves them only right after input it saw itself).
 */
export async function callBridgeAfterKey<T>(page: Page, method: string, arg?: unknown): Promise<IpcResult<T>> {
  await page.keyboard.press('Shift');
  return callBridge<T>(page, method, arg);
}

export function expectOk<T>(result: IpcResult<T>): T {
  if (!result.ok) {
    assert.fail(`expected ok, got ${result.error.kind}: ${result.error.message}`);
  }
  return result.value;
}

export function expectError(result: IpcResult<unknown>, kind: string): string {
  assert.equal(result.ok, false, `expected ${kind}, got ok`);
  if (result.ok) {
    return '';
  }
  assert.equal(result.error.kind, kind, result.error.message);
  return result.error.message;
}
