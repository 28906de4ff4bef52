/**
 * What `npm start` runs: the esbuild bundle dist/main/index.cjs (index.ts, the real composition
 * root with keytar and the HTTPS transport), loaded against the electron double. It must find the
 * preload, renderer and tray icons under dist/ by itself. Skips visibly when dist/ is not built
 * (`npm run check` builds before testing).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

import * as electron from '../harness/fake-electron/index';
import { closeBrowser } from '../harness/launch';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const BUNDLE = path.join(REPO, 'dist/main/index.cjs');

test('the built main bundle starts: app:// page from dist/renderer, preload, tray icon from dist/resources', async (t) => {
  if (!existsSync(BUNDLE) || !existsSync(path.join(REPO, 'dist/renderer/index.html'))) {
    t.skip('dist/ is not built (run `npm run build`)');
    return;
  }
  await electron.__resetElectron();
  const userData = await mkdtemp(path.join(tmpdir(), 'psono-tray-bundle-'));
  electron.app.setPath('userData', userData);
  try {
    createRequire(import.meta.url)(BUNDLE);
    electron.app.__emitReady();
    for (let i = 0; i < 200 && electron.Tray.instances.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const [window] = electron.BrowserWindow.getAllWindows();
    assert.ok(window, 'a window was created');
    assert.match(String(window.options.webPreferences?.preload), /dist[\\/]preload[\\/]search-window\.cjs$/);
    await window.webContents.__whenLoaded();
    assert.equal(window.webContents.getURL(), 'app://psono-tray/index.html');
    const page = window.webContents.__page();
    assert.equal(await page.evaluate(() => typeof (window as unknown as { psonoTray?: unknown }).psonoTray), 'object');
    const tray = electron.Tray.instances[0];
    assert.match(tray?.__imagePath() ?? '', /dist[\\/]resources[\\/]tray[\\/]tray-locked-(dark|light)\.png$/);
    assert.equal(electron.nativeImage.createFromPath(tray?.__imagePath() ?? '').isEmpty(), false);
    const quit = electron.app.__whenQuit();
    electron.app.quit();
    await quit;
  } finally {
    await electron.__resetElectron();
    await closeBrowser();
    await rm(userData, { recursive: true, force: true });
  }
});
