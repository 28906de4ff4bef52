/**
 * Launch commands and quitting. A launch (first or second instance) can carry --toggle-search,
 * --show-search or --lock: desktop shortcuts on Wayland, where a global shortcut may not register,
 * and the .desktop file's "Search" and "Lock" actions use them.
 */
import type { App } from 'electron';

import type { AppPhase } from '../shared/ipc/dto';
import { viewForPhase, type SearchWindow } from './windows/search-window';

interface LaunchCommands {
  readonly toggleSearch: boolean;
  /** Shows the search window whether or not it is open (a launcher's "Search" action). */
  readonly showSearch: boolean;
  readonly lock: boolean;
}

function parseLaunchCommands(argv: readonly string[]): LaunchCommands {
  return { toggleSearch: argv.includes('--toggle-search'), showSearch: argv.includes('--show-search'), lock: argv.includes('--lock') };
}

/** A second launch: lock, toggle or show the search, or else show the window. */
export function runLaunchCommands(argv: readonly string[], actions: { lock(): void; toggleSearch(): void; showSearch(): void; show(): void }): void {
  const commands = parseLaunchCommands(argv);
  if (commands.lock) {
    actions.lock();
  } else if (commands.showSearch) {
    actions.showSearch();
  } else if (commands.toggleSearch) {
    actions.toggleSearch();
  } else {
    actions.show();
  }
}

/** The first launch: --toggle-search or --show-search shows the window; so does a first run (setup), as nothing in the tray works yet. */
export function showAtLaunch(argv: readonly string[], phase: () => AppPhase, window: Pick<SearchWindow, 'loaded' | 'show'>): void {
  const commands = parseLaunchCommands(argv);
  if (commands.toggleSearch || commands.showSearch) {
    void window.loaded.then(() => window.show(viewForPhase(phase())));
  } else if (phase() === 'no-profile') {
    void window.loaded.then(() => window.show('setup'));
  }
}

/** Runs `work` once, however often it is called; every caller gets the same promise. */
export function once(work: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | null = null;
  return () => (done ??= work());
}

/** Quit waits for `shutdown` (clipboard check, server logout), then continues. */
export function holdQuitFor(app: Pick<App, 'on' | 'quit'>, shutdown: () => Promise<void>): void {
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
}
