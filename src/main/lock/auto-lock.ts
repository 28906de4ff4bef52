/**
 * Automatic locking: the timers and OS events that ask the session controller to `lock(reason)`.
 * The controller owns the phase; this class only watches it to run the idle poll and the
 * background session renewal while unlocked, and asks the core lock policy whether to lock:
 * on each poll, on every request and tray action (`effectivePhase()`), on resume and screen
 * unlock (the wall-clock deadline, where time asleep counts), and on OS screen lock and sleep.
 */
import {
  activityAt,
  afterIdleReading,
  osEventLock,
  passedDeadline,
  SessionKeeper,
  withAppActivity,
  type Activity,
  type Evidence,
  type LockPhase,
  type LockReason,
  type LockSettings,
  type RenewableSession,
  type SystemIdleAvailability,
  type Timers,
  type WallClock,
} from '../../core/lock';

/** An OS event (powerMonitor, D-Bus). */
export interface OsLockEvent {
  readonly type: 'os-lock' | 'os-unlock' | 'suspend' | 'resume';
}

/** The timer functions AutoLock uses; tests pass a fake clock. */
export interface IntervalTimers extends Timers {
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface LockLog {
  info(message: string): void;
  warn(message: string): void;
}

/** What AutoLock uses of main's SessionController. */
export interface LockableSessions {
  /** The phase a request must see: 'locked' from the moment a lock is asked for. */
  readonly effectivePhase: LockPhase;
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
  readonly log?: LockLog;
  /** Called when `systemIdle` or the settings changed, for the settings screen. */
  readonly onStatus?: () => void;
}

const POLL_INTERVAL_MS = 10_000;
/** A gap between polls longer than this means the process was suspended. */
const MAX_POLL_GAP_MS = 60_000;

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
  readonly #sessions: LockableSessions;
  readonly #readIdle: () => number | null;
  readonly #renewable: () => RenewableSession | null;
  readonly #clock: WallClock;
  readonly #timers: IntervalTimers;
  readonly #log: LockLog | undefined;
  readonly #onStatus: () => void;
  #settings: LockSettings;
  #activity: Activity;
  #lastPollAt = 0;
  /** The idle poll; non-null exactly while the timers run (the controller is unlocked). */
  #pollHandle: unknown = null;
  #keeper: SessionKeeper | null = null;
  #lockAsked: Promise<void> | null = null;
  #stopped = false;

  constructor(options: AutoLockOptions) {
    this.#sessions = options.sessions;
    this.#settings = options.settings;
    this.#readIdle = options.readSystemIdleSeconds;
    this.#renewable = options.renewable ?? (() => null);
    this.#clock = options.clock ?? Date;
    this.#timers = options.timers ?? defaultTimers;
    this.#log = options.log;
    this.#onStatus = options.onStatus ?? (() => undefined);
    this.#activity = activityAt(this.#clock.now());
    this.phaseChanged();
  }

  /** Whether system idle time can be read here, learnt from the readings while unlocked. */
  get systemIdle(): SystemIdleAvailability {
    return this.#activity.systemIdle;
  }

  /** Call after every phase change of the sessions: the timers run exactly while unlocked. */
  phaseChanged(): void {
    const unlocked = !this.#stopped && this.#sessions.effectivePhase === 'unlocked';
    if (unlocked && !this.#running) {
      this.#startTimers();
    } else if (!unlocked && this.#running) {
      this.#stopTimers();
    }
  }

  /** One OS event. Screen lock and sleep also lock an unlock under way. */
  dispatch(event: OsLockEvent): void {
    if (this.#stopped) {
      return;
    }
    switch (event.type) {
      case 'os-lock':
      case 'suspend': {
        const reason = osEventLock(this.#settings, event.type);
        if (reason !== null) {
          this.#lock(reason);
        }
        return;
      }
      case 'resume':
        // We slept: whatever the timers say, time asleep counts.
        this.#checkDeadline('slept');
        return;
      case 'os-unlock':
        this.check();
        return;
    }
  }

  /** The wall-clock deadline check between polls (requests, tray menu, screen unlock). */
  check(): void {
    this.#checkDeadline(this.#slept(this.#clock.now()) ? 'slept' : 'between-readings');
  }

  /**
   * For the IPC router and every entry action: runs the deadline check, then answers the phase
   * the request must see ('locked' as soon as a lock is asked for, before it has finished).
   */
  effectivePhase(): LockPhase {
    this.check();
    return this.#sessions.effectivePhase;
  }

  /** Real user input in our window, tray menu or shortcut (not timers or background refreshes). */
  noteActivity(): void {
    // A passed deadline locks; input after it does not extend it.
    this.check();
    if (this.#running) {
      this.#activity = withAppActivity(this.#activity, this.#clock.now());
    }
  }

  /** New settings apply from now on; a settings change is user activity, so it never locks by itself. */
  updateSettings(settings: LockSettings): void {
    this.#settings = settings;
    if (this.#running) {
      this.#activity = withAppActivity(this.#activity, this.#clock.now());
    }
    this.#onStatus();
  }

  /** Resolves when a lock this class asked for has completed (tests wait on it). */
  async settled(): Promise<void> {
    await this.#lockAsked;
    await this.#keeper?.settled();
    await this.#lockAsked;
  }

  stop(): void {
    this.#stopped = true;
    this.#stopTimers();
  }

  get #running(): boolean {
    return this.#pollHandle !== null;
  }

  #slept(now: number): boolean {
    return now - this.#lastPollAt > MAX_POLL_GAP_MS;
  }

  #checkDeadline(evidence: Evidence): void {
    if (!this.#running) {
      return;
    }
    const reason = passedDeadline(this.#settings, this.#activity, this.#clock.now(), evidence);
    if (reason !== null) {
      this.#lock(reason);
    }
  }

  #poll(): void {
    const now = this.#clock.now();
    const slept = this.#slept(now);
    this.#lastPollAt = now;
    const before = this.#activity.systemIdle;
    const { activity, reason } = afterIdleReading(this.#settings, this.#activity, this.#readIdle(), now, slept);
    this.#activity = activity;
    if (reason !== null) {
      this.#lock(reason);
    }
    if (activity.systemIdle !== before) {
      this.#onStatus();
    }
  }

  #lock(reason: LockReason): void {
    const phase = this.#sessions.effectivePhase;
    if (phase !== 'unlocked' && phase !== 'unlocking') {
      return; // locked already, or a lock is on its way
    }
    this.#log?.info(`auto-lock: ${reason}`);
    this.#stopTimers();
    const lock = this.#sessions
      .lock(reason)
      .catch(() => this.#log?.warn('auto-lock: the lock did not complete cleanly'))
      .finally(() => {
        if (this.#lockAsked === lock) {
          this.#lockAsked = null;
        }
        this.phaseChanged();
      });
    this.#lockAsked = lock;
  }

  #startTimers(): void {
    const now = this.#clock.now();
    this.#activity = activityAt(now, this.#activity.systemIdle);
    this.#lastPollAt = now;
    this.#pollHandle = this.#timers.setInterval(() => this.#poll(), POLL_INTERVAL_MS);
    const session = this.#renewable();
    if (session !== null) {
      this.#keeper = new SessionKeeper({ clock: this.#clock, timers: this.#timers, session, onFailed: (reason) => this.#lock(reason) });
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
