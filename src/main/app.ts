/**
 * Builds the running app: adapters → services → IPC → window and tray. index.ts calls it with the
 * real keychain and vault; the harness calls it with a temporary user-data folder. Everything that
 * must happen before Electron's 'ready' runs synchronously at the top of startApp.
 */
import path from 'node:path';

import {
  app,
  ClipboardItem,
  clipboard,
  globalShortcut,
  nativeTheme,
  Notification,
  powerMonitor,
  protocol,
  session as electronSession,
  shell,
} from 'electron';

import { enableFastCrypto } from '../core/crypto';
import { PsonoError } from '../core/errors';
import { buildSearchIndex, search, type SearchIndex } from '../core/search';
import type { ScryptParams } from '../platform/pin';
import type {
  AppState,
  CopyField,
  CopyReceipt,
  EntrySummary,
  LockReason,
  SearchResult,
  Settings,
} from '../shared/ipc/dto';
import { AppFailure } from './app-error';
import { ClipboardService } from './clipboard/clipboard-service';
import { parseLaunchCommands } from './command-line';
import { registerIpcHandlers, type HandlerMap } from './ipc/router';
import { AutoLock, lockTriggerStates, lockWarnings, readSystemIdleSeconds, startLockTriggers, type LockStatusInput, type LockTriggers } from './lock';
import type { ProfileKeychain } from './keychain/keychain';
import { createLogger, describeError, type LogSink } from './log';
import { SessionController } from './session/session-controller';
import type { Autostart } from './autostart';
import { SettingsStore, type SettingsPatch } from './settings/settings-store';
import { ShortcutManager } from './shortcut';
import type { TrayAction, TrayEntry } from './tray/tray-menu';
import { folderTree, TrayService } from './tray/tray-service';
import type { IndexedEntry, VaultService, VaultSession } from './vault/vault-service';
import { APP_ORIGIN, APP_SCHEME, createAppProtocolHandler, registerAppScheme, SEARCH_WINDOW_URL } from './windows/app-protocol';
import { denyAllPermissions, guardAllWebContents } from './windows/hardening';
import { SearchWindow, type WindowView } from './windows/search-window';

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
}

export interface RunningApp {
  readonly window: SearchWindow;
  readonly tray: TrayService;
  readonly clipboard: ClipboardService;
  readonly sessions: SessionController;
  readonly settings: SettingsStore;
  readonly shortcut: ShortcutManager;
  state(): AppState;
  /** Shows the window with the view that fits the phase (search, unlock or setup). */
  toggleSearch(): void;
  show(view: WindowView): void;
  lock(reason: LockReason): Promise<void>;
  handleCommandLine(argv: readonly string[]): void;
  copy(entryId: string, field: CopyField): Promise<CopyReceipt>;
  openUrl(entryId: string): Promise<void>;
  /** Everything quitting does before the process ends (clipboard, session, shortcut). */
  shutdown(): Promise<void>;
  /** Settles when the most recent tray action finished (menu clicks cannot be awaited otherwise). */
  lastTrayAction(): Promise<void>;
}

const SEARCH_LIMIT_DEFAULT = 50;

/** Resolves with null if another instance is already running (this one then quits). */
export async function startApp(options: StartOptions): Promise<RunningApp | null> {
  const log = createLogger('Main', options.logSink);
  const platform = options.platform ?? process.platform;

  // --- before 'ready' (synchronous) ---
  if (!app.requestSingleInstanceLock()) {
    log.info('another instance is running; forwarded the command line to it');
    app.quit();
    return null;
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

  await app.whenReady();

  // --- after 'ready' ---
  const appPath = app.getAppPath();
  const userDataDir = options.userDataDir ?? app.getPath('userData');
  const rendererDir = options.rendererDir ?? path.join(appPath, 'dist', 'renderer');
  const preloadPath = options.preloadPath ?? path.join(appPath, 'dist', 'preload', 'search-window.cjs');
  const resourcesDir = options.resourcesDir ?? path.join(appPath, 'dist', 'resources');

  const settings = new SettingsStore(userDataDir);
  await settings.load();
  const warnings: string[] = [];
  if (settings.loadWarning) {
    warnings.push(settings.loadWarning);
    log.warn('settings.json was unusable; kept aside, defaults in use');
  }
  nativeTheme.themeSource = settings.settings.theme;
  if (settings.settings.startAtLogin && options.autostart) {
    // Rewritten at every start, so a moved AppImage keeps starting from its new path.
    void options.autostart.setEnabled(true).then((result) => {
      if (!result.ok) {
        log.warn(`start at login could not be refreshed (${result.error.kind})`);
      }
    });
  }

  denyAllPermissions(electronSession.defaultSession);
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir, log.child('Protocol')));

  const window = new SearchWindow({ url: SEARCH_WINDOW_URL, preloadPath, devTools: !app.isPackaged, log: log.child('Window') });

  let quitting = false;
  // Late-bound so the services below can publish before everything exists.
  let publish = (): void => undefined;
  let syncAutoLock = (): void => undefined;

  const clipboardService = new ClipboardService({
    clipboard,
    ClipboardItem,
    platform,
    settings: () => settings.settings,
    log: log.child('Clipboard'),
    onChange: (label, clearsInSeconds) => {
      window.send('clipboard:changed', { label, clearsInSeconds });
      publish();
    },
  });

  let searchIndexes = new WeakMap<VaultSession, SearchIndex<IndexedEntry>>();
  const indexFor = (vault: VaultSession): SearchIndex<IndexedEntry> => {
    let index = searchIndexes.get(vault);
    if (!index) {
      index = vault.takeSearchIndex?.() ?? buildSearchIndex(vault.entries);
      searchIndexes.set(vault, index);
    }
    return index;
  };

  const sessions = new SessionController({
    keychain: options.keychain,
    settings,
    vault: options.vault,
    userDataDir,
    log: log.child('Session'),
    onChange: () => {
      syncAutoLock();
      if (sessions.phase === 'unlocked' && sessions.session) {
        // Part of unlocking, so the first keystroke does not pay for building the index.
        indexFor(sessions.session);
      }
      publish();
    },
    onLocked: async () => {
      searchIndexes = new WeakMap();
      // The renderer's store and DOM must not keep entries: reload the page (not while quitting),
      // after the reply to a lock request from the page itself has gone out. Scheduled before the
      // clipboard step, so a clipboard failure cannot leave entries on screen.
      setTimeout(() => {
        if (!quitting && !window.window.isDestroyed()) {
          window.window.webContents.reload();
        }
      }, 0);
      await clipboardService.clearIfOurs('lock');
    },
    ...(options.scryptParams ? { scryptParams: options.scryptParams } : {}),
  });
  try {
    await sessions.init();
  } catch (error) {
    warnings.push(error instanceof AppFailure ? error.message : 'The keychain could not be read.');
    log.warn(`reading the profile failed: ${describeError(error)}`);
  }

  // Automatic locking: system idle, app inactivity, OS lock, sleep, a wall-clock deadline
  // (time asleep counts), and a revoked key found by the background session renewal.
  const autoLock = new AutoLock({
    sessions,
    settings: settings.settings,
    readSystemIdleSeconds: () => readSystemIdleSeconds(powerMonitor),
    renewable: () => (sessions.phase === 'unlocked' ? (sessions.session?.renewal ?? null) : null),
    log: log.child('Lock'),
    onStatus: () => publish(),
  });
  syncAutoLock = () => autoLock.phaseChanged();
  // Keyboard and mouse input in our window is in-app activity.
  window.window.webContents.on('input-event', () => autoLock.noteActivity());
  let lockTriggers: LockTriggers | null = null;
  // Not awaited: D-Bus discovery must not delay startup; the settings warnings update when it is done.
  void startLockTriggers({ service: autoLock, powerMonitor, platform }).then(
    (triggers) => {
      if (quitting) {
        triggers.stop(); // quit came first: its D-Bus connections must not keep the process alive
        return;
      }
      lockTriggers = triggers;
      publish();
    },
    (error: unknown) => log.warn(`lock triggers unavailable: ${describeError(error)}`),
  );
  const lockStatus = (): LockStatusInput => ({ settings: settings.settings, systemIdle: autoLock.systemIdle, delivered: lockTriggers?.report ?? null });

  const viewForPhase = (): WindowView => (sessions.phase === 'unlocked' ? 'search' : sessions.phase === 'no-profile' ? 'setup' : 'unlock');
  const toggleSearch = (): void => {
    autoLock.noteActivity();
    window.toggle(viewForPhase());
  };
  const shortcut = new ShortcutManager(globalShortcut, toggleSearch, log.child('Shortcut'));
  shortcut.apply(settings.settings.shortcut);

  /** The open vault; a passed idle deadline or a lock in flight already counts as locked. */
  const requireSession = (): VaultSession => {
    const open = sessions.session;
    if (!open || autoLock.effectivePhase() !== 'unlocked') {
      throw new AppFailure('locked');
    }
    return open;
  };
  /**
   * After an await: a lock may have run meanwhile (the vault is wiped, the clipboard cleared and the
   * window reloaded), so a value read before it must not reach the clipboard or the renderer now.
   */
  const requireStillOpen = (vault: VaultSession): void => {
    if (requireSession() !== vault) {
      throw new AppFailure('locked');
    }
  };
  const requireEntry = (vault: VaultSession, id: string): IndexedEntry => {
    const entry = vault.find(id);
    if (!entry) {
      throw new PsonoError('not-found');
    }
    return entry;
  };
  const summarize = (entry: IndexedEntry, titleMatches: EntrySummary['titleMatches'] = []): EntrySummary => ({
    id: entry.id,
    type: entry.kind,
    rawType: entry.type,
    title: entry.title,
    path: entry.path,
    urlHost: entry.urlHost,
    description: entry.description,
    datastore: entry.datastore,
    favourite: settings.favourites.includes(entry.id),
    titleMatches,
    actions: entry.actions,
    canOpenUrl: entry.canOpenUrl,
  });

  const state = (): AppState => ({
    phase: sessions.phase,
    profile: sessions.profileSummary,
    lockReason: sessions.lockReason,
    entryCount: sessions.session?.entries.length ?? 0,
    warnings: [...warnings, ...lockWarnings(lockStatus())],
    shortcut: shortcut.state,
    clipboardClearsInSeconds: clipboardService.clearsInSeconds,
    lockTriggers: lockTriggerStates(lockStatus()),
  });

  const trayEntries = (ids: readonly string[], vault: VaultSession | null): TrayEntry[] =>
    vault ? ids.map((id) => vault.find(id)).filter((entry): entry is IndexedEntry => entry !== undefined) : [];

  const copy = async (entryId: string, field: CopyField): Promise<CopyReceipt> => {
    const vault = requireSession();
    const entry = requireEntry(vault, entryId);
    let value: string;
    let what: string;
    // 'main' (Enter) is resolved by the vault: password, the note text, or a TOTP item's code.
    if (field === 'totp') {
      value = (await vault.totp(entryId)).code;
      what = 'TOTP code';
    } else {
      const read = await vault.readField(entryId, field);
      value = read.value.expose();
      what = read.label;
    }
    const label = `${what} of ${entry.title}`;
    requireStillOpen(vault);
    const { clearsInSeconds } = await clipboardService.copy(value, label);
    await settings.addRecent(entryId);
    if (settings.settings.notifyOnCopy && Notification.isSupported()) {
      const body = clearsInSeconds ? `Copied the ${label}. The clipboard clears in ${clearsInSeconds} s.` : `Copied the ${label}.`;
      new Notification({ title: 'Psono Tray', body, silent: true }).show();
    }
    publish();
    return { label, clearsInSeconds };
  };

  const openUrl = async (entryId: string): Promise<void> => {
    const vault = requireSession();
    requireEntry(vault, entryId);
    const url = await vault.url(entryId);
    let parsed: URL | null = null;
    try {
      parsed = url ? new URL(url) : null;
    } catch {
      parsed = null;
    }
    // Only web links: a stored javascript:, file: or custom-scheme URL is never handed to the OS.
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
      throw new AppFailure('unsupported', { message: 'This entry has no http or https URL to open.' });
    }
    await shell.openExternal(parsed.href);
  };

  const lock = (reason: LockReason): Promise<void> => sessions.lock(reason);

  let trayActionDone: Promise<void> = Promise.resolve();
  const onTrayAction = (action: TrayAction): void => {
    autoLock.noteActivity();
    const run = async (): Promise<void> => {
      switch (action.type) {
        case 'unlock':
        case 'setup':
        case 'search':
          window.show(viewForPhase());
          return;
        case 'settings':
          window.show('settings');
          return;
        case 'lock':
          await lock('manual');
          return;
        case 'quit':
          app.quit();
          return;
        case 'copy':
          await copy(action.entryId, action.field);
          return;
        case 'open-url':
          await openUrl(action.entryId);
          return;
      }
    };
    trayActionDone = run().catch((error: unknown) => {
      log.warn(`tray action ${action.type} failed: ${describeError(error)}`);
      if (Notification.isSupported()) {
        const message = error instanceof AppFailure || error instanceof PsonoError ? error.message : 'The action failed.';
        new Notification({ title: 'Psono Tray', body: message, silent: true }).show();
      }
    });
  };
  const tray = new TrayService({ resourcesDir, platform, onAction: onTrayAction });

  publish = (): void => {
    window.send('state:changed', state());
    const vault = sessions.phase === 'unlocked' ? sessions.session : null;
    tray.render({
      phase: sessions.phase,
      shortcut: shortcut.state.registered ? shortcut.state.accelerator : null,
      recent: trayEntries(settings.recent, vault),
      favourites: trayEntries(settings.favourites, vault),
      tree: vault ? folderTree(vault.entries) : null,
    });
  };

  const applySettings = async (patch: SettingsPatch): Promise<Settings> => {
    if (patch.startAtLogin !== undefined) {
      if (!options.autostart) {
        throw new AppFailure('unsupported', { message: 'Start at login is not available in this build.' });
      }
      // The OS entry first: the setting must never claim what the system does not do.
      const result = await options.autostart.setEnabled(patch.startAtLogin);
      if (!result.ok) {
        throw new AppFailure('unsupported', { message: result.error.message });
      }
    }
    const updated = await settings.updateSettings(patch);
    if (patch.shortcut !== undefined) {
      shortcut.apply(updated.shortcut);
    }
    if (patch.theme !== undefined) {
      nativeTheme.themeSource = updated.theme;
    }
    autoLock.updateSettings(updated);
    publish();
    return updated;
  };

  const runSearch = (query: string, limit: number): SearchResult => {
    const vault = requireSession();
    const index = indexFor(vault);
    if (query.trim() === '') {
      // No query yet: favourites, then recently copied, then A–Z.
      const pinned = [...settings.favourites, ...settings.recent];
      const seen = new Set<string>();
      const ordered: IndexedEntry[] = [];
      for (const id of pinned) {
        const entry = vault.find(id);
        if (entry && !seen.has(id)) {
          seen.add(id);
          ordered.push(entry);
        }
      }
      const rest = vault.entries.filter((entry) => !seen.has(entry.id)).sort((a, b) => a.title.localeCompare(b.title));
      const all = [...ordered, ...rest];
      return { query, entries: all.slice(0, limit).map((entry) => summarize(entry)), total: all.length };
    }
    const results = search(index, query, { limit });
    return { query, entries: results.hits.map((hit) => summarize(hit.entry, hit.titleRanges)), total: results.total };
  };

  const handlers: HandlerMap = {
    'app:get-state': { access: 'any', run: () => state() },
    'setup:check': { access: 'any', run: (credentials) => sessions.check(credentials) },
    'setup:save': {
      access: 'any',
      run: async ({ credentials, pin }) => {
        await sessions.save(credentials, pin);
        return state();
      },
    },
    'vault:search': { access: 'unlocked', run: ({ query, limit }) => runSearch(query, Math.min(limit, 1000) || SEARCH_LIMIT_DEFAULT) },
    'entry:details': {
      access: 'unlocked',
      run: async ({ id }) => {
        const vault = requireSession();
        const entry = requireEntry(vault, id);
        const details = await vault.details(id);
        // The list shows the item's name; the detail view the secret's own title (spec §8).
        const title = details.title !== null && details.title.trim() !== '' ? details.title : entry.title;
        return { summary: { ...summarize(entry), title }, fields: details.fields };
      },
    },
    'entry:reveal': {
      access: 'unlocked',
      run: async ({ id, field }) => {
        const vault = requireSession();
        requireEntry(vault, id);
        if (field === 'totp') {
          const code = (await vault.totp(id)).code;
          requireStillOpen(vault);
          return { key: field, value: code };
        }
        const read = await vault.readField(id, field);
        requireStillOpen(vault);
        return { key: field, value: read.value.expose() };
      },
    },
    'entry:copy': { access: 'unlocked', run: ({ id, field }) => copy(id, field) },
    'entry:totp': {
      access: 'unlocked',
      run: async ({ id }) => {
        const vault = requireSession();
        requireEntry(vault, id);
        return vault.totp(id);
      },
    },
    'entry:open-url': {
      access: 'unlocked',
      run: async ({ id }) => {
        await openUrl(id);
        return null;
      },
    },
    'entry:set-favourite': {
      access: 'unlocked',
      run: async ({ id, favourite }) => {
        requireEntry(requireSession(), id);
        await settings.setFavourite(id, favourite);
        publish();
        return null;
      },
    },
    'lock:lock': {
      access: 'any',
      run: async () => {
        await lock('manual');
        return null;
      },
    },
    'lock:unlock': {
      access: 'profile',
      run: async ({ pin }) => {
        await sessions.unlock(pin);
        return state();
      },
    },
    'pin:change': {
      access: 'profile',
      run: async ({ currentPin, newPin }) => {
        await sessions.changePin(currentPin, newPin);
        return null;
      },
    },
    'settings:get': { access: 'any', run: () => settings.settings },
    'settings:set': { access: 'any', run: (patch) => applySettings(patch) },
    'profile:remove': {
      access: 'profile',
      run: async () => {
        await sessions.removeProfile();
        return state();
      },
    },
    'window:hide': {
      access: 'any',
      run: () => {
        window.hide();
        return null;
      },
    },
  };

  registerIpcHandlers(handlers, {
    policy: { origin: APP_ORIGIN, trustedWebContentsIds: () => new Set(window.window.isDestroyed() ? [] : [window.webContentsId]) },
    // Runs the wall-clock deadline check first: a request after the deadline is refused, not served.
    phase: () => autoLock.effectivePhase(),
    log: log.child('IPC'),
  });

  const handleCommandLine = (argv: readonly string[]): void => {
    const commands = parseLaunchCommands(argv);
    if (commands.lock) {
      void lock('manual');
    } else if (commands.toggleSearch) {
      toggleSearch();
    } else {
      window.show(viewForPhase());
    }
  };
  app.on('second-instance', (_event, argv) => handleCommandLine(argv));

  let shutdownDone: Promise<void> | null = null;
  const shutdown = (): Promise<void> => {
    shutdownDone ??= (async () => {
      quitting = true;
      shortcut.dispose();
      autoLock.stop();
      lockTriggers?.stop();
      await lock('quit').catch((error: unknown) => log.warn(`lock on quit failed: ${describeError(error)}`));
      await clipboardService.clearIfOurs('quit');
      clipboardService.dispose();
      window.allowClose();
      tray.destroy();
    })();
    return shutdownDone;
  };
  // Quit waits for the clipboard check and the server logout, then continues.
  let readyToQuit = false;
  app.on('before-quit', (event) => {
    if (readyToQuit) {
      return;
    }
    event.preventDefault();
    void shutdown().finally(() => {
      readyToQuit = true;
      app.quit();
    });
  });

  publish();
  const initial = parseLaunchCommands(options.argv);
  if (initial.toggleSearch) {
    void window.loaded.then(() => window.show(viewForPhase()));
  } else if (sessions.phase === 'no-profile') {
    // First run: nothing in the tray would work yet, so open setup.
    void window.loaded.then(() => window.show('setup'));
  }
  log.info(`started (${sessions.phase})`);

  return {
    window,
    tray,
    clipboard: clipboardService,
    sessions,
    settings,
    shortcut,
    state,
    toggleSearch,
    show: (view) => window.show(view),
    lock,
    handleCommandLine,
    copy,
    openUrl,
    shutdown,
    lastTrayAction: () => trayActionDone,
  };
}
