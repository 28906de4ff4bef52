/**
 * Vocabulary of the lock state machine. The phase and reason unions are defined only here;
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

/**
 * What the machine asks its driver to do. Order in the returned list is the order to run them:
 * cheap, local wipes first; the network-bound logout last, so a slow server never delays them.
 */
export type LockEffect =
  /** Stop idle polling and background session renewal. */
  | { readonly kind: 'stop-timers' }
  /** Start idle polling and background session renewal (after a successful unlock). */
  | { readonly kind: 'start-timers' }
  /** Clear the clipboard if it still holds a value we wrote. */
  | { readonly kind: 'clear-clipboard' }
  /** Drop the index, secret cache, search results and any unwrapped key material in main. */
  | { readonly kind: 'wipe' }
  /** Reload or recreate every window so the renderer store and DOM hold nothing. */
  | { readonly kind: 'reset-renderer' }
  /** Log out on the server (bounded wait), then zero the session keys. */
  | { readonly kind: 'end-session' }
  /** Phase or reason changed: switch the tray menu/icon and push state to the renderer. */
  | { readonly kind: 'publish-state' };

export type LockEffectKind = LockEffect['kind'];

/** Where system idle time comes from, as far as the machine can tell. */
export type SystemIdleAvailability = 'unknown' | 'available' | 'unavailable';

/** Which OS triggers the platform adapters could hook up (reported for the settings screen). */
export interface TriggerAvailability {
  /** OS screen-lock notification (Electron on mac/Win; D-Bus screensaver or logind on Linux). */
  readonly osLock: boolean;
  /** Suspend notification (Electron 'suspend' or logind PrepareForSleep). */
  readonly sleep: boolean;
}

export type LockInput =
  /** Periodic poll. `systemIdleSeconds` is null when the OS call failed. */
  | { readonly type: 'poll'; readonly systemIdleSeconds: number | null }
  /** A deadline check with no new reading (every IPC request, tray menu open). */
  | { readonly type: 'check' }
  /** The user did something in our app (input in a window, tray menu, IPC call). */
  | { readonly type: 'app-activity' }
  | { readonly type: 'os-lock' }
  | { readonly type: 'os-unlock' }
  | { readonly type: 'suspend' }
  | { readonly type: 'resume' }
  /** Tray "Lock", the shortcut, `psono-tray --lock`, IPC lock:lock. */
  | { readonly type: 'manual' }
  | { readonly type: 'quit' }
  /** Background renewal (re-login) failed for good. */
  | { readonly type: 'session-failed'; readonly reason: 'key-revoked' | 'session-lost' }
  | { readonly type: 'unlock-started' }
  | { readonly type: 'unlock-succeeded'; readonly attempt: number }
  /** `reason` replaces the shown lock reason (e.g. 'pin-erased', 'key-revoked'); omit to keep it. */
  | { readonly type: 'unlock-failed'; readonly attempt: number; readonly reason?: LockReason }
  /** Setup stored a profile; `unlocked` when setup went straight on to load the vault. */
  | { readonly type: 'profile-created'; readonly unlocked: boolean }
  | { readonly type: 'profile-removed' };

export interface LockStatus {
  readonly phase: LockPhase;
  readonly reason: LockReason | null;
  readonly systemIdle: SystemIdleAvailability;
  /** True when app inactivity stands in for system idle (system idle unreadable, e.g. Wayland). */
  readonly idleFallbackActive: boolean;
  readonly triggers: TriggerAvailability;
  /** Wall-clock time at which the machine will lock unless activity is seen; null when no timer applies. */
  readonly deadline: number | null;
}
