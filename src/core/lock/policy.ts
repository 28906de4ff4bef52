/**
 * The lock policy: pure functions of the lock settings, the user's recorded activity, a system
 * idle reading and the wall clock. They say whether to lock and why; main's auto-lock runs the
 * timers and OS triggers that ask, and the session controller does the locking.
 *
 * Why a wall-clock deadline: timers and Chromium's idle counter do not advance (or reset) while
 * the machine sleeps, so "idle for N minutes" measured with them forgets time asleep
 * (keepassxc#2014, keeweb#290). We remember the wall-clock time of the last observed activity and
 * compare it with the clock on every poll, every request, on resume and on screen unlock.
 */
import type { LockReason, LockSettings, SystemIdleAvailability } from './types';

const MINUTE_MS = 60_000;
/** How long system idle must read exactly 0 before we call it unavailable (Wayland). */
export const ZERO_IDLE_WINDOW_MS = 5 * MINUTE_MS;

/** What is known of the user's activity while unlocked. Plain data: each observation makes a new one. */
export interface Activity {
  /** Wall-clock time of the last input in our app (window, tray menu, shortcut). */
  readonly app: number;
  /** Wall-clock time of the last input anywhere, as far as the idle readings tell. */
  readonly system: number;
  readonly systemIdle: SystemIdleAvailability;
  /** Since when every idle reading was exactly 0; null when the last one was not. */
  readonly zeroIdleSince: number | null;
}

/**
 * How much a deadline check knows:
 * - 'reading': a system idle reading was just taken, so both deadlines count;
 * - 'between-readings': only in-app activity is known exactly, so only the app deadline counts;
 * - 'slept': timers were frozen (resume, a long gap between polls): both count, and a passed
 *   one locks with reason 'deadline'.
 */
export type Evidence = 'reading' | 'between-readings' | 'slept';

/** Activity at unlock. What was learnt about system idle survives a lock. */
export function activityAt(now: number, systemIdle: SystemIdleAvailability = 'unknown'): Activity {
  return { app: now, system: now, systemIdle, zeroIdleSince: null };
}

/** Input in our app is input on the system too. */
export function withAppActivity(activity: Activity, now: number): Activity {
  return { ...activity, app: Math.max(activity.app, now), system: Math.max(activity.system, now) };
}

/** Records one system idle reading (seconds; null when the OS call failed). */
export function withIdleReading(activity: Activity, idleSeconds: number | null, now: number, zeroIdleWindowMs = ZERO_IDLE_WINDOW_MS): Activity {
  if (idleSeconds === null || !Number.isFinite(idleSeconds) || idleSeconds < 0) {
    return { ...activity, systemIdle: 'unavailable', zeroIdleSince: null };
  }
  const system = Math.max(activity.system, now - idleSeconds * 1000);
  if (idleSeconds > 0) {
    return { ...activity, system, systemIdle: 'available', zeroIdleSince: null };
  }
  if (activity.systemIdle === 'available') {
    return { ...activity, system };
  }
  // Wayland compositors make Chromium read 0 forever; a real user produces a non-zero reading soon.
  const zeroIdleSince = activity.zeroIdleSince ?? now;
  return { ...activity, system, zeroIdleSince, systemIdle: now - zeroIdleSince >= zeroIdleWindowMs ? 'unavailable' : activity.systemIdle };
}

/** App inactivity stands in for system idle until system idle has proven readable. */
export function idleFallbackActive(settings: LockSettings, activity: Activity): boolean {
  return settings.lockOnIdle && activity.systemIdle !== 'available';
}

function systemDeadline(settings: LockSettings, activity: Activity): number | null {
  return settings.lockOnIdle && activity.systemIdle === 'available' ? activity.system + settings.idleMinutes * MINUTE_MS : null;
}

function appDeadline(settings: LockSettings, activity: Activity): number | null {
  const limits: number[] = [];
  if (settings.lockOnAppInactivity) {
    limits.push(settings.appInactivityMinutes);
  }
  if (idleFallbackActive(settings, activity)) {
    limits.push(settings.idleMinutes);
  }
  return limits.length === 0 ? null : activity.app + Math.min(...limits) * MINUTE_MS;
}

/** The lock a passed deadline calls for, or null. */
export function passedDeadline(settings: LockSettings, activity: Activity, now: number, evidence: Evidence): LockReason | null {
  const system = evidence === 'between-readings' ? null : systemDeadline(settings, activity);
  if (system !== null && now >= system) {
    return evidence === 'slept' ? 'deadline' : 'idle';
  }
  const app = appDeadline(settings, activity);
  if (app !== null && now >= app) {
    return evidence === 'slept' ? 'deadline' : 'app-inactive';
  }
  return null;
}

/**
 * One idle poll: the new activity record and the lock it calls for. After a sleep the deadline
 * is judged before the reading, because the OS may have reset its idle counter on wake.
 */
export function afterIdleReading(
  settings: LockSettings,
  activity: Activity,
  idleSeconds: number | null,
  now: number,
  slept: boolean,
): { readonly activity: Activity; readonly reason: LockReason | null } {
  const asleep = slept ? passedDeadline(settings, activity, now, 'slept') : null;
  if (asleep !== null) {
    return { activity, reason: asleep };
  }
  const next = withIdleReading(activity, idleSeconds, now);
  if (settings.lockOnIdle && idleSeconds !== null && idleSeconds * 1000 >= settings.idleMinutes * MINUTE_MS) {
    return { activity: next, reason: 'idle' };
  }
  return { activity: next, reason: passedDeadline(settings, next, now, 'reading') };
}

/** The lock an OS event calls for under these settings, or null. */
export function osEventLock(settings: LockSettings, event: 'os-lock' | 'suspend'): LockReason | null {
  if (event === 'os-lock') {
    return settings.lockOnOsLock ? 'os-lock' : null;
  }
  return settings.lockOnSleep ? 'sleep' : null;
}
