/**
 * Builds the running app: adapters → services → IPC → window and tray. index.ts calls it with the
 * real keychain and vault; the harness calls it with a temporary user-data folder.
 */
import { app, ClipboardItem, clipboard, globalShortcut, nativeTheme, powerMonitor, protocol, session as electronSession, shell } from 'electron';

import type { AppState, LockReason } from '../shared/ipc/dto';
import { AppFailure } from './app-error';
import { autoTyperFor, createAutoType } from './autotype/auto-type-service';
import { keyTyperFor } from './autotype/key-typer';
import { ClipboardService } from './clipboard/clipboard-service';
import { applyContentProtection } from './content-protection';
import { EntryActions } from './entries/entry-actions';
import { EntrySearch } from './entries/entry-search';
import { UserIntent } from './entries/user-intent';
import { VaultGate } from './entries/vault-gate';
import { GeneratorService } from './generator/generator-service';
import { createHandlers } from './ipc/handlers';
import { registerIpcHandlers } from './ipc/router';
import { holdQuitFor, once, runLaunchCommands, showAtLaunch } from './lifecycle';
import { AutoLock, lockTriggerStates, lockWarnings, readSystemIdleSeconds, startLockTriggers, type LockStatusInput, type LockTriggers } from './lock';
import { createLogger, describeError } from './log';
import { notify } from './notify';
import { SessionController } from './session/session-controller';
import { ShortcutManager } from './shortcut';
import { loadSettings, prepareBeforeReady, resolvePaths, type RunningApp, type StartOptions } from './startup';
import { TrayActions } from './tray/tray-actions';
import { TrayService, trayMenuState } from './tray/tray-service';
import { UsageStore } from './usage/usage-store';
import { APP_ORIGIN, APP_SCHEME, createAppProtocolHandler, SEARCH_WINDOW_URL } from './windows/app-protocol';
import { goBack } from './windows/go-back';
import { denyAllPermissions } from './windows/hardening';
import { SearchWindow, viewForPhase } from './windows/search-window';
import { attachZoom } from './windows/zoom';

export type { RunningApp, StartOptions } from './startup';

/** Resolves with null if another instance is already running (this one then quits). */
export async function startApp(options: StartOptions): Promise<RunningApp | null> {
  const log = createLogger('Main', options.logSink);
  const platform = options.platform ?? process.platform;

  if (!prepareBeforeReady(platform, log)) {
    return null;
  }
  await app.whenReady();

  const { userDataDir, rendererDir, preloadPath, resourcesDir } = resolvePaths(options);
  const { settings, warnings } = await loadSettings(userDataDir, options.autostart, log);
  denyAllPermissions(electronSession.defaultSession);
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir, log.child('Protocol')));

  const window = new SearchWindow({ url: SEARCH_WINDOW_URL, preloadPath, devTools: !app.isPackaged, log: log.child('Window') });
  applyContentProtection(window.window, settings.settings);
  attachZoom(window.window.webContents, settings, () => log.warn('the zoom factor could not be saved'));

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

  const usage = new UsageStore({
    userDataDir,
    enabled: () => settings.settings.recordUsage,
    onSaveError: (error) => log.warn(`usage.json could not be saved: ${describeError(error)}`),
  });
  const usageWarning = await usage.load().catch((error: unknown) => `usage.json could not be read (${describeError(error)}).`);
  if (usageWarning) {
    warnings.push(usageWarning);
  }
  const clearUsage = async (): Promise<void> => {
    await Promise.all([usage.clear(), settings.clearRecent()]);
    publish();
  };
  settings.alsoClear.push(() => usage.clear());
  const search = new EntrySearch(() => settings.favourites, (id) => usage.frecency(id));
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
        search.indexFor(sessions.session);
      }
      publish();
    },
    onLocked: async () => {
      search.clear();
      // The page must not keep entries (not while quitting). Before the clipboard step, so a
      // clipboard failure cannot leave entries on screen.
      window.reloadSoon(() => quitting);
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
  // Keyboard and mouse input in our window is in-app activity, and what lets the window reveal or copy.
  const intent = new UserIntent();
  window.window.webContents.on('input-event', (_event, input) => {
    autoLock.noteActivity();
    intent.noteInput(input.type);
  });
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

  const autoTyper = autoTyperFor(window, platform, options.autoTypeKeys ?? keyTyperFor(platform, process.env));
  /** Shows the search, first remembering the window the user came from (auto-type's target). */
  const showSearch = (): void => {
    autoLock.noteActivity();
    const show = (): void => window.show(viewForPhase(sessions.phase));
    // Already open: the focus is ours, and the window remembered when it opened stays the target.
    if (window.isVisible() || !settings.settings.autoType) {
      show();
    } else {
      autoTyper.rememberTargetThen(show);
    }
  };
  const toggleSearch = (): void => {
    if (window.isVisible()) {
      autoLock.noteActivity();
      window.hide();
    } else {
      showSearch();
    }
  };
  const shortcut = new ShortcutManager(globalShortcut, toggleSearch, log.child('Shortcut'));
  shortcut.apply(settings.settings.shortcut);

  // A passed idle deadline or a lock in flight already counts as locked.
  const gate = new VaultGate(() => (autoLock.effectivePhase() === 'unlocked' ? sessions.session : null));
  const entries = new EntryActions({
    gate,
    lists: {
      get favourites() {
        return settings.favourites;
      },
      // The tray's recent list is usage too: the recordUsage switch stops it as well.
      addRecent: (id) => (settings.settings.recordUsage ? settings.addRecent(id) : Promise.resolve()),
      setFavourite: (id, favourite) => settings.setFavourite(id, favourite),
    },
    recordUse: usage.recordUse,
    clipboard: clipboardService,
    notifyOnCopy: () => settings.settings.notifyOnCopy,
    notify,
    openExternal: (url) => shell.openExternal(url),
    onChange: () => publish(),
  });

  const generator = new GeneratorService({
    clipboard: clipboardService,
    remember: (options) =>
      settings.updateSettings(options.kind === 'password' ? { generatorKind: 'password', generatorPassword: options } : { generatorKind: 'passphrase', generatorPassphrase: options }),
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
    autoType: autoTyper.availability.available ? { available: true, reason: null } : { available: false, reason: autoTyper.availability.reason },
  });

  const lock = (reason: LockReason): Promise<void> => sessions.lock(reason);

  const trayActions = new TrayActions({
    phase: () => sessions.phase,
    window,
    entries,
    lock: () => lock('manual'),
    quit: () => app.quit(),
    noteActivity: () => autoLock.noteActivity(),
    notify,
    log,
    generator,
    generatorOptions: () => {
      const current = settings.settings;
      return current.generatorKind === 'password' ? current.generatorPassword : current.generatorPassphrase;
    },
  });
  const tray = new TrayService({ resourcesDir, platform, onAction: (action) => trayActions.run(action) });

  publish = (): void => {
    window.send('state:changed', state());
    const vault = sessions.phase === 'unlocked' ? sessions.session : null;
    tray.render(trayMenuState(sessions.phase, shortcut.state.registered ? shortcut.state.accelerator : null, settings, vault));
  };

  registerIpcHandlers(createHandlers({
    state,
    sessions,
    entries,
    intent,
    phase: () => autoLock.effectivePhase(),
    search: (query, limit) => search.run(gate.open(), query, limit),
    lock,
    settings: () => settings.settings,
    settingsEffects: {
      autostart: options.autostart,
      store: settings,
      shortcut,
      theme: nativeTheme,
      onApplied: (updated) => {
        applyContentProtection(window.window, updated);
        autoLock.updateSettings(updated);
        publish();
      },
    },
    hideWindow: () => window.hide(),
    goBack: () => goBack(window, app, platform),
    clearUsage,
    generator,
    autoType: createAutoType({
      typer: autoTyper,
      gate,
      settings: () => settings.settings,
      hideWindow: () => window.hide(),
      notify,
      // The same record a copy makes (EntryActions): the tray's recent list and frecency.
      onTyped: async (id) => {
        if (settings.settings.recordUsage) {
          await settings.addRecent(id);
        }
        usage.recordUse(id);
        publish();
      },
    }),
  }), {
    policy: { origin: APP_ORIGIN, trustedWebContentsIds: () => new Set(window.window.isDestroyed() ? [] : [window.webContentsId]) },
    // Runs the wall-clock deadline check first: a request after the deadline is refused, not served.
    phase: () => autoLock.effectivePhase(),
    log: log.child('IPC'),
  });

  app.on('second-instance', (_event, argv) => runLaunchCommands(argv, { lock: () => void lock('manual'), toggleSearch, showSearch, show: () => window.show(viewForPhase(sessions.phase)) }));

  const shutdown = once(async () => {
    quitting = true;
    shortcut.dispose();
    autoLock.stop();
    lockTriggers?.stop();
    await lock('quit').catch((error: unknown) => log.warn(`lock on quit failed: ${describeError(error)}`));
    await clipboardService.clearIfOurs('quit');
    clipboardService.dispose();
    await usage.flush();
    window.allowClose();
    tray.destroy();
  });
  holdQuitFor(app, shutdown);

  publish();
  showAtLaunch(options.argv, () => sessions.phase, window);
  log.info(`started (${sessions.phase})`);

  return {
    window,
    clipboard: clipboardService,
    sessions,
    settings,
    shortcut,
    usage,
    state,
    show: (view) => window.show(view),
    lock,
    copy: (id, field) => entries.copy(id, field),
    shutdown,
    lastTrayAction: () => trayActions.done,
  };
}
