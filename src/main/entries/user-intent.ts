/**
 * Ties every secret the window asks for to the user. A compromised page can call the bridge as
 * often as it likes, but it cannot make main see input: Electron reports keyboard and mouse input
 * to main (webContents 'input-event') before the page gets it. So a reveal or copy from the window
 * is served only shortly after such an input, and reveals are rate-limited on top (one key press
 * still allows a burst of calls). Tray clicks happen in main and need no such proof.
 */
import type { InputEvent } from 'electron';

import { AppFailure } from '../app-error';

/** Input that is a user's deliberate action (not a pointer merely moving over the window). */
const ACTION_INPUTS: ReadonlySet<InputEvent['type']> = new Set(['rawKeyDown', 'keyDown', 'char', 'mouseDown', 'mouseUp', 'gestureTap']);

export interface UserIntentOptions {
  /** How long after an input a reveal or copy may follow. */
  readonly windowMs?: number;
  /** At most this many reveals in any `revealPeriodMs`. */
  readonly revealLimit?: number;
  readonly revealPeriodMs?: number;
  /** A monotonic clock in milliseconds. */
  readonly now?: () => number;
}

export class UserIntent {
  readonly #windowMs: number;
  readonly #revealLimit: number;
  readonly #revealPeriodMs: number;
  readonly #now: () => number;
  #lastInput = Number.NEGATIVE_INFINITY;
  #reveals: number[] = [];

  constructor(options: UserIntentOptions = {}) {
    this.#windowMs = options.windowMs ?? 2000;
    this.#revealLimit = options.revealLimit ?? 20;
    this.#revealPeriodMs = options.revealPeriodMs ?? 60_000;
    this.#now = options.now ?? (() => performance.now());
  }

  /** Main saw input in the window (from its webContents' 'input-event'). */
  noteInput(type: InputEvent['type']): void {
    if (ACTION_INPUTS.has(type)) {
      this.#lastInput = this.#now();
    }
  }

  /** Before a copy asked for by the window: 'needs-user-action' unless input came just before. */
  requireForCopy(): void {
    if (this.#now() - this.#lastInput > this.#windowMs) {
      throw new AppFailure('needs-user-action');
    }
  }

  /** Before a reveal asked for by the window: as for a copy, and at most `revealLimit` per period. */
  requireForReveal(): void {
    this.requireForCopy();
    const now = this.#now();
    this.#reveals = this.#reveals.filter((at) => now - at < this.#revealPeriodMs);
    if (this.#reveals.length >= this.#revealLimit) {
      throw new AppFailure('reveal-limit');
    }
    this.#reveals.push(now);
  }
}
