/**
 * Where auto-type types, and the checks that keep it from typing anywhere else. The window the
 * user came from is remembered when the search window is shown by the shortcut or a launch
 * command, before our window takes the focus. Typing is refused when that window is unknown, is
 * one of Psono Tray's own (its window id, or a window owned by this process or one of its children),
 * or does not have the focus at the moment a key is sent.
 */
import type { AutoTypeAction } from '../../core/autotype';
import { AppFailure } from '../app-error';
import type { KeyTyper } from './key-typer';

export interface AutoTyperDeps {
  readonly typer: KeyTyper;
  /** Psono Tray's own window ids (as the typer names windows). */
  readonly ownWindows: () => readonly string[];
  /** Whether `pid` is this process or one of its descendants. */
  readonly isOwnProcess: (pid: number) => boolean;
  /** How long to wait for the target to get the focus back after our window hid (default 2 s). */
  readonly focusWaitMs?: number;
  readonly pollMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** What one auto-type needs from its caller, in the order the typer calls them. */
export interface AutoTypeJob {
  /** Reads the entry and returns what to type; throws to refuse (locked, missing field…). */
  readonly prepare: () => Promise<readonly AutoTypeAction[]>;
  /** Hides our window so the target can get the focus back. */
  readonly hideWindow: () => void;
  /** Throws if the vault locked meanwhile: checked before every key. */
  readonly stillOpen: () => void;
}

const refuse = (message: string): AppFailure => new AppFailure('unsupported', { message });
const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class AutoTyper {
  #target: string | null = null;
  #busy = false;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(private readonly deps: AutoTyperDeps) {
    this.#sleep = deps.sleep ?? defaultSleep;
  }

  get availability(): KeyTyper['availability'] {
    return this.deps.typer.availability;
  }

  /** The remembered window, if any (for tests and the log: an id, nothing else). */
  get target(): string | null {
    return this.#target;
  }

  /** Before our window is shown: remembers the focused window, unless it is ours or none. */
  async rememberTarget(): Promise<void> {
    if (!this.availability.available) {
      return;
    }
    const active = await this.deps.typer.activeWindow();
    this.#target = active !== null && !(await this.#isOurs(active)) ? active : null;
  }

  /**
   * Remembers the target, then calls `show` — at once where auto-type is unavailable, and after at
   * most 300 ms otherwise: a hung xdotool must not keep the window from opening.
   */
  rememberTargetThen(show: () => void): void {
    if (!this.availability.available) {
      show();
      return;
    }
    const bound = new Promise<void>((resolve) => setTimeout(resolve, 300));
    void Promise.race([this.rememberTarget().catch(() => undefined), bound]).then(show);
  }

  /** When our window hides: a later show by another path (the tray) must not reuse this target. */
  forgetTarget(): void {
    this.#target = null;
  }

  async #isOurs(window: string): Promise<boolean> {
    if (this.deps.ownWindows().includes(window)) {
      return true;
    }
    const pid = await this.deps.typer.windowPid(window);
    return pid !== null && this.deps.isOwnProcess(pid);
  }

  async #focused(target: string): Promise<boolean> {
    return (await this.deps.typer.activeWindow()) === target;
  }

  /** Polls until `target` has the focus; halfway, asks the window manager to give it back. */
  async #waitForFocus(target: string): Promise<boolean> {
    const waitMs = this.deps.focusWaitMs ?? 2_000;
    const pollMs = this.deps.pollMs ?? 50;
    let activated = false;
    for (let waited = 0; waited <= waitMs; waited += pollMs) {
      if (await this.#focused(target)) {
        return true;
      }
      if (!activated && waited >= waitMs / 2) {
        activated = true;
        await this.deps.typer.activate(target).catch(() => undefined);
        continue;
      }
      await this.#sleep(pollMs);
    }
    return false;
  }

  async run(job: AutoTypeJob): Promise<void> {
    const availability = this.availability;
    if (!availability.available) {
      throw refuse(availability.reason);
    }
    const target = this.#target;
    if (target === null) {
      throw refuse('Auto-type cannot tell which window to type into. Open the search window with the shortcut from the window you want to fill in, then try again.');
    }
    if (await this.#isOurs(target)) {
      throw refuse('Auto-type never types into Psono Tray\'s own window. Nothing was typed.');
    }
    if (this.#busy) {
      throw refuse('Auto-type is already typing.');
    }
    this.#busy = true;
    try {
      const actions = await job.prepare();
      job.hideWindow();
      if (!(await this.#waitForFocus(target))) {
        throw refuse('The window to type into did not get the focus back. Nothing was typed.');
      }
      await this.#perform(target, actions, job.stillOpen);
    } finally {
      this.#busy = false;
    }
  }

  async #perform(target: string, actions: readonly AutoTypeAction[], stillOpen: () => void): Promise<void> {
    for (const action of actions) {
      stillOpen();
      if (action.kind === 'delay') {
        await this.#sleep(action.ms);
        continue;
      }
      // Focus may move between two keys (a dialog, a click): never type into whatever took it.
      if (!(await this.#focused(target))) {
        throw refuse('The focus left the window auto-type was typing into; it stopped there.');
      }
      stillOpen();
      if (action.kind === 'type') {
        await this.deps.typer.typeText(action.text);
      } else {
        await this.deps.typer.pressKey(action.key);
      }
    }
  }
}

/** Whether `pid` is `ownPid` or descends from it, by the parent links `parentOf` reads (bounded). */
export function descendsFrom(pid: number, ownPid: number, parentOf: (pid: number) => number | null): boolean {
  let current: number | null = pid;
  for (let depth = 0; current !== null && current > 1 && depth < 64; depth += 1) {
    if (current === ownPid) {
      return true;
    }
    current = parentOf(current);
  }
  return false;
}
