/**
 * What startApp takes and gives, and the steps it runs before wiring the services: the ones that
 * must happen before Electron's 'ready' (synchronously), the paths, and the settings file.
 */
import path from 'node:path';

import { app, nativeTheme, protocol } from 'electron';

import { enableFastCrypto } from '../core/crypto';
import type { ScryptParams } from '../platform/pin';
import type { AppState, CopyField, CopyReceipt, LockReason } from '../shared/ipc/dto';
import type { Autostart } from './autostart';
import type { KeyTyper } from './autotype/key-typer';
import type { ClipboardService } from './clipboard/clipboard-service';
import type { ProfileKeychain } from './keychain/keychain';
import type { Logger, LogSink } from './log';
import type { SessionController } from './session/session-controller';
import { SettingsStore } from './settings/settings-store';
import type { UsageStore } from './usage/usage-store';
import type { ShortcutManager } from './shortcut';
import { registerAppScheme } from './windows/app-protocol';
import { guardAllWebContents } from './windows/hardening';
import type { VaultService } from './vault/vault-service';
import type { SearchWindow, WindowView } from './windows/search-window';

export interface StartOptions {
  readonly argv: readonly string[];
  readonly keychain: ProfileKeychain;
  readonly vault: VaultService;
  /** Default: app.getPath('userData'). */
  readonly userDataDir?: string;
  /** Default: <app path>/dist/renderer. */
  readonly rendererDir?: string;
  /** Default: <app path>/dist/preload/search-window.cjs. */
  readonly preloadPath?: string;
  /** Default: <app path>/dist/resources. */
  readonly resourcesDir?: string;
  readonly platform?: NodeJS.Platform;
  readonly logSink?: LogSink;
  readonly scryptParams?: ScryptParams;
  /** Start at login (XDG autostart entry / login items); absent: the setting is stored but has no effect. */
  readonly autostart?: Pick<Autostart, 'setEnabled'>;
  /** Auto-type's key adapter; default: the one for this desktop (keyTyperFor). */
  readonly autoTypeKeys?: KeyTyper;
}

export interface RunningApp {
  readonly window: SearchWindow;
  readonly clipboard: ClipboardService;
  readonly sessions: SessionController;
  readonly settings: SettingsStore;
  readonly shortcut: ShortcutManager;
  /** Entry usage for recent-first ordering; `usage.recordUse(id)` records a use. */
  readonly usage: UsageStore;
  state(): AppState;
  show(view: WindowView): void;
  lock(reason: LockReason): Promise<void>;
  copy(entryId: string, field: CopyField): Promise<CopyReceipt>;
  /** Everything quitting does before the process ends (clipboard, session, shortcut). */
  shutdown(): Promise<void>;
  /** Settles when the most recent tray action finished (menu clicks cannot be awaited otherwise). */
  lastTrayAction(): Promise<void>;
}

/** Runs before 'ready', synchronously. False if another instance is running (this one then quits). */
export function prepareBeforeReady(platform: NodeJS.Platform, log: Logger): boolean {
  if (!app.requestSingleInstanceLock()) {
    log.info('another instance is running; forwarded the command line to it');
    app.quit();
    return false;
  }
  registerAppScheme(protocol);
  // Load libsodium's WASM while Electron starts (fire-and-forget): the first unlock awaits it and
  // would otherwise pay for it on top of the login.
  void enableFastCrypto();
  if (platform === 'linux') {
    // Lets globalShortcut work through the XDG GlobalShortcuts portal on Wayland.
    app.commandLine.appendSwitch('enable-features', 'GlobalShortcutsPortal');
  }
  guardAllWebContents(app, log.child('Windows'));
  // A tray app keeps running with its window hidden or closed.
  app.on('window-all-closed', () => undefined);
  return true;
}

export function resolvePaths(options: StartOptions): { userDataDir: string; rendererDir: string; preloadPath: string; resourcesDir: string } {
  const appPath = app.getAppPath();
  return {
    userDataDir: options.userDataDir ?? app.getPath('userData'),
    rendererDir: options.rendererDir ?? path.join(appPath, 'dist', 'renderer'),
    preloadPath: options.preloadPath ?? path.join(appPath, 'dist', 'preload', 'search-window.cjs'),
    resourcesDir: options.resourcesDir ?? path.join(appPath, 'dist', 'resources'),
  };
}

/** settings.json loaded (an unusable one is a warning), its theme applied and start at login refreshed. */
export async function loadSettings(userDataDir: string, autostart: StartOptions['autostart'], log: Logger): Promise<{ settings: SettingsStore; warnings: string[] }> {
  const settings = new SettingsStore(userDataDir);
  await settings.load();
  const warnings: string[] = [];
  if (settings.loadWarning) {
    warnings.push(settings.loadWarning);
    log.warn('settings.json was unusable; kept aside, defaults in use');
  }
  nativeTheme.themeSource = settings.settings.theme;
  if (settings.settings.startAtLogin && autostart) {
    // Rewritten at every start, so a moved AppImage keeps starting from its new path.
    void autostart.setEnabled(true).then((result) => {
      if (!result.ok) {
        log.warn(`start at login could not be refreshed (${result.error.kind})`);
      }
    });
  }
  return { settings, warnings };
}
