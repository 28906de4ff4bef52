import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  LOCK_EFFECTS,
  LockMachine,
  type LockEffect,
  type LockSettings,
} from '../../../src/core/lock';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings';

const MINUTE = 60_000;
const START = Date.UTC(2026, 10, 29, 12, 0, 0);

class FakeClock {
  constructor(public time = START) {}
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

const kinds = (effects: readonly LockEffect[]) => effects.map((effect) => effect.kind);
const LOCK_KINDS = kinds(LOCK_EFFECTS);

function settings(patch: Partial<LockSettings> = {}): LockSettings {
  return { ...DEFAULT_SETTINGS, lockOnIdle: false, lockOnAppInactivity: false, lockOnOsLock: false, lockOnSleep: false, ...patch };
}

/** An unlocked machine with a fake clock; polls every 10 s. */
function unlocked(patch: Partial<LockSettings> = {}) {
  const clock = new FakeClock();
  const machine = new LockMachine({ clock, settings: settings(patch), hasProfile: true, pollIntervalMs: 10_000 });
  const attempt = machine.beginUnlock();
  assert.notEqual(attempt, null);
  assert.deepEqual(kinds(machine.dispatch({ type: 'unlock-succeeded', attempt: attempt! })), ['start-timers', 'publish-state']);
  assert.equal(machine.phase, 'unlocked');
  return { clock, machine };
}

/** Advances in poll steps, feeding the given system idle reading function; returns effects of the first poll that locked. */
function pollFor(ms: number, ctx: { clock: FakeClock; machine: LockMachine }, idleAt: (elapsedMs: number) => number | null): readonly LockEffect[] {
  for (let elapsed = 10_000; elapsed <= ms; elapsed += 10_000) {
    ctx.clock.advance(10_000);
    const effects = ctx.machine.dispatch({ type: 'poll', systemIdleSeconds: idleAt(elapsed) });
    if (effects.length > 0) {
      return effects;
    }
  }
  return [];
}

describe('LockMachine phases', () => {
  it('starts in no-profile or locked(startup)', () => {
    const clock = new FakeClock();
    assert.equal(new LockMachine({ clock, settings: settings(), hasProfile: false }).phase, 'no-profile');
    const withProfile = new LockMachine({ clock, settings: settings(), hasProfile: true });
    assert.equal(withProfile.phase, 'locked');
    assert.equal(withProfile.reason, 'startup');
  });

  it('no-profile → setup → unlocked or locked; profile removal wipes and returns to no-profile', () => {
    const clock = new FakeClock();
    const machine = new LockMachine({ clock, settings: settings(), hasProfile: false });
    assert.equal(machine.beginUnlock(), null, 'cannot unlock without a profile');
    assert.deepEqual(kinds(machine.dispatch({ type: 'manual' })), [], 'manual lock without profile does nothing');
    assert.deepEqual(kinds(machine.dispatch({ type: 'profile-created', unlocked: true })), ['start-timers', 'publish-state']);
    assert.equal(machine.phase, 'unlocked');
    assert.deepEqual(kinds(machine.dispatch({ type: 'profile-removed' })), LOCK_KINDS);
    assert.equal(machine.phase, 'no-profile');
    assert.equal(machine.reason, null);
    machine.dispatch({ type: 'profile-created', unlocked: false });
    assert.equal(machine.phase, 'locked');
    assert.deepEqual(kinds(machine.dispatch({ type: 'profile-removed' })), ['publish-state'], 'nothing to wipe when locked');
  });

  it('lock effects run local wipes before the network logout, and publish last', () => {
    assert.deepEqual(LOCK_KINDS, ['stop-timers', 'clear-clipboard', 'wipe', 'reset-renderer', 'end-session', 'publish-state']);
  });

  it('manual lock locks once; a second lock does nothing', () => {
    const { machine } = unlocked();
    assert.deepEqual(kinds(machine.dispatch({ type: 'manual' })), LOCK_KINDS);
    assert.equal(machine.phase, 'locked');
    assert.equal(machine.reason, 'manual');
    assert.deepEqual(kinds(machine.dispatch({ type: 'manual' })), []);
  });

  it('quit wipes when open and ignores everything afterwards', () => {
    const { machine } = unlocked();
    assert.deepEqual(kinds(machine.dispatch({ type: 'quit' })), LOCK_KINDS);
    assert.equal(machine.phase, 'locked');
    assert.equal(machine.reason, 'quit');
    assert.equal(machine.beginUnlock(), null);
    assert.deepEqual(kinds(machine.dispatch({ type: 'unlock-started' })), []);
    const locked = new LockMachine({ clock: new FakeClock(), settings: settings(), hasProfile: true });
    assert.deepEqual(kinds(locked.dispatch({ type: 'quit' })), ['stop-timers', 'clear-clipboard']);
  });
});

describe('LockMachine unlock attempts', () => {
  it('wrong PIN / network failure: back to locked, reason kept, partial state discarded', () => {
    const machine = new LockMachine({ clock: new FakeClock(), settings: settings(), hasProfile: true });
    const attempt = machine.beginUnlock()!;
    assert.equal(machine.phase, 'unlocking');
    assert.equal(machine.beginUnlock(), null, 'no second attempt while one runs');
    assert.deepEqual(kinds(machine.dispatch({ type: 'unlock-failed', attempt })), ['wipe', 'end-session', 'publish-state']);
    assert.equal(machine.phase, 'locked');
    assert.equal(machine.reason, 'startup');
  });

  it('PIN erased after too many failures: reason pin-erased', () => {
    const machine = new LockMachine({ clock: new FakeClock(), settings: settings(), hasProfile: true });
    const attempt = machine.beginUnlock()!;
    machine.dispatch({ type: 'unlock-failed', attempt, reason: 'pin-erased' });
    assert.equal(machine.reason, 'pin-erased');
  });

  it('re-login failure at unlock because the key was revoked: reason key-revoked', () => {
    const machine = new LockMachine({ clock: new FakeClock(), settings: settings(), hasProfile: true });
    const attempt = machine.beginUnlock()!;
    machine.dispatch({ type: 'unlock-failed', attempt, reason: 'key-revoked' });
    assert.equal(machine.phase, 'locked');
    assert.equal(machine.reason, 'key-revoked');
  });

  it('a lock trigger during unlocking cancels it; the late success is discarded, not applied', () => {
    const machine = new LockMachine({ clock: new FakeClock(), settings: settings({ lockOnOsLock: true }), hasProfile: true });
    const attempt = machine.beginUnlock()!;
    assert.deepEqual(kinds(machine.dispatch({ type: 'os-lock' })), LOCK_KINDS);
    assert.equal(machine.phase, 'locked');
    assert.equal(machine.reason, 'os-lock');
    assert.deepEqual(kinds(machine.dispatch({ type: 'unlock-succeeded', attempt })), ['wipe', 'end-session']);
    assert.equal(machine.phase, 'locked', 'stale success must not unlock');
  });

  it('a stale attempt id cannot complete a newer attempt', () => {
    const machine = new LockMachine({ clock: new FakeClock(), settings: settings(), hasProfile: true });
    const first = machine.beginUnlock()!;
    machine.dispatch({ type: 'manual' });
    const second = machine.beginUnlock()!;
    assert.notEqual(first, second);
    assert.deepEqual(kinds(machine.dispatch({ type: 'unlock-failed', attempt: first })), [], 'stale failure ignored');
    assert.equal(machine.phase, 'unlocking');
    machine.dispatch({ type: 'unlock-succeeded', attempt: first });
    assert.equal(machine.phase, 'unlocking', 'stale success ignored');
    machine.dispatch({ type: 'unlock-succeeded', attempt: second });
    assert.equal(machine.phase, 'unlocked');
    assert.equal(machine.reason, null);
  });

  it('profile removal during unlocking overtakes the attempt', () => {
    const machine = new LockMachine({ clock: new FakeClock(), settings: settings(), hasProfile: true });
    const attempt = machine.beginUnlock()!;
    assert.deepEqual(kinds(machine.dispatch({ type: 'profile-removed' })), LOCK_KINDS);
    machine.dispatch({ type: 'unlock-succeeded', attempt });
    assert.equal(machine.phase, 'no-profile');
  });
});

describe('LockMachine triggers', () => {
  it('OS screen lock locks when enabled, not when disabled', () => {
    const on = unlocked({ lockOnOsLock: true });
    assert.deepEqual(kinds(on.machine.dispatch({ type: 'os-lock' })), LOCK_KINDS);
    assert.equal(on.machine.reason, 'os-lock');
    const off = unlocked({ lockOnOsLock: false });
    assert.deepEqual(kinds(off.machine.dispatch({ type: 'os-lock' })), []);
    assert.equal(off.machine.phase, 'unlocked');
  });

  it('sleep locks when enabled, not when disabled', () => {
    const on = unlocked({ lockOnSleep: true });
    assert.deepEqual(kinds(on.machine.dispatch({ type: 'suspend' })), LOCK_KINDS);
    assert.equal(on.machine.reason, 'sleep');
    const off = unlocked({ lockOnSleep: false });
    assert.deepEqual(kinds(off.machine.dispatch({ type: 'suspend' })), []);
    assert.equal(off.machine.phase, 'unlocked');
  });

  it('system idle ≥ N minutes locks with reason idle; just below does not', () => {
    const ctx = unlocked({ lockOnIdle: true, idleMinutes: 5 });
    // the OS reports idle time growing with the wall clock
    assert.deepEqual(pollFor(4 * MINUTE + 50_000, ctx, (elapsed) => Math.floor(elapsed / 1000)), []);
    assert.equal(ctx.machine.phase, 'unlocked');
    ctx.clock.advance(10_000);
    assert.deepEqual(kinds(ctx.machine.dispatch({ type: 'poll', systemIdleSeconds: 300 })), LOCK_KINDS);
    assert.equal(ctx.machine.reason, 'idle');
    assert.equal(ctx.machine.status().systemIdle, 'available');
  });

  it('system idle off: a huge idle reading does not lock', () => {
    const ctx = unlocked({ lockOnIdle: false, idleMinutes: 1 });
    ctx.clock.advance(10_000);
    assert.deepEqual(kinds(ctx.machine.dispatch({ type: 'poll', systemIdleSeconds: 100_000 })), []);
    assert.equal(ctx.machine.status().deadline, null);
  });

  it('activity elsewhere on the system keeps it unlocked (idle reading resets)', () => {
    const ctx = unlocked({ lockOnIdle: true, idleMinutes: 2 });
    // user active every ~50 s in another app: readings cycle 0..50
    assert.deepEqual(pollFor(30 * MINUTE, ctx, (elapsed) => Math.floor((elapsed % 60_000) / 1000)), []);
    assert.equal(ctx.machine.phase, 'unlocked');
  });

  it('app inactivity locks with reason app-inactive; app activity postpones it', () => {
    const ctx = unlocked({ lockOnAppInactivity: true, appInactivityMinutes: 3 });
    ctx.clock.advance(2 * MINUTE);
    ctx.machine.dispatch({ type: 'app-activity' });
    // system is busy (reads 0..5), but the app was not used
    assert.deepEqual(pollFor(2 * MINUTE + 50_000, ctx, () => 1), []);
    assert.equal(ctx.machine.phase, 'unlocked');
    const effects = pollFor(20_000, ctx, () => 1);
    assert.deepEqual(kinds(effects), LOCK_KINDS);
    assert.equal(ctx.machine.reason, 'app-inactive');
  });

  it('app inactivity is also checked on requests between polls', () => {
    const ctx = unlocked({ lockOnAppInactivity: true, appInactivityMinutes: 1 });
    ctx.clock.advance(59_000);
    assert.deepEqual(kinds(ctx.machine.dispatch({ type: 'check' })), []);
    ctx.clock.advance(1_000);
    assert.deepEqual(kinds(ctx.machine.dispatch({ type: 'check' })), LOCK_KINDS);
    assert.equal(ctx.machine.reason, 'app-inactive');
  });

  it('a request that arrives after the deadline locks instead of counting as activity', () => {
    const ctx = unlocked({ lockOnAppInactivity: true, appInactivityMinutes: 1 });
    ctx.clock.advance(61_000);
    assert.deepEqual(kinds(ctx.machine.dispatch({ type: 'app-activity' })), LOCK_KINDS);
  });

  it('app inactivity off and idle off: nothing locks however long it waits', () => {
    const ctx = unlocked();
    assert.deepEqual(pollFor(3 * 60 * MINUTE, ctx, (elapsed) => elapsed / 1000), []);
    ctx.clock.advance(24 * 60 * MINUTE);
    assert.deepEqual(kinds(ctx.machine.dispatch({ type: 'resume' })), []);
    assert.equal(ctx.machine.phase, 'unlocked');
  });

  it('session renewal failure (key revoked) locks with key-revoked; ignored when already locked', () => {
    const { machine } = unlocked();
    assert.deepEqual(kinds(machine.dispatch({ type: 'session-failed', reason: 'key-revoked' })), LOCK_KINDS);
    assert.equal(machine.reason, 'key-revoked');
    assert.deepEqual(kinds(machine.dispatch({ type: 'session-failed', reason: 'session-lost' })), []);
    assert.equal(machine.reason, 'key-revoked');
  });

  it('polls while locked do nothing', () => {
    const machine = new LockMachine({ clock: new FakeClock(), settings: settings({ lockOnIdle: true, idleMinutes: 1 }), hasProfile: true });
    assert.deepEqual(kinds(machine.dispatch({ type: 'poll', systemIdleSeconds: 10_000 })), []);
  });
});

describe('LockMachine system idle unavailable (Wayland) → app inactivity fallback', () => {
  it('idle reads 0 forever: reported unavailable after the window, and app inactivity locks', () => {
    const ctx = unlocked({ lockOnIdle: true, idleMinutes: 10 });
    assert.equal(ctx.machine.status().systemIdle, 'unknown');
    assert.equal(ctx.machine.status().idleFallbackActive, true);
    const effects = pollFor(60 * MINUTE, ctx, () => 0);
    assert.deepEqual(kinds(effects), LOCK_KINDS);
    assert.equal(ctx.machine.reason, 'app-inactive');
    assert.equal(ctx.machine.status().systemIdle, 'unavailable');
    // locked exactly when 10 minutes of app inactivity had passed
    assert.equal(ctx.clock.time - START, 10 * MINUTE);
  });

  it('an OS call that fails (null) marks idle unavailable at once', () => {
    const ctx = unlocked({ lockOnIdle: true, idleMinutes: 10 });
    ctx.clock.advance(10_000);
    ctx.machine.dispatch({ type: 'poll', systemIdleSeconds: null });
    assert.equal(ctx.machine.status().systemIdle, 'unavailable');
  });

  it('a non-zero reading proves system idle works; the fallback then stops', () => {
    const ctx = unlocked({ lockOnIdle: true, idleMinutes: 10 });
    ctx.clock.advance(10_000);
    ctx.machine.dispatch({ type: 'poll', systemIdleSeconds: 3 });
    assert.equal(ctx.machine.status().systemIdle, 'available');
    assert.equal(ctx.machine.status().idleFallbackActive, false);
    // user busy in other apps for an hour (readings 0..9): app not used, but no app-inactivity lock
    assert.deepEqual(pollFor(60 * MINUTE, ctx, (elapsed) => (elapsed / 1000) % 10), []);
  });

  it('fallback and app inactivity both on: the shorter limit wins', () => {
    const ctx = unlocked({ lockOnIdle: true, idleMinutes: 10, lockOnAppInactivity: true, appInactivityMinutes: 3 });
    assert.deepEqual(kinds(pollFor(60 * MINUTE, ctx, () => 0)), LOCK_KINDS);
    assert.equal(ctx.clock.time - START, 3 * MINUTE);
    const other = unlocked({ lockOnIdle: true, idleMinutes: 2, lockOnAppInactivity: true, appInactivityMinutes: 30 });
    pollFor(60 * MINUTE, other, () => 0);
    assert.equal(other.clock.time - START, 2 * MINUTE);
  });

  it('fallback off when idle locking is off', () => {
    const ctx = unlocked({ lockOnIdle: false, idleMinutes: 1 });
    assert.equal(ctx.machine.status().idleFallbackActive, false);
    assert.deepEqual(pollFor(30 * MINUTE, ctx, () => 0), []);
  });
});

describe('LockMachine sleep and the wall-clock deadline', () => {
  it('sleep across the deadline (sleep lock off): resume locks with reason deadline', () => {
    const ctx = unlocked({ lockOnIdle: true, idleMinutes: 5, lockOnSleep: false });
    pollFor(60_000, ctx, (elapsed) => elapsed / 1000);
    assert.deepEqual(kinds(ctx.machine.dispatch({ type: 'suspend' })), []);
    ctx.clock.advance(2 * 60 * MINUTE); // asleep; no timers ran
    assert.deepEqual(kinds(ctx.machine.dispatch({ type: 'resume' })), LOCK_KINDS);
    assert.equal(ctx.machine.reason, 'deadline');
  });

  it('short sleep before the deadline: resume does not lock', () => {
    const ctx = unlocked({ lockOnIdle: true, idleMinutes: 5, lockOnSleep: false });
    pollFor(60_000, ctx, (elapsed) => elapsed / 1000);
    ctx.machine.dispatch({ type: 'suspend' });
    ctx.clock.advance(2 * MINUTE);
    assert.deepEqual(kinds(ctx.machine.dispatch({ type: 'resume' })), []);
    assert.equal(ctx.machine.phase, 'unlocked');
  });

  it('no resume event, and the OS reset its idle counter on wake: the first poll still locks (deadline)', () => {
    const ctx = unlocked({ lockOnIdle: true, idleMinutes: 5, lockOnSleep: false });
    pollFor(2 * MINUTE, ctx, (elapsed) => elapsed / 1000);
    ctx.clock.advance(60 * MINUTE);
    assert.deepEqual(kinds(ctx.machine.dispatch({ type: 'poll', systemIdleSeconds: 0 })), LOCK_KINDS);
    assert.equal(ctx.machine.reason, 'deadline');
  });

  it('a tray click right after wake (before resume/poll) locks instead of extending', () => {
    const ctx = unlocked({ lockOnIdle: true, idleMinutes: 5 });
    pollFor(MINUTE, ctx, (elapsed) => elapsed / 1000);
    ctx.clock.advance(45 * MINUTE);
    assert.deepEqual(kinds(ctx.machine.dispatch({ type: 'app-activity' })), LOCK_KINDS);
    assert.equal(ctx.machine.reason, 'deadline');
  });

  it('app-inactivity deadline counts time asleep too (Wayland case)', () => {
    const ctx = unlocked({ lockOnAppInactivity: true, appInactivityMinutes: 15 });
    ctx.clock.advance(20 * MINUTE);
    assert.deepEqual(kinds(ctx.machine.dispatch({ type: 'resume' })), LOCK_KINDS);
    assert.equal(ctx.machine.reason, 'deadline');
  });

  it('screen unlock after the deadline locks (os-unlock is a deadline check)', () => {
    const ctx = unlocked({ lockOnAppInactivity: true, appInactivityMinutes: 5, lockOnOsLock: false });
    assert.deepEqual(pollFor(4 * MINUTE + 50_000, ctx, () => 1), []);
    ctx.clock.advance(20_000); // between polls
    assert.deepEqual(kinds(ctx.machine.dispatch({ type: 'os-unlock' })), LOCK_KINDS);
    assert.equal(ctx.machine.reason, 'app-inactive');
  });

  it('status().deadline is the earliest wall-clock lock time', () => {
    const ctx = unlocked({ lockOnIdle: true, idleMinutes: 5, lockOnAppInactivity: true, appInactivityMinutes: 15 });
    ctx.clock.advance(10_000);
    ctx.machine.dispatch({ type: 'poll', systemIdleSeconds: 10 });
    assert.equal(ctx.machine.status().deadline, START + 5 * MINUTE);
  });

  it('a settings change counts as activity and does not lock by itself', () => {
    const ctx = unlocked({ lockOnAppInactivity: true, appInactivityMinutes: 30 });
    ctx.clock.advance(10 * MINUTE);
    ctx.machine.updateSettings(settings({ lockOnAppInactivity: true, appInactivityMinutes: 5 }));
    assert.deepEqual(kinds(ctx.machine.dispatch({ type: 'check' })), []);
    ctx.clock.advance(5 * MINUTE);
    assert.deepEqual(kinds(ctx.machine.dispatch({ type: 'check' })), LOCK_KINDS);
  });
});
