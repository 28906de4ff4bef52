/**
 * Auto-type as the window asks for it (entry:auto-type): the setting, the entry's actions, the
 * hide and the typing, and a desktop notification when it fails after our window hid (the
 * window can no longer show the error).
 */
import type { Settings } from '../../shared/ipc/dto';
import { AppFailure, toAppError } from '../app-error';
import { autoTypeActions } from '../entries/entry-autotype';
import type { VaultGate } from '../entries/vault-gate';
import type { VaultSession } from '../vault/vault-service';
import type { SearchWindow } from '../windows/search-window';
import { AutoTyper, descendsFrom } from './auto-typer';
import type { KeyTyper } from './key-typer';
import { linuxParentPid } from './proc-parent';

export interface AutoTypeServiceDeps {
  readonly typer: AutoTyper;
  readonly gate: VaultGate;
  readonly settings: () => Settings;
  readonly hideWindow: () => void;
  readonly notify: (body: string) => void;
  /** After typing: the entry counts as used, as after a copy. */
  readonly onTyped: (id: string) => Promise<void>;
}

/** Windows are named by id; on X11 Electron's native handle is the window id (an unsigned long). */
export function x11WindowId(handle: Buffer): string {
  return handle.length >= 8 ? handle.readBigUInt64LE(0).toString() : handle.length >= 4 ? String(handle.readUInt32LE(0)) : '';
}

/** The AutoTyper for our one window: its X11 id and this process tree are "ours"; a hidden window forgets the target. */
export function autoTyperFor(window: SearchWindow, platform: NodeJS.Platform, typer: KeyTyper): AutoTyper {
  const autoTyper = new AutoTyper({
    typer,
    ownWindows: () => (window.window.isDestroyed() ? [] : [x11WindowId(window.window.getNativeWindowHandle())]),
    isOwnProcess: (pid) => (platform === 'linux' ? descendsFrom(pid, process.pid, linuxParentPid) : pid === process.pid),
  });
  window.window.on('hide', () => autoTyper.forgetTarget());
  return autoTyper;
}

export function createAutoType(deps: AutoTypeServiceDeps): (id: string) => Promise<void> {
  return async (id) => {
    if (!deps.settings().autoType) {
      throw new AppFailure('unsupported', { message: 'Auto-type is turned off in Settings.' });
    }
    let vault: VaultSession | null = null;
    let hidden = false;
    try {
      await deps.typer.run({
        prepare: async () => {
          const prepared = await autoTypeActions(deps.gate, id, deps.settings().autoTypeSequence);
          vault = prepared.vault;
          return prepared.actions;
        },
        hideWindow: () => {
          hidden = true;
          deps.hideWindow();
        },
        stillOpen: () => {
          if (vault === null) {
            throw new AppFailure('locked');
          }
          deps.gate.stillOpen(vault);
        },
      });
    } catch (error) {
      if (hidden) {
        deps.notify(`Auto-type: ${toAppError(error).message}`);
      }
      throw error;
    }
    await deps.onTyped(id);
  };
}
