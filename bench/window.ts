/**
 * Shortcut → search window visible with its input focused, through the main-process harness in a
 * child process (it needs the Electron double's loader hooks). n/a when the harness cannot run.
 */
import path from 'node:path';

import { lineStartingWith, runNodeChild } from './child';
import { summarize, type Summary } from './stats';

export type WindowResult =
  | { readonly status: 'ok'; readonly summary: Summary; readonly how: string }
  | { readonly status: 'skipped' | 'unavailable'; readonly reason: string };

export async function measureSearchWindow(repo: string, rounds = 20): Promise<WindowResult> {
  const { code, stdout, stderr } = await runNodeChild(repo, ['--import', './test/harness/register.mjs', path.join('bench', 'window-child.ts'), String(rounds)]);
  const line = lineStartingWith(stdout, '{"samples"');
  if (code !== 0 || line === undefined) {
    const why = stderr.split('\n').find((text) => /bench: |Error:/.test(text)) ?? `exit code ${code}`;
    return { status: 'unavailable', reason: `harness not ready: ${why.trim().slice(0, 160)}` };
  }
  const { samples } = JSON.parse(line) as { samples: number[] };
  return {
    status: 'ok',
    summary: summarize(samples),
    how: 'harness: globalShortcut double press → real main → BrowserWindow double show() → window:shown → real renderer in headless Chromium focuses the input; polled from Node over CDP, so a ceiling',
  };
}
