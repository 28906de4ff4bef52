import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { LockPhase, LockReason, LockSettings, RenewOutcome } from '../../src/core/lock';
import { AutoLock, type LockableSessions } from '../../src/main/lock';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { FakeTime, settle } from './lock-fake-time';

/**
 * Stands in for main's SessionController: owns the phase; lock() takes a while (logout), and
 * while it runs the effective phase is 'locked', as the controller's is.
 */
class FakeSessions implements LockableSessions {
  phase: LockPhase = 'locked';
  readonly locks: LockReason[] = [];
  onChange: () => void = () => undefined;
  #finishLock: (() => void) | null = null;

  get effectivePhase(): LockPhase {
    return this.#finishLock !== null && (this.phase === 'unlocked' || this.phase === 'unlocking') ? 'locked' : this.phase;
  }

  set(phase: LockPhase): void {
    this.phase = phase;
    this.onChange();
  }
  lock(reason: LockReason): Promise<void> {
    this.locks.push(reason);
    return new Promise<void>((resolve) => {
      this.#finishLock = () => {
        this.set('locked');
        resolve();
      };
    });
  }
  finishLock(): void {
    this.#finishLock?.();
    this.#finishLock = null;
  }
}

function build(options: { settings?: Partial<LockSettings>; idle?: () => number | null; renew?: () => Promise<RenewOutcome> } = {}) {
  const time = new FakeTime();
  const sessions = new FakeSessions();
  let expiresAt = time.now() + 600_000;
  const auto = new AutoLock({
    sessions,
    settings: { ...DEFAULT_SETTINGS, lockOnIdle: false, lockOnAppInactivity: false, ...options.settings },
    readSystemIdleSeconds: options.idle ?? (() => 0),
    clock: time,
    timers: time,
    renewable: () =>
      options.renew && sessions.phase === 'unlocked'
        ? {
            sessionExpiresAt: () => expiresAt,
            renew: async () => {
              const outcome = await options.renew!();
              if (outcome.ok) {
                expiresAt = time.now() + 600_000;
              }
              return outcome;
            },
          }
        : null,
  });
  sessions.onChange = () => auto.phaseChanged();
  return { time, sessions, auto };
}

describe('AutoLock (drives main’s session controller)', () => {
  it('runs its timers only while the controller is unlocked', () => {
    const { time, sessions, auto } = build();
    assert.equal(time.active, 0);
    sessions.set('unlocking');
    assert.equal(time.active, 0);
    sessions.set('unlocked');
    assert.equal(time.active, 1, 'idle poll runs');
    assert.equal(auto.effectivePhase(), 'unlocked');
    sessions.set('locked');
    assert.equal(time.active, 0);
    assert.deepEqual(sessions.locks, [], 'a lock the controller made is never asked for again');
    sessions.set('no-profile');
    assert.equal(time.active, 0);
    sessions.set('unlocked');
    assert.equal(time.active, 1);
  });

  it('system idle locks through controller.lock("idle") exactly once; requests see locked at once', async () => {
    let idle = 0;
    const { time, sessions, auto } = build({ settings: { lockOnIdle: true, idleMinutes: 1 }, idle: () => idle });
    sessions.set('unlocked');
    idle = 61;
    await time.advance(10_000);
    assert.deepEqual(sessions.locks, ['idle']);
    assert.equal(sessions.phase, 'unlocked', 'controller still closing');
    assert.equal(auto.effectivePhase(), 'locked', 'IPC already refused');
    sessions.onChange(); // a change notification while the close runs must not restart the timers
    assert.equal(time.active, 0);
    await time.advance(60_000);
    assert.deepEqual(sessions.locks, ['idle'], 'no second lock while the first is in flight');
    sessions.finishLock();
    await auto.settled();
    assert.equal(auto.effectivePhase(), 'locked');
    assert.equal(time.active, 0);
  });

  it('a trigger while the controller is unlocking asks it to lock; the unlock finishing meanwhile does not re-open', async () => {
    const { time, sessions, auto } = build({ settings: { lockOnOsLock: true } });
    sessions.set('unlocking');
    auto.dispatch({ type: 'os-lock' });
    assert.deepEqual(sessions.locks, ['os-lock']);
    sessions.set('unlocked'); // the controller's unlock completes before its serialised lock runs
    assert.equal(auto.effectivePhase(), 'locked', 'requests refused until the lock has closed it');
    assert.equal(time.active, 0, 'no idle poll or renewal for the cancelled unlock');
    auto.dispatch({ type: 'os-lock' });
    assert.deepEqual(sessions.locks, ['os-lock'], 'a second trigger while the lock runs asks nothing more');
    sessions.finishLock();
    await auto.settled();
    assert.equal(auto.effectivePhase(), 'locked');
    assert.deepEqual(sessions.locks, ['os-lock']);
  });

  it('OS lock and sleep triggers respect their settings', () => {
    const on = build({ settings: { lockOnOsLock: true, lockOnSleep: true } });
    on.sessions.set('unlocked');
    on.auto.dispatch({ type: 'os-lock' });
    assert.deepEqual(on.sessions.locks, ['os-lock']);
    const off = build({ settings: { lockOnOsLock: false, lockOnSleep: false } });
    off.sessions.set('unlocked');
    off.auto.dispatch({ type: 'os-lock' });
    off.auto.dispatch({ type: 'suspend' });
    assert.deepEqual(off.sessions.locks, []);
    const sleep = build({ settings: { lockOnSleep: true } });
    sleep.sessions.set('unlocked');
    sleep.auto.dispatch({ type: 'suspend' });
    assert.deepEqual(sleep.sessions.locks, ['sleep']);
  });

  it('time asleep counts: the first request after wake is refused with reason deadline', () => {
    const { time, sessions, auto } = build({ settings: { lockOnAppInactivity: true, appInactivityMinutes: 10, lockOnSleep: false } });
    sessions.set('unlocked');
    auto.dispatch({ type: 'suspend' });
    time.sleep(3 * 3600_000);
    assert.equal(auto.effectivePhase(), 'locked');
    assert.deepEqual(sessions.locks, ['deadline']);
  });

  it('a resume after the deadline locks with reason deadline; a short sleep does not', () => {
    const long = build({ settings: { lockOnAppInactivity: true, appInactivityMinutes: 10, lockOnSleep: false } });
    long.sessions.set('unlocked');
    long.time.sleep(20 * 60_000);
    long.auto.dispatch({ type: 'resume' });
    assert.deepEqual(long.sessions.locks, ['deadline']);
    const short = build({ settings: { lockOnAppInactivity: true, appInactivityMinutes: 10, lockOnSleep: false } });
    short.sessions.set('unlocked');
    short.time.sleep(5 * 60_000);
    short.auto.dispatch({ type: 'resume' });
    assert.deepEqual(short.sessions.locks, []);
  });

  it('no resume event: the first poll after a long gap judges the deadline before the (reset) idle reading', async () => {
    const { time, sessions } = build({ settings: { lockOnIdle: true, idleMinutes: 5, lockOnSleep: false }, idle: () => 0 });
    sessions.set('unlocked');
    await time.advance(30_000);
    time.sleep(60 * 60_000);
    await time.advance(10_000);
    assert.deepEqual(sessions.locks, ['deadline']);
  });

  it('a settings change counts as activity and does not lock by itself', async () => {
    const { time, sessions, auto } = build({ settings: { lockOnAppInactivity: true, appInactivityMinutes: 30 } });
    sessions.set('unlocked');
    await time.advance(10 * 60_000);
    auto.updateSettings({ ...DEFAULT_SETTINGS, lockOnIdle: false, lockOnAppInactivity: true, appInactivityMinutes: 5 });
    assert.equal(auto.effectivePhase(), 'unlocked');
    await time.advance(5 * 60_000);
    assert.deepEqual(sessions.locks, ['app-inactive']);
  });

  it('in-app activity postpones app-inactivity locking', async () => {
    const { time, sessions, auto } = build({ settings: { lockOnAppInactivity: true, appInactivityMinutes: 2 } });
    sessions.set('unlocked');
    for (let i = 0; i < 10; i++) {
      await time.advance(60_000);
      auto.noteActivity();
    }
    assert.deepEqual(sessions.locks, []);
    await time.advance(2 * 60_000);
    assert.deepEqual(sessions.locks, ['app-inactive']);
  });

  it('background renewal failing with a revoked key locks with key-revoked', async () => {
    const outcomes: RenewOutcome[] = [{ ok: true }, { ok: false, permanent: true, reason: 'key-revoked' }];
    const { time, sessions } = build({ renew: async () => outcomes.shift() ?? { ok: true } });
    sessions.set('unlocked');
    await time.advance(10 * 60_000);
    assert.deepEqual(sessions.locks, []);
    await time.advance(10 * 60_000);
    assert.deepEqual(sessions.locks, ['key-revoked']);
  });

  it('reports system idle as unavailable on Wayland-like readings and falls back to app inactivity', async () => {
    const { time, sessions, auto } = build({ settings: { lockOnIdle: true, idleMinutes: 10 }, idle: () => 0 });
    sessions.set('unlocked');
    await time.advance(6 * 60_000);
    assert.equal(auto.systemIdle, 'unavailable');
    await time.advance(4 * 60_000);
    assert.deepEqual(sessions.locks, ['app-inactive']);
  });

  it('stop() ends timers and ignores later triggers', async () => {
    const { time, sessions, auto } = build({ settings: { lockOnOsLock: true } });
    sessions.set('unlocked');
    auto.stop();
    assert.equal(time.active, 0);
    auto.dispatch({ type: 'os-lock' });
    await settle();
    assert.deepEqual(sessions.locks, []);
  });
});
