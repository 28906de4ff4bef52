/**
 * Starts the real main process (src/main/app.ts) against the electron double, with its window page
 * in headless Chromium. See README.md for the API and what this cannot catch.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Page } from 'playwright-core';

import { startApp, type RunningApp, type StartOptions } from '../../src/main/app';
import { UnavailableTyper } from '../../src/main/autotype/key-typer';
import { KeytarKeychain, type ProfileKeychain } from '../../src/main/keychain/keychain';
import { keytar } from '../../src/main/keychain/keytar-module';
import { createLogger } from '../../src/main/log';
import type { VaultService } from '../../src/main/vault/vault-service';
import type { Settings } from '../../src/shared/ipc/dto';
import * as electron from './fake-electron/index';
import { buildRenderer, PROBE_RENDERER_DIR } from './renderer-build';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** Cheap scrypt for tests, honoured only in a test run (PSONO_TRAY_TEST=1); production calibrates, never below N=2^17. */
export const TEST_SCRYPT_PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;

export interface LaunchOptions {
  /** The vault behind main: `psonoVaultService(...)` for the dev server, or a test fake. */
  readonly vault: VaultService;
  /** Reuse a folder to simulate a restart; default a fresh temporary folder (removed on close). */
  readonly userDataDir?: string;
  /** Command line of this (first) launch, e.g. ['--toggle-search']. */
  readonly argv?: readonly string[];
  /** 'probe' (default): a tiny page that records pushed events; 'app': the real src/renderer; or a folder. */
  readonly renderer?: 'probe' | 'app' | string;
  /** Default: the real keychain (gnome-keyring under scripts/with-keyring.sh), service unique per launch. */
  readonly keychain?: ProfileKeychain;
  readonly platform?: NodeJS.Platform;
  /** Written to settings.json before start. */
  readonly settings?: Partial<Settings>;
  /** Pretend to be a packaged build (app.isPackaged): devtools off. */
  readonly packaged?: boolean;
  /** 'light' | 'dark': what the fake OS theme prefers (pages follow it via prefers-color-scheme). */
  readonly systemTheme?: 'light' | 'dark';
  /** Start-at-login adapter handed to main (default: none). */
  readonly autostart?: StartOptions['autostart'];
  /** Auto-type's key adapter (default: one that reports auto-type unavailable; no real X server is used). */
  readonly autoTypeKeys?: StartOptions['autoTypeKeys'];
}

export interface HarnessApp {
  readonly main: RunningApp;
  readonly electron: typeof electron;
  readonly userDataDir: string;
  /** The keychain service name used by this launch (unique, so parallel test files never collide). */
  readonly keychainService: string;
  /** Every line main logged. */
  readonly logs: string[];
  /** The search window's page, once loaded. */
  page(): Promise<Page>;
  /** The user presses the global shortcut (default: the registered one). */
  pressShortcut(accelerator?: string): void;
  /** The user picks a tray menu entry by label path; resolves when its action finished. */
  clickTray(...labelPath: string[]): Promise<void>;
  /** The tray menu as label tree, for assertions. */
  trayMenu(): ReturnType<electron.Menu['__snapshot']>;
  /** Current clipboard text and formats (the double's system clipboard). */
  clipboardText(): Promise<string>;
  clipboardFormats(): string[];
  /** Another app writes to the clipboard. */
  writeClipboardAsOtherApp(text: string): Promise<void>;
  /** Quits like the user choosing Quit; resolves when the app finished quitting. */
  quit(): Promise<void>;
  /** Quits (if not yet), closes pages, resets the double and removes the temporary folder. */
  close(): Promise<void>;
}

let launches = 0;

export async function launchApp(options: LaunchOptions): Promise<HarnessApp> {
  await electron.__resetElectron();
  const ownsUserData = options.userDataDir === undefined;
  const userDataDir = options.userDataDir ?? (await mkdtemp(path.join(tmpdir(), 'psono-tray-userdata-')));
  electron.app.setPath('userData', userDataDir);
  electron.app.isPackaged = options.packaged ?? false;
  if (options.systemTheme) {
    electron.nativeTheme.systemDark = options.systemTheme === 'dark';
  }
  if (options.settings) {
    await mkdir(userDataDir, { recursive: true });
    await writeFile(
      path.join(userDataDir, 'settings.json'),
      JSON.stringify({ version: 1, settings: options.settings, profileAccount: null, favourites: [], recent: [] }),
    );
  }

  const logs: string[] = [];
  const verbose = process.env['PSONO_TRAY_TEST_VERBOSE'] === '1';
  const logSink: StartOptions['logSink'] = (_level, line) => {
    logs.push(line);
    if (verbose) {
      process.stderr.write(`${line}\n`);
    }
  };
  const keychainService = `psono-tray-test-${process.pid}-${++launches}`;
  const keychain = options.keychain ?? new KeytarKeychain(keytar, createLogger('Keychain', logSink), keychainService);

  const rendererDir =
    options.renderer === undefined || options.renderer === 'probe' ? PROBE_RENDERER_DIR : options.renderer === 'app' ? await buildRenderer() : options.renderer;

  const starting = startApp({
    argv: options.argv ?? [],
    keychain,
    vault: options.vault,
    userDataDir,
    rendererDir,
    preloadPath: path.join(REPO, 'dist/preload/search-window.cjs'),
    resourcesDir: path.join(REPO, 'resources'),
    platform: options.platform ?? 'linux',
    logSink,
    scryptParams: TEST_SCRYPT_PARAMS,
    ...(options.autostart ? { autostart: options.autostart } : {}),
    autoTypeKeys: options.autoTypeKeys ?? new UnavailableTyper('No key adapter in this test.'),
  });
  electron.app.__emitReady();
  const main = await starting;
  if (!main) {
    throw new Error('startApp returned null: the single-instance lock was not available');
  }
  await main.window.loaded;

  let closed = false;
  let quitting: Promise<void> | null = null;
  const quit = (): Promise<void> => {
    quitting ??= (async () => {
      const done = electron.app.__whenQuit();
      electron.app.quit();
      await done;
    })();
    return quitting;
  };

  return {
    main,
    electron,
    userDataDir,
    keychainService,
    logs,
    async page() {
      await main.window.loaded;
      const webContents = main.window.window.webContents as unknown as electron.BrowserWindow['webContents'];
      await webContents.__whenLoaded();
      return webContents.__page();
    },
    pressShortcut(accelerator) {
      electron.globalShortcut.__press(accelerator ?? main.shortcut.state.accelerator);
    },
    async clickTray(...labelPath) {
      const tray = electron.Tray.instances.at(-1);
      if (!tray) {
        throw new Error('no tray');
      }
      tray.__click(...labelPath);
      await main.lastTrayAction();
    },
    trayMenu() {
      const menu = electron.Tray.instances.at(-1)?.contextMenu;
      if (!menu) {
        throw new Error('the tray has no menu');
      }
      return menu.__snapshot();
    },
    clipboardText: () => electron.clipboard.readText(),
    clipboardFormats: () => electron.clipboard.__formats(),
    writeClipboardAsOtherApp: (text) => electron.clipboard.writeText(text),
    quit,
    async close() {
      if (closed) {
        return;
      }
      closed = true;
      await Promise.race([quit(), new Promise((resolve) => setTimeout(resolve, 10_000))]);
      await main.shutdown();
      if (options.keychain === undefined) {
        for (const account of await keychain.accounts().catch(() => [])) {
          await keychain.remove(account).catch(() => undefined);
        }
      }
      await electron.__resetElectron();
      if (ownsUserData) {
        await rm(userDataDir, { recursive: true, force: true });
      }
    },
  };
}

export { closeBrowser } from './chromium';
