import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  activityAt,
  afterIdleReading,
  deliveredTriggers,
  idleFallbackActive,
  osEventLock,
  passedDeadline,
  withAppActivity,
  withIdleReading,
  type Activity,
  type LockReason,
  type LockSettings,
} from '../../../src/core/lock';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings';

const MINUTE = 60_000;
const START = Date.UTC(2026, 10, 29, 12, 0, 0);

function settings(patch: Partial<LockSettings> = {}): LockSettings {
  return { ...DEFAULT_SETTINGS, lockOnIdle: false, lockOnAppInactivity: false, lockOnOsLock: false, lockOnSleep: false, ...patch };
}

/** Activity just unlocked at START, under these settings; `now` is the wall clock. */
function unlocked(patch: Partial<LockSettings> = {}): { settings: LockSettings; activity: Activity; now: number } {
  return { settings: settings(patch), activity: activityAt(START), now: START };
}

/** Polls every 10 s for `ms`, the OS reporting `idleAt(elapsed)`; returns the first lock reason, or null. */
function pollFor(ms: number, ctx: ReturnType<typeof unlocked>, idleAt: (elapsedMs: number) => number | null): LockReason | null {
  for (let elapsed = 10_000; elapsed <= ms; elapsed += 10_000) {
    ctx.now += 10_000;
    const { activity, reason } = afterIdleReading(ctx.settings, ctx.activity, idleAt(elapsed), ctx.now, false);
    ctx.activity = activity;
    if (reason !== null) {
      return reason;
    }
  }
  return null;
}

describe('lock policy: system idle', () => {
  it('system idle ≥ N minutes locks with reason idle; just below does not', () => {
    const ctx = unlocked({ lockOnIdle: true, idleMinutes: 5 });
    // the OS reports idle time growing with the wall clock
    assert.equal(pollFor(4 * MINUTE + 50_000, ctx, (elapsed) => Math.floor(elapsed / 1000)), null);
    assert.equal(afterIdleReading(ctx.settings, ctx.activity, 300, ctx.now + 10_000, false).reason, 'idle');
    assert.equal(ctx.activity.systemIdle, 'available');
  });

  it('system idle off: a huge idle reading does not lock', () => {
    const ctx = unlocked({ lockOnIdle: false, idleMinutes: 1 });
    assert.equal(afterIdleReading(ctx.settings, ctx.activity, 100_000, START + 10_000, false).reason, null);
    assert.equal(passedDeadline(ctx.settings, ctx.activity, START + 24 * 60 * MINUTE, 'slept'), null);
  });

  it('activity elsewhere on the system keeps it unlocked (idle reading resets)', () => {
    const ctx = unlocked({ lockOnIdle: true, idleMinutes: 2 });
    // user active every ~50 s in another app: readings cycle 0..50
    assert.equal(pollFor(30 * MINUTE, ctx, (elapsed) => Math.floor((elapsed % 60_000) / 1000)), null);
  });
});

describe('lock policy: app inactivity', () => {
  it('locks with reason app-inactive; app activity postpones it', () => {
    const ctx = unlocked({ lockOnAppInactivity: true, appInactivityMinutes: 3 });
    ctx.now += 2 * MINUTE;
    ctx.activity = withAppActivity(ctx.activity, ctx.now);
    // the system is busy (reads 1 s), but the app was not used
    assert.equal(pollFor(2 * MINUTE + 50_000, ctx, () => 1), null);
    assert.equal(pollFor(20_000, ctx, () => 1), 'app-inactive');
  });

  it('is judged between readings too', () => {
    const ctx = unlocked({ lockOnAppInactivity: true, appInactivityMinutes: 1 });
    assert.equal(passedDeadline(ctx.settings, ctx.activity, START + 59_000, 'between-readings'), null);
    assert.equal(passedDeadline(ctx.settings, ctx.activity, START + 60_000, 'between-readings'), 'app-inactive');
  });

  it('between readings the system deadline is not judged (no fresh idle reading)', () => {
    const ctx = unlocked({ lockOnIdle: true, idleMinutes: 1 });
    ctx.activity = withIdleReading(ctx.activity, 5, START + 10_000);
    assert.equal(passedDeadline(ctx.settings, ctx.activity, START + 2 * MINUTE, 'between-readings'), null);
    assert.equal(passedDeadline(ctx.settings, ctx.activity, START + 2 * MINUTE, 'reading'), 'idle');
  });

  it('app inactivity off and idle off: nothing locks however long it waits', () => {
    const ctx = unlocked();
    assert.equal(pollFor(3 * 60 * MINUTE, ctx, (elapsed) => elapsed / 1000), null);
    assert.equal(passedDeadline(ctx.settings, ctx.activity, START + 24 * 60 * MINUTE, 'slept'), null);
  });
});

describe('lock policy: system idle unavailable (Wayland) → app inactivity fallback', () => {
  it('idle reads 0 forever: reported unavailable after the window, and app inactivity locks', () => {
    const ctx = unlocked({ lockOnIdle: true, idleMinutes: 10 });
    assert.equal(ctx.activity.systemIdle, 'unknown');
    assert.equal(idleFallbackActive(ctx.settings, ctx.activity), true);
    assert.equal(pollFor(60 * MINUTE, ctx, () => 0), 'app-inactive');
    assert.equal(ctx.activity.systemIdle, 'unavailable');
    // locked exactly when 10 minutes of app inactivity had passed
    assert.equal(ctx.now - START, 10 * MINUTE);
  });

  it('an OS call that fails (null) marks idle unavailable at once', () => {
    assert.equal(withIdleReading(activityAt(START), null, START + 10_000).systemIdle, 'unavailable');
    assert.equal(withIdleReading(activityAt(START), -1, START + 10_000).systemIdle, 'unavailable');
  });

  it('a non-zero reading proves system idle works; the fallback then stops', () => {
    const ctx = unlocked({ lockOnIdle: true, idleMinutes: 10 });
    ctx.activity = withIdleReading(ctx.activity, 3, START + 10_000);
    assert.equal(ctx.activity.systemIdle, 'available');
    assert.equal(idleFallbackActive(ctx.settings, ctx.activity), false);
    // user busy in other apps for an hour (readings 0..9): app not used, but no app-inactivity lock
    assert.equal(pollFor(60 * MINUTE, ctx, (elapsed) => (elapsed / 1000) % 10), null);
  });

  it('fallback and app inactivity both on: the shorter limit wins', () => {
    const ctx = unlocked({ lockOnIdle: true, idleMinutes: 10, lockOnAppInactivity: true, appInactivityMinutes: 3 });
    assert.equal(pollFor(60 * MINUTE, ctx, () => 0), 'app-inactive');
    assert.equal(ctx.now - START, 3 * MINUTE);
    const other = unlocked({ lockOnIdle: true, idleMinutes: 2, lockOnAppInactivity: true, appInactivityMinutes: 30 });
    pollFor(60 * MINUTE, other, () => 0);
    assert.equal(other.now - START, 2 * MINUTE);
  });

  it('fallback off when idle locking is off', () => {
    const ctx = unlocked({ lockOnIdle: false, idleMinutes: 1 });
    assert.equal(idleFallbackActive(ctx.settings, ctx.activity), false);
    assert.equal(pollFor(30 * MINUTE, ctx, () => 0), null);
  });
});

describe('lock policy: sleep and the wall-clock deadline', () => {
  it('sleep across the deadline: the check on resume locks with reason deadline', () => {
    const ctx = unlocked({ lockOnIdle: true, idleMinutes: 5 });
    pollFor(MINUTE, ctx, (elapsed) => elapsed / 1000);
    assert.equal(passedDeadline(ctx.settings, ctx.activity, ctx.now + 2 * 60 * MINUTE, 'slept'), 'deadline');
  });

  it('short sleep before the deadline: the check on resume does not lock', () => {
    const ctx = unlocked({ lockOnIdle: true, idleMinutes: 5 });
    pollFor(MINUTE, ctx, (elapsed) => elapsed / 1000);
    assert.equal(passedDeadline(ctx.settings, ctx.activity, ctx.now + 2 * MINUTE, 'slept'), null);
  });

  it('the OS reset its idle counter on wake: the first poll after the sleep still locks (deadline)', () => {
    const ctx = unlocked({ lockOnIdle: true, idleMinutes: 5 });
    pollFor(2 * MINUTE, ctx, (elapsed) => elapsed / 1000);
    assert.equal(afterIdleReading(ctx.settings, ctx.activity, 0, ctx.now + 60 * MINUTE, true).reason, 'deadline');
    assert.equal(afterIdleReading(ctx.settings, ctx.activity, 0, ctx.now + 60 * MINUTE, false).reason, null, 'control: without the sleep the fresh 0 counts');
  });

  it('app-inactivity deadline counts time asleep too (Wayland case)', () => {
    const ctx = unlocked({ lockOnAppInactivity: true, appInactivityMinutes: 15 });
    assert.equal(passedDeadline(ctx.settings, ctx.activity, START + 20 * MINUTE, 'slept'), 'deadline');
  });

  it('app activity moves both deadlines on, never back', () => {
    const later = withAppActivity(activityAt(START), START + 5 * MINUTE);
    assert.deepEqual([later.app, later.system], [START + 5 * MINUTE, START + 5 * MINUTE]);
    const earlier = withAppActivity(later, START);
    assert.deepEqual([earlier.app, earlier.system], [START + 5 * MINUTE, START + 5 * MINUTE]);
  });
});

describe('lock policy: OS events and delivered triggers', () => {
  it('OS screen lock and sleep lock only when their settings are on', () => {
    assert.equal(osEventLock(settings({ lockOnOsLock: true }), 'os-lock'), 'os-lock');
    assert.equal(osEventLock(settings({ lockOnOsLock: false, lockOnSleep: true }), 'os-lock'), null);
    assert.equal(osEventLock(settings({ lockOnSleep: true }), 'suspend'), 'sleep');
    assert.equal(osEventLock(settings({ lockOnSleep: false, lockOnOsLock: true }), 'suspend'), null);
  });

  it('which triggers a desktop delivers, per platform', () => {
    assert.deepEqual(deliveredTriggers('darwin', null), { osLock: true, sleep: true, linux: null });
    assert.deepEqual(deliveredTriggers('win32', null), { osLock: true, sleep: true, linux: null });
    assert.deepEqual(deliveredTriggers('linux', null), { osLock: false, sleep: false, linux: { screenSaver: false, login1Lock: false, login1Sleep: false } });
    assert.equal(deliveredTriggers('linux', { screenSaver: false, login1Lock: true, login1Sleep: false }).osLock, true);
    assert.equal(deliveredTriggers('linux', { screenSaver: true, login1Lock: false, login1Sleep: false }).osLock, true);
    assert.equal(deliveredTriggers('linux', { screenSaver: true, login1Lock: true, login1Sleep: true }).sleep, true);
  });
});
