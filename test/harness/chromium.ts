/**
 * One shared headless Chromium per test process (node --test runs each file in its own process).
 * Each fake BrowserWindow gets its own BrowserContext in it.
 */
import type { Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

let browser: Promise<Browser> | null = null;

export function getBrowser(): Promise<Browser> {
  // launch() gives the browser a fresh temporary --user-data-dir of its own.
  // Loaded lazily: every test process loads the electron double, most never open a page.
  browser ??= import('playwright-core').then(({ chromium }) =>
    chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS }),
  );
  return browser;
}

export async function closeBrowser(): Promise<void> {
  if (browser) {
    const running = await browser;
    browser = null;
    await running.close();
  }
}
