/**
 * The lock state machine: pure logic, no I/O. Inputs are events (poll, OS lock, suspend, …);
 * outputs are effects the driver in main executes. Time comes only from the injected wall clock,
 * so tests drive it with a fake clock.
 *
 * Why a wall-clock deadline: timers and Chromium's idle counter do not advance (or reset) while
 * the machine sleeps, so "idle for N minutes" measured with them forgets time asleep
 * (keepassxc#2014, keeweb#290). We remember the wall-clock time of the last observed activity and
 * compare it with `clock.now()` on every poll, every request, on resume and on screen unlock.
 */
import type {
  LockEffect,
  LockInput,
  LockPhase,
  LockReason,
  LockSettings,
  LockStatus,
  SystemIdleAvailability,
  TriggerAvailability,
  WallClock,
} from './types';
import { assertNever } from '../result';

export const DEFAULT_POLL_INTERVAL_MS = 10_000;
/** How long system idle must read exactly 0 (with polls flowing) before we call it unavailable. */
export const DEFAULT_ZERO_IDLE_WINDOW_MS = 5 * 60_000;

const MINUTE_MS = 60_000;

/** Everything a lock does, in execution order (see LockEffect). */
export const LOCK_EFFECTS: readonly LockEffect[] = [
  { kind: 'stop-timers' },
  { kind: 'clear-clipboard' },
  { kind: 'wipe' },
  { kind: 'reset-renderer' },
  { kind: 'end-session' },
  { kind: 'publish-state' },
];

const UNLOCK_EFFECTS: readonly LockEffect[] = [{ kind: 'start-timers' }, { kind: 'publish-state' }];
const PUBLISH: readonly LockEffect[] = [{ kind: 'publish-state' }];
/** A failed or overtaken unlock may have built a partial session/index: drop it. */
const DISCARD_PARTIAL_UNLOCK: readonly LockEffect[] = [{ kind: 'wipe' }, { kind: 'end-session' }];
const NOTHING: readonly LockEffect[] = [];

export interface LockMachineOptions {
  readonly clock: WallClock;
  readonly settings: LockSettings;
  readonly hasProfile: boolean;
  readonly pollIntervalMs?: number;
  /** A gap between polls longer than this means the process was suspended. */
  readonly maxPollGapMs?: number;
  readonly zeroIdleWindowMs?: number;
  readonly triggers?: TriggerAvailability;
}

export class LockMachine {
  readonly #clock: WallClock;
  readonly #pollIntervalMs: number;
  readonly #maxPollGapMs: number;
  readonly #zeroIdleWindowMs: number;

  #phase: LockPhase;
  #reason: LockReason | null;
  #settings: LockSettings;
  #triggers: TriggerAvailability;
  #systemIdle: SystemIdleAvailability = 'unknown';
  #zeroIdleSince: number | null = null;
  #lastAppActivity = 0;
  #lastSystemActivity = 0;
  #lastPollAt = 0;
  #attempt = 0;
  #quitting = false;

  constructor(options: LockMachineOptions) {
    this.#clock = options.clock;
    this.#settings = options.settings;
    this.#pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    this.#maxPollGapMs = options.maxPollGapMs ?? Math.max(3 * this.#pollIntervalMs, MINUTE_MS);
    this.#zeroIdleWindowMs = options.zeroIdleWindowMs ?? DEFAULT_ZERO_IDLE_WINDOW_MS;
    this.#triggers = options.triggers ?? { osLock: false, sleep: false };
    this.#phase = options.hasProfile ? 'locked' : 'no-profile';
    this.#reason = options.hasProfile ? 'startup' : null;
  }

  get phase(): LockPhase {
    return this.#phase;
  }

  get reason(): LockReason | null {
    return this.#reason;
  }

  get settings(): LockSettings {
    return this.#settings;
  }

  /** The id of the unlock attempt in progress (or the last one). */
  get attempt(): number {
    return this.#attempt;
  }

  get pollIntervalMs(): number {
    return this.#pollIntervalMs;
  }

  get isUnlocked(): boolean {
    return this.#phase === 'unlocked';
  }

  status(): LockStatus {
    return {
      phase: this.#phase,
      reason: this.#reason,
      systemIdle: this.#systemIdle,
      idleFallbackActive: this.#idleFallbackActive(),
      triggers: this.#triggers,
      deadline: this.#phase === 'unlocked' ? minOrNull(this.#systemDeadline(), this.#appDeadline()) : null,
    };
  }

  /** New settings apply from now on; a settings change is user activity, so it never locks by itself. */
  updateSettings(settings: LockSettings): void {
    this.#settings = settings;
    const now = this.#clock.now();
    this.#lastAppActivity = Math.max(this.#lastAppActivity, now);
    this.#lastSystemActivity = Math.max(this.#lastSystemActivity, now);
  }

  setTriggerAvailability(triggers: TriggerAvailability): void {
    this.#triggers = triggers;
  }

  /**
   * Starts an unlock attempt. Returns its id, or null when the phase does not allow one
   * (already unlocked or unlocking, no profile, quitting).
   */
  beginUnlock(): number | null {
    if (this.#quitting || this.#phase !== 'locked') {
      return null;
    }
    this.dispatch({ type: 'unlock-started' });
    return this.#attempt;
  }

  dispatch(input: LockInput): readonly LockEffect[] {
    if (this.#quitting) {
      return NOTHING;
    }
    const now = this.#clock.now();
    switch (input.type) {
      case 'poll':
        return this.#poll(now, input.systemIdleSeconds);
      case 'check':
        return this.#checkBetweenPolls(now);
      case 'app-activity': {
        const effects = this.#checkBetweenPolls(now);
        if (effects.length > 0) {
          return effects;
        }
        this.#lastAppActivity = Math.max(this.#lastAppActivity, now);
        this.#lastSystemActivity = Math.max(this.#lastSystemActivity, now);
        return NOTHING;
      }
      case 'os-lock':
        return this.#settings.lockOnOsLock ? this.#lock('os-lock') : NOTHING;
      case 'os-unlock':
        return this.#checkBetweenPolls(now);
      case 'suspend':
        return this.#settings.lockOnSleep ? this.#lock('sleep') : NOTHING;
      case 'resume':
        // We slept: whatever the deadline says, time asleep counts.
        return this.#checkDeadline(now, { afterSleep: true, includeSystem: true });
      case 'manual':
        return this.#lock('manual');
      case 'quit':
        return this.#quit();
      case 'session-failed':
        return this.#phase === 'unlocked' ? this.#lock(input.reason) : NOTHING;
      case 'unlock-started':
        if (this.#phase !== 'locked') {
          return NOTHING;
        }
        this.#attempt += 1;
        this.#phase = 'unlocking';
        return PUBLISH;
      case 'unlock-succeeded':
        if (this.#phase !== 'unlocking' || input.attempt !== this.#attempt) {
          return DISCARD_PARTIAL_UNLOCK;
        }
        return this.#enterUnlocked(now);
      case 'unlock-failed':
        if (this.#phase !== 'unlocking' || input.attempt !== this.#attempt) {
          return NOTHING;
        }
        this.#phase = 'locked';
        if (input.reason !== undefined) {
          this.#reason = input.reason;
        }
        return [...DISCARD_PARTIAL_UNLOCK, ...PUBLISH];
      case 'profile-created':
        if (this.#phase !== 'no-profile') {
          return NOTHING;
        }
        if (input.unlocked) {
          this.#attempt += 1;
          return this.#enterUnlocked(now);
        }
        this.#phase = 'locked';
        this.#reason = 'startup';
        return PUBLISH;
      case 'profile-removed': {
        const wasOpen = this.#phase === 'unlocked' || this.#phase === 'unlocking';
        this.#phase = 'no-profile';
        this.#reason = null;
        this.#attempt += 1; // overtakes any unlock in flight
        return wasOpen ? LOCK_EFFECTS : PUBLISH;
      }
      default:
        return assertNever(input, 'lock input');
    }
  }

  #enterUnlocked(now: number): readonly LockEffect[] {
    this.#phase = 'unlocked';
    this.#reason = null;
    this.#lastAppActivity = now;
    this.#lastSystemActivity = now;
    this.#lastPollAt = now;
    this.#zeroIdleSince = null;
    return UNLOCK_EFFECTS;
  }

  #lock(reason: LockReason): readonly LockEffect[] {
    if (this.#phase !== 'unlocked' && this.#phase !== 'unlocking') {
      return NOTHING;
    }
    this.#phase = 'locked';
    this.#reason = reason;
    return LOCK_EFFECTS;
  }

  #quit(): readonly LockEffect[] {
    const wasOpen = this.#phase === 'unlocked' || this.#phase === 'unlocking';
    if (wasOpen) {
      this.#phase = 'locked';
      this.#reason = 'quit';
    }
    this.#quitting = true;
    return wasOpen ? LOCK_EFFECTS : [{ kind: 'stop-timers' }, { kind: 'clear-clipboard' }];
  }

  #poll(now: number, systemIdleSeconds: number | null): readonly LockEffect[] {
    if (this.#phase !== 'unlocked') {
      return NOTHING;
    }
    const sleptSinceLastPoll = now - this.#lastPollAt > this.#maxPollGapMs;
    this.#lastPollAt = now;
    if (sleptSinceLastPoll) {
      // Judge the deadline before the new reading: the OS may have reset idle time on wake.
      const effects = this.#checkDeadline(now, { afterSleep: true, includeSystem: true });
      if (effects.length > 0) {
        return effects;
      }
    }
    this.#recordIdleReading(now, systemIdleSeconds);
    if (this.#settings.lockOnIdle && systemIdleSeconds !== null && systemIdleSeconds * 1000 >= this.#settings.idleMinutes * MINUTE_MS) {
      return this.#lock('idle');
    }
    return this.#checkDeadline(now, { afterSleep: false, includeSystem: true });
  }

  /**
   * Between polls we see app activity exactly, but not system activity; so the system deadline
   * is judged only here when a suspend gap shows the poll timer was frozen.
   */
  #checkBetweenPolls(now: number): readonly LockEffect[] {
    if (this.#phase !== 'unlocked') {
      return NOTHING;
    }
    const slept = now - this.#lastPollAt > this.#maxPollGapMs;
    return this.#checkDeadline(now, { afterSleep: slept, includeSystem: slept });
  }

  #checkDeadline(now: number, mode: { afterSleep: boolean; includeSystem: boolean }): readonly LockEffect[] {
    if (this.#phase !== 'unlocked') {
      return NOTHING;
    }
    const systemDeadline = mode.includeSystem ? this.#systemDeadline() : null;
    if (systemDeadline !== null && now >= systemDeadline) {
      return this.#lock(mode.afterSleep ? 'deadline' : 'idle');
    }
    const appDeadline = this.#appDeadline();
    if (appDeadline !== null && now >= appDeadline) {
      return this.#lock(mode.afterSleep ? 'deadline' : 'app-inactive');
    }
    return NOTHING;
  }

  #recordIdleReading(now: number, systemIdleSeconds: number | null): void {
    if (systemIdleSeconds === null || !Number.isFinite(systemIdleSeconds) || systemIdleSeconds < 0) {
      this.#systemIdle = 'unavailable';
      this.#zeroIdleSince = null;
      return;
    }
    if (systemIdleSeconds > 0) {
      this.#systemIdle = 'available';
      this.#zeroIdleSince = null;
    } else if (this.#systemIdle !== 'available') {
      // Wayland compositors make Chromium read 0 forever; a real user produces a non-zero reading soon.
      this.#zeroIdleSince ??= now;
      if (now - this.#zeroIdleSince >= this.#zeroIdleWindowMs) {
        this.#systemIdle = 'unavailable';
      }
    }
    this.#lastSystemActivity = Math.max(this.#lastSystemActivity, now - systemIdleSeconds * 1000);
  }

  /** App inactivity stands in for system idle until system idle has proven readable. */
  #idleFallbackActive(): boolean {
    return this.#settings.lockOnIdle && this.#systemIdle !== 'available';
  }

  #systemDeadline(): number | null {
    if (!this.#settings.lockOnIdle || this.#systemIdle !== 'available') {
      return null;
    }
    return this.#lastSystemActivity + this.#settings.idleMinutes * MINUTE_MS;
  }

  #appDeadline(): number | null {
    const limits: number[] = [];
    if (this.#settings.lockOnAppInactivity) {
      limits.push(this.#settings.appInactivityMinutes);
    }
    if (this.#idleFallbackActive()) {
      limits.push(this.#settings.idleMinutes);
    }
    if (limits.length === 0) {
      return null;
    }
    return this.#lastAppActivity + Math.min(...limits) * MINUTE_MS;
  }
}

function minOrNull(a: number | null, b: number | null): number | null {
  if (a === null) {
    return b;
  }
  return b === null ? a : Math.min(a, b);
}
