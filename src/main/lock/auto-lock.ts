/**
 * Automatic locking for an app whose phase is owned elsewhere (main's SessionController: it
 * unlocks with the PIN, opens the vault, and on lock closes the session, clears the clipboard and
 * reloads the renderer). AutoLock mirrors that phase into the core LockMachine, runs the idle poll
 * and the background session renewal while unlocked, takes OS triggers (power monitor, D-Bus),
 * and when the machine decides to lock it calls `sessions.lock(reason)` once.
 *
 * The machine flips to 'locked' synchronously; until the controller has finished closing,
 * `effectivePhase()` already answers 'locked', so an IPC request racing the lock is refused.
 */
import {
  LockMachine,
  SessionKeeper,
  type LockEffect,
  type LockInput,
  type LockPhase,
  type LockReason,
  type LockSettings,
  type LockStatus,
  type RenewableSession,
  type TriggerAvailability,
  type WallClock,
} from '../../core/lock';

/** The timer functions AutoLock uses; tests pass a fake clock. */
export interface IntervalTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface LockLog {
  info(message: string): void;
  warn(message: string): void;
}

export interface LockableSessions {
  readonly phase: LockPhase;
  /** Closes the vault and session, clears the clipboard, resets the renderer. */
  lock(reason: LockReason): Promise<void>;
}

export interface AutoLockOptions {
  readonly sessions: LockableSessions;
  readonly settings: LockSettings;
  readonly readSystemIdleSeconds: () => number | null;
  /** The open session to keep alive; null while locked or for sessions without renewal. */
  readonly renewable?: () => RenewableSession | null;
  readonly clock?: WallClock;
  readonly timers?: IntervalTimers;
  readonly pollIntervalMs?: number;
  readonly renewMarginMs?: number;
  readonly log?: LockLog;
  /** Called when the lock status (idle availability, triggers) changed, for the settings screen. */
  readonly onStatus?: (status: LockStatus) => void;
}

const defaultTimers: IntervalTimers = {
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

export class AutoLock {
  readonly #machine: LockMachine;
  readonly #sessions: LockableSessions;
  readonly #readIdle: () => number | null;
  readonly #renewable: () => RenewableSession | null;
  readonly #clock: WallClock;
  readonly #timers: IntervalTimers;
  readonly #renewMarginMs: number | undefined;
  readonly #log: LockLog | undefined;
  readonly #onStatus: ((status: LockStatus) => void) | undefined;
  #pollHandle: unknown = null;
  #keeper: SessionKeeper | null = null;
  #lockInFlight: Promise<void> | null = null;
  #mirroring = false;
  #stopped = false;

  constructor(options: AutoLockOptions) {
    this.#sessions = options.sessions;
    this.#readIdle = options.readSystemIdleSeconds;
    this.#renewable = options.renewable ?? (() => null);
    this.#clock = options.clock ?? Date;
    this.#timers = options.timers ?? defaultTimers;
    this.#renewMarginMs = options.renewMarginMs;
    this.#log = options.log;
    this.#onStatus = options.onStatus;
    this.#machine = new LockMachine({
      clock: this.#clock,
      settings: options.settings,
      hasProfile: options.sessions.phase !== 'no-profile',
      ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
    });
    this.syncPhase();
  }

  status(): LockStatus {
    return this.#machine.status();
  }

  /** Call after every phase change of the sessions (their onChange). */
  syncPhase(): void {
    const target = this.#sessions.phase;
    const current = this.#machine.phase;
    if (target === current || this.#stopped) {
      return;
    }
    if (target === 'unlocked' && this.#lockInFlight !== null) {
      return; // the controller has not finished the lock we asked for
    }
    this.#mirroring = true;
    try {
      const effects: LockEffect[] = [];
      const run = (input: LockInput) => effects.push(...this.#machine.dispatch(input));
      if (current === 'no-profile' && target !== 'no-profile') {
        run({ type: 'profile-created', unlocked: false });
      }
      if (target === 'no-profile') {
        run({ type: 'profile-removed' });
      } else if (target === 'locked') {
        run({ type: 'manual' });
      } else {
        if (this.#machine.phase === 'unlocked') {
          run({ type: 'manual' });
        }
        if (this.#machine.phase === 'locked') {
          this.#machine.beginUnlock();
        }
        if (target === 'unlocked') {
          run({ type: 'unlock-succeeded', attempt: this.#machine.attempt });
        }
      }
      this.#apply(effects);
    } finally {
      this.#mirroring = false;
    }
  }

  /** Feeds one trigger (power monitor, D-Bus, `--lock`, tray "Lock"). */
  dispatch(input: LockInput): void {
    if (this.#stopped) {
      return;
    }
    this.#apply(this.#machine.dispatch(input));
  }

  /**
   * For the IPC router's lock check: runs the wall-clock deadline check, then answers the phase
   * the request must see ('locked' as soon as a lock is decided, before the close finishes).
   */
  effectivePhase(): LockPhase {
    this.dispatch({ type: 'check' });
    const phase = this.#sessions.phase;
    if (phase === 'unlocked' && (!this.#machine.isUnlocked || this.#lockInFlight !== null)) {
      return 'locked';
    }
    return phase;
  }

  /** Real user input in our window, tray menu or shortcut (not timers or background refreshes). */
  noteActivity(): void {
    this.dispatch({ type: 'app-activity' });
  }

  updateSettings(settings: LockSettings): void {
    this.#machine.updateSettings(settings);
    this.#onStatus?.(this.#machine.status());
  }

  setTriggerAvailability(triggers: TriggerAvailability): void {
    this.#machine.setTriggerAvailability(triggers);
    this.#onStatus?.(this.#machine.status());
  }

  /** Resolves when a lock this class requested has completed (tests, quit). */
  async settled(): Promise<void> {
    await this.#lockInFlight;
    await this.#keeper?.settled();
    await this.#lockInFlight;
  }

  stop(): void {
    this.#stopped = true;
    this.#stopTimers();
  }

  #apply(effects: readonly LockEffect[]): void {
    let lockRequested = false;
    for (const effect of effects) {
      switch (effect.kind) {
        case 'start-timers':
          this.#startTimers();
          break;
        case 'stop-timers':
          this.#stopTimers();
          break;
        case 'wipe':
        case 'end-session':
        case 'clear-clipboard':
        case 'reset-renderer':
          // The controller's lock() does all of these; ask once, and never while mirroring its own change.
          lockRequested = true;
          break;
        case 'publish-state':
          this.#onStatus?.(this.#machine.status());
          break;
      }
    }
    if (lockRequested && !this.#mirroring) {
      this.#requestLock(this.#machine.reason ?? 'manual');
    }
  }

  #requestLock(reason: LockReason): void {
    const phase = this.#sessions.phase;
    if (phase !== 'unlocked' && phase !== 'unlocking') {
      return;
    }
    this.#log?.info(`auto-lock: ${reason}`);
    const lock = this.#sessions
      .lock(reason)
      .catch(() => this.#log?.warn('auto-lock: the lock did not complete cleanly'))
      .finally(() => {
        if (this.#lockInFlight === lock) {
          this.#lockInFlight = null;
        }
        this.syncPhase();
      });
    this.#lockInFlight = lock;
  }

  #startTimers(): void {
    if (this.#stopped) {
      return;
    }
    this.#stopTimers();
    this.#pollHandle = this.#timers.setInterval(() => {
      this.dispatch({ type: 'poll', systemIdleSeconds: this.#readIdle() });
    }, this.#machine.pollIntervalMs);
    const session = this.#renewable();
    if (session !== null) {
      this.#keeper = new SessionKeeper({
        clock: this.#clock,
        timers: this.#timers,
        session,
        ...(this.#renewMarginMs === undefined ? {} : { marginMs: this.#renewMarginMs }),
        onFailed: (reason) => this.dispatch({ type: 'session-failed', reason }),
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
