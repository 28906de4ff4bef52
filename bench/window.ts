/** Shortcut → search window visible with its input focused, through the main-process harness. */
import type { Summary } from './stats';

export type WindowResult =
  | { readonly status: 'ok'; readonly summary: Summary; readonly how: string }
  | { readonly status: 'skipped' | 'unavailable'; readonly reason: string };

export async function measureSearchWindow(_repo: string): Promise<WindowResult> {
  return { status: 'unavailable', reason: 'harness not ready' };
}
