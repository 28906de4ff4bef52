/**
 * The real app in a real Electron, driven by Playwright's _electron. Runs only where an Electron
 * binary exists (ELECTRON_E2E=1 and node_modules/electron/path.txt) and `npm run build` has run;
 * everywhere else it skips with a visible reason. It never loads the `electron` npm module (whose
 * index.js would try to download the binary): the executable path is read from path.txt.
 *
 * Linux CI: `ELECTRON_E2E=1 xvfb-run -a bash scripts/with-keyring.sh node scripts/run-tests.mjs test/electron`.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const PATH_TXT = path.join(REPO, 'node_modules/electron/path.txt');
const MAIN_BUNDLE = path.join(REPO, 'dist/main/index.cjs');

function skipReason(): string | null {
  if (process.env['ELECTRON_E2E'] !== '1') {
    return 'real-Electron suite skipped: set ELECTRON_E2E=1 on a machine with an Electron binary';
  }
  if (!existsSync(PATH_TXT)) {
    return 'real-Electron suite skipped: node_modules/electron/path.txt is missing (no Electron binary installed)';
  }
  if (!existsSync(MAIN_BUNDLE)) {
    return 'real-Electron suite skipped: run `npm run build` first (dist/main/index.cjs is missing)';
  }
  return null;
}

describe('real Electron', () => {
  test('the app starts, serves app://, hardens its window and exposes only the bridge', async (t) => {
    const reason = skipReason();
    if (reason) {
      t.skip(reason);
      return;
    }
    const { _electron } = await import('playwright-core');
    const executablePath = path.join(REPO, 'node_modules/electron/dist', readFileSync(PATH_TXT, 'utf8').trim());
    const config = mkdtempSync(path.join(tmpdir(), 'psono-tray-e2e-'));
    const app = await _electron.launch({
      executablePath,
      args: [REPO, '--no-sandbox'],
      env: { ...process.env, XDG_CONFIG_HOME: config },
    });
    try {
      // A fresh profile opens the setup view at start.
      const page = await app.firstWindow();
      await page.waitForLoadState('load');
      assert.equal(page.url(), 'app://psono-tray/index.html');
      const surface = await page.evaluate(() => {
        const w = window as unknown as Record<string, unknown>;
        return { require: typeof w['require'], process: typeof w['process'], bridge: typeof w['psonoTray'], ipc: typeof w['ipcRenderer'] };
      });
      assert.deepEqual(surface, { require: 'undefined', process: 'undefined', bridge: 'object', ipc: 'undefined' });
      // The main process really runs our bundle (not a default app).
      const url = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.webContents.getURL());
      assert.equal(url, 'app://psono-tray/index.html');
      const state = await page.evaluate(() => (window as unknown as { psonoTray: { appGetState(): Promise<{ ok: boolean; value?: { phase: string } }> } }).psonoTray.appGetState());
      assert.equal(state.ok && state.value?.phase, 'no-profile');
    } finally {
      await app.close();
      rmSync(config, { recursive: true, force: true });
    }
  });
});
