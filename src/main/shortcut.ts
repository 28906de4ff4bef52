/**
 * The global shortcut that toggles the search window. What we show in settings is what
 * globalShortcut.register really reported (on Wayland without the GlobalShortcuts portal it can
 * fail; users can then bind `psono-tray --toggle-search` in their desktop's keyboard settings).
 */
import type { GlobalShortcut } from 'electron';

import type { ShortcutState } from '../shared/ipc/dto';
import type { Logger } from './log';

export class ShortcutManager {
  #state: ShortcutState = { accelerator: '', registered: false };

  constructor(
    private readonly globalShortcut: Pick<GlobalShortcut, 'register' | 'unregister'>,
    private readonly onPress: () => void,
    private readonly log: Logger,
  ) {}

  get state(): ShortcutState {
    return this.#state;
  }

  /** Replaces the current registration; returns the new state. */
  apply(accelerator: string): ShortcutState {
    if (this.#state.registered) {
      this.globalShortcut.unregister(this.#state.accelerator);
    }
    let registered = false;
    try {
      registered = this.globalShortcut.register(accelerator, this.onPress);
    } catch {
      // Electron throws for accelerators it cannot parse.
      registered = false;
    }
    this.#state = { accelerator, registered };
    if (registered) {
      this.log.info(`global shortcut ${accelerator} registered`);
    } else {
      this.log.warn(`global shortcut ${accelerator} could not be registered (taken by another app, invalid, or not allowed by the desktop)`);
    }
    return this.#state;
  }

  dispose(): void {
    if (this.#state.registered) {
      this.globalShortcut.unregister(this.#state.accelerator);
      this.#state = { ...this.#state, registered: false };
    }
  }
}
