/**
 * Runs the core lock machine in main: feeds it inputs (polls, power events, D-Bus signals,
 * activity, IPC checks) and executes its effects through narrow targets supplied by the
 * composition root. Lock state lives only here; the renderer learns it from `publishState`.
 *
 * The phase flips synchronously inside `dispatch`, before any effect runs, so an IPC request
 * arriving while the wipe is still in progress already sees 'locked'.
 */
import {
  SessionKeeper,
  type LockEffect,
  type LockMachine,
  type LockInput,
  type LockReason,
  type LockSettings,
  type LockStatus,
  type RenewableSession,
  type TriggerAvailability,
  type WallClock,
} from '../../core/lock';

export interface LockTargets {
  /** Clear the clipboard if it still holds what we wrote. */
  clearClipboard(): void | Promise<void>;
  /** Drop the index, secret cache, search results and any unwrapped keys. Local only, no network. */
  wipe(): void | Promise<void>;
  /** Reload/recreate every window so the renderer store and DOM hold nothing. */
  resetRenderer(): void | Promise<void>;
  /** Start the server logout. The service waits at most `logoutTimeoutMs`, then calls wipeSession. */
  logout(): Promise<void>;
  /** Zero the session keys (token, session key, user keys, API key copy). Idempotent. */
  wipeSession(): void;
  /** Switch the tray menu/icon and push the state to the renderer. */
  publishState(status: LockStatus): void;
}

export interface IntervalTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface LockServiceLog {
  info(message: string): void;
  warn(message: string): void;
}

export interface LockServiceOptions {
  readonly machine: LockMachine;
  readonly targets: LockTargets;
  readonly readSystemIdleSeconds: () => number | null;
  /** The unlocked session to keep alive in the background; null while locked or when none. */
  readonly renewableSession?: () => RenewableSession | null;
  readonly clock?: WallClock;
  readonly timers?: IntervalTimers;
  /** Upper bound on waiting for the server logout (issue 6: bounded wait). */
  readonly logoutTimeoutMs?: number;
  /** Renew this long before the session's expiry (see keep-alive.ts for why it is under 30 s there). */
  readonly renewMarginMs?: number;
  readonly log?: LockServiceLog;
}

export const DEFAULT_LOGOUT_WAIT_MS = 2_000;

const realTimers: IntervalTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  setInterval: (callback, ms) => {
    const handle = setInterval(callback, ms);
    // Polling must not keep a quitting app alive.
    handle.unref?.();
    return handle;
  },
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};

export type UnlockOutcome<T> =
  | { readonly ok: true; readonly value: T }
  /** A lock trigger (or profile removal) overtook the attempt; its result was wiped. */
  | { readonly ok: false; readonly cancelled: true }
  | { readonly ok: false; readonly cancelled: false; readonly busy: true };

export class LockService {
  readonly #machine: LockMachine;
  readonly #targets: LockTargets;
  readonly #readIdle: () => number | null;
  readonly #renewable: () => RenewableSession | null;
  readonly #clock: WallClock;
  readonly #timers: IntervalTimers;
  readonly #logoutTimeoutMs: number;
  readonly #log: LockServiceLog | undefined;
  readonly #renewMarginMs: number | undefined;
  #pollHandle: unknown = null;
  #keeper: SessionKeeper | null = null;
  #queue: Promise<void> = Promise.resolve();
  #disposed = false;

  constructor(options: LockServiceOptions) {
    this.#machine = options.machine;
    this.#targets = options.targets;
    this.#readIdle = options.readSystemIdleSeconds;
    this.#renewable = options.renewableSession ?? (() => null);
    this.#clock = options.clock ?? Date;
    this.#timers = options.timers ?? realTimers;
    this.#logoutTimeoutMs = options.logoutTimeoutMs ?? DEFAULT_LOGOUT_WAIT_MS;
    this.#log = options.log;
    this.#renewMarginMs = options.renewMarginMs;
  }

  get phase(): LockStatus['phase'] {
    return this.#machine.phase;
  }

  get reason(): LockReason | null {
    return this.#machine.reason;
  }

  status(): LockStatus {
    return this.#machine.status();
  }

  /** Feeds one input; resolves when the effects it caused (and any queued before) have run. */
  dispatch(input: LockInput): Promise<void> {
    return this.#run(this.#machine.dispatch(input));
  }

  /**
   * For every IPC request and tray action: runs the wall-clock deadline check and answers
   * whether the app is unlocked *now*. If the check locks, the wipe starts in the background.
   */
  guard(): boolean {
    void this.dispatch({ type: 'check' });
    return this.#machine.isUnlocked;
  }

  /** Real user input in our windows, the tray menu or the shortcut (not timers or polling). */
  noteActivity(): void {
    void this.dispatch({ type: 'app-activity' });
  }

  lockNow(): Promise<void> {
    return this.dispatch({ type: 'manual' });
  }

  updateSettings(settings: LockSettings): void {
    this.#machine.updateSettings(settings);
    this.#targets.publishState(this.#machine.status());
  }

  setTriggerAvailability(triggers: TriggerAvailability): void {
    this.#machine.setTriggerAvailability(triggers);
    this.#targets.publishState(this.#machine.status());
  }

  /**
   * Runs an unlock attempt. `work` must register what it builds (session, index) with the
   * targets *before* it resolves, so that a lock arriving meanwhile wipes it. A thrown error
   * fails the attempt; `reasonFor` may map it to a new lock reason ('key-revoked', 'pin-erased').
   */
  async unlock<T>(work: (attempt: number) => Promise<T>, reasonFor: (error: unknown) => LockReason | undefined = () => undefined): Promise<UnlockOutcome<T>> {
    const attempt = this.#machine.beginUnlock();
    if (attempt === null) {
      return { ok: false, cancelled: false, busy: true };
    }
    await this.#run([{ kind: 'publish-state' }]);
    let value: T;
    try {
      value = await work(attempt);
    } catch (error) {
      const reason = reasonFor(error);
      await this.dispatch(reason === undefined ? { type: 'unlock-failed', attempt } : { type: 'unlock-failed', attempt, reason });
      throw error;
    }
    await this.dispatch({ type: 'unlock-succeeded', attempt });
    return this.#machine.phase === 'unlocked' && this.#machine.attempt === attempt ? { ok: true, value } : { ok: false, cancelled: true };
  }

  /** Resolves when every queued effect has run (tests, orderly quit). */
  async settled(): Promise<void> {
    await this.#queue;
    await this.#keeper?.settled();
  }

  /** Quit: lock-equivalent wipe, then stop everything. */
  async quit(): Promise<void> {
    await this.dispatch({ type: 'quit' });
    this.dispose();
  }

  dispose(): void {
    this.#disposed = true;
    this.#stopTimers();
  }

  #run(effects: readonly LockEffect[]): Promise<void> {
    if (effects.length === 0) {
      return this.#queue;
    }
    // Effects of successive inputs never interleave: a lock's wipe finishes before an unlock's start.
    this.#queue = this.#queue.then(() => this.#execute(effects));
    return this.#queue;
  }

  async #execute(effects: readonly LockEffect[]): Promise<void> {
    for (const effect of effects) {
      try {
        await this.#apply(effect);
      } catch {
        // One failing step must not skip the remaining wipes; log the step, never the error text.
        this.#log?.warn(`lock: ${effect.kind} failed`);
      }
    }
  }

  async #apply(effect: LockEffect): Promise<void> {
    switch (effect.kind) {
      case 'stop-timers':
        this.#stopTimers();
        return;
      case 'start-timers':
        this.#startTimers();
        return;
      case 'clear-clipboard':
        await this.#targets.clearClipboard();
        return;
      case 'wipe':
        await this.#targets.wipe();
        return;
      case 'reset-renderer':
        await this.#targets.resetRenderer();
        return;
      case 'end-session':
        await this.#endSession();
        return;
      case 'publish-state':
        this.#targets.publishState(this.#machine.status());
        return;
    }
  }

  async #endSession(): Promise<void> {
    let timer: unknown = null;
    const timeout = new Promise<void>((resolve) => {
      timer = this.#timers.setTimeout(resolve, this.#logoutTimeoutMs);
    });
    const logout = this.#targets.logout().catch(() => {
      // best effort (spec §10.3): the server session expires on its own
    });
    try {
      await Promise.race([logout, timeout]);
    } finally {
      this.#timers.clearTimeout(timer);
      this.#targets.wipeSession();
    }
  }

  #startTimers(): void {
    if (this.#disposed) {
      return;
    }
    this.#stopTimers();
    this.#pollHandle = this.#timers.setInterval(() => {
      void this.dispatch({ type: 'poll', systemIdleSeconds: this.#readIdle() });
    }, this.#machine.pollIntervalMs);
    const session = this.#renewable();
    if (session !== null) {
      this.#keeper = new SessionKeeper({
        clock: this.#clock,
        timers: this.#timers,
        session,
        ...(this.#renewMarginMs === undefined ? {} : { marginMs: this.#renewMarginMs }),
        onFailed: (reason) => {
          this.#log?.info(`lock: background session renewal failed (${reason})`);
          void this.dispatch({ type: 'session-failed', reason });
        },
      });
      this.#keeper.start();
    }
  }

  #stopTimers(): void {
    if (this.#pollHandle !== null) {
      this.#timers.clearInterval(this.#pollHandle);
      this.#pollHandle = null;
    }
    this.#keeper?.stop();
    this.#keeper = null;
  }
}
