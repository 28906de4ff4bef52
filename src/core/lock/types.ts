/**
 * Vocabulary of locking. The phase and reason unions are defined only here;
 * src/shared/ipc/dto.ts re-exports them as `AppPhase` / `LockReason` (shared may import core types).
 */

export type LockPhase = 'no-profile' | 'locked' | 'unlocking' | 'unlocked';

/** Why the app locked last; shown on the locked screen. */
export type LockReason =
  | 'startup'
  | 'manual'
  | 'quit'
  | 'idle'
  | 'app-inactive'
  | 'os-lock'
  | 'sleep'
  | 'deadline'
  | 'key-revoked'
  | 'session-lost'
  | 'pin-erased';

/** The user's lock settings: a subset of the app's Settings (src/shared/settings.ts holds the defaults). */
export interface LockSettings {
  readonly lockOnIdle: boolean;
  readonly idleMinutes: number;
  readonly lockOnAppInactivity: boolean;
  readonly appInactivityMinutes: number;
  readonly lockOnOsLock: boolean;
  readonly lockOnSleep: boolean;
}

/** Wall-clock milliseconds (Date.now). Monotonic timers stop during suspend; the wall clock does not. */
export interface WallClock {
  now(): number;
}

/** Whether system idle time can be read here, as far as the readings tell. */
export type SystemIdleAvailability = 'unknown' | 'available' | 'unavailable';
