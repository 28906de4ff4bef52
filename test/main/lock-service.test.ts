import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { DEFAULT_LOCK_SETTINGS, LockMachine, type LockSettings, type LockStatus, type RenewOutcome } from '../../src/core/lock';
import { PsonoError } from '../../src/core/errors';
import { classifyRenewalError, keepAliveSession, LockService, readSystemIdleSeconds, watchPowerMonitor } from '../../src/main/lock';
import { FakeTime, settle } from './lock-fake-time';

function build(options: { settings?: Partial<LockSettings>; logout?: () => Promise<void>; idle?: () => number | null; renew?: () => Promise<RenewOutcome> } = {}) {
  const time = new FakeTime();
  const calls: string[] = [];
  const published: LockStatus[] = [];
  let expiresAt = time.now() + 600_000;
  const machine = new LockMachine({
    clock: time,
    settings: { ...DEFAULT_LOCK_SETTINGS, lockOnIdle: false, lockOnAppInactivity: false, lockOnOsLock: true, lockOnSleep: true, ...options.settings },
    hasProfile: true,
  });
  const service = new LockService({
    machine,
    clock: time,
    timers: time,
    readSystemIdleSeconds: options.idle ?? (() => 0),
    renewableSession: () =>
      options.renew
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
    targets: {
      clearClipboard: () => void calls.push('clear-clipboard'),
      wipe: () => void calls.push('wipe'),
      resetRenderer: () => void calls.push('reset-renderer'),
      logout: options.logout ?? (async () => void calls.push('logout')),
      wipeSession: () => void calls.push('wipe-session'),
      publishState: (status) => void published.push(status),
    },
  });
  return { time, calls, published, machine, service };
}

const ALL_WIPES = ['clear-clipboard', 'wipe', 'reset-renderer', 'logout', 'wipe-session'];

describe('LockService', () => {
  it('unlock then manual lock: every wipe runs in order, tray/renderer told, timers stopped', async () => {
    const ctx = build();
    const outcome = await ctx.service.unlock(async () => 42);
    assert.deepEqual(outcome, { ok: true, value: 42 });
    assert.equal(ctx.published.at(-1)?.phase, 'unlocked');
    assert.equal(ctx.time.active, 1, 'idle poll running');
    await ctx.service.lockNow();
    assert.deepEqual(ctx.calls, ALL_WIPES);
    assert.equal(ctx.published.at(-1)?.phase, 'locked');
    assert.equal(ctx.published.at(-1)?.reason, 'manual');
    assert.equal(ctx.time.active, 0, 'no timers left after lock');
  });

  it('a logout that hangs is abandoned after 2 s and the session keys are still wiped', async () => {
    const ctx = build({ logout: () => new Promise<void>(() => undefined) });
    await ctx.service.unlock(async () => null);
    const locking = ctx.service.lockNow();
    await settle();
    assert.equal(ctx.service.phase, 'locked', 'phase flips at once');
    assert.deepEqual(ctx.calls, ['clear-clipboard', 'wipe', 'reset-renderer'], 'local wipes do not wait for the network');
    await ctx.time.advance(1_999);
    assert.ok(!ctx.calls.includes('wipe-session'));
    await ctx.time.advance(1);
    await locking;
    assert.equal(ctx.calls.at(-1), 'wipe-session');
  });

  it('a throwing target does not stop the other wipes', async () => {
    const ctx = build();
    await ctx.service.unlock(async () => null);
    const service = new LockService({
      machine: ctx.machine,
      clock: ctx.time,
      timers: ctx.time,
      readSystemIdleSeconds: () => 0,
      targets: {
        clearClipboard: () => {
          throw new Error('clipboard busy');
        },
        wipe: () => void ctx.calls.push('wipe'),
        resetRenderer: async () => {
          throw new Error('window gone');
        },
        logout: async () => void ctx.calls.push('logout'),
        wipeSession: () => void ctx.calls.push('wipe-session'),
        publishState: () => undefined,
      },
    });
    await service.lockNow();
    assert.deepEqual(ctx.calls, ['wipe', 'logout', 'wipe-session']);
  });

  it('guard() answers false as soon as the wall-clock deadline has passed (IPC check)', async () => {
    const ctx = build({ settings: { lockOnAppInactivity: true, appInactivityMinutes: 5 } });
    await ctx.service.unlock(async () => null);
    await ctx.time.advance(4 * 60_000);
    assert.equal(ctx.service.guard(), true);
    ctx.time.sleep(10 * 60_000);
    assert.equal(ctx.service.guard(), false);
    await ctx.service.settled();
    assert.equal(ctx.service.reason, 'deadline');
    assert.deepEqual(ctx.calls, ALL_WIPES);
  });

  it('the idle poll timer locks on system idle', async () => {
    let idle = 0;
    const ctx = build({ settings: { lockOnIdle: true, idleMinutes: 2 }, idle: () => idle });
    await ctx.service.unlock(async () => null);
    idle = 60;
    await ctx.time.advance(30_000);
    assert.equal(ctx.service.phase, 'unlocked');
    idle = 125;
    await ctx.time.advance(10_000);
    assert.equal(ctx.service.phase, 'locked');
    assert.equal(ctx.service.reason, 'idle');
  });

  it('a lock during unlocking cancels it and wipes what the attempt built', async () => {
    const ctx = build();
    let finishUnlock: () => void = () => undefined;
    const unlocking = ctx.service.unlock(
      () =>
        new Promise<string>((resolve) => {
          finishUnlock = () => resolve('vault');
        }),
    );
    await settle();
    assert.equal(ctx.service.phase, 'unlocking');
    await ctx.service.dispatch({ type: 'os-lock' });
    ctx.calls.length = 0;
    finishUnlock();
    assert.deepEqual(await unlocking, { ok: false, cancelled: true });
    assert.equal(ctx.service.phase, 'locked');
    assert.deepEqual(ctx.calls, ['wipe', 'logout', 'wipe-session']);
  });

  it('a failed unlock maps the error to a lock reason and rethrows it', async () => {
    const ctx = build();
    const revoked = new PsonoError('key-inactive');
    await assert.rejects(
      ctx.service.unlock(
        async () => {
          throw revoked;
        },
        (error) => (error instanceof PsonoError && error.kind === 'key-inactive' ? 'key-revoked' : undefined),
      ),
      (error: unknown) => error === revoked,
    );
    assert.equal(ctx.service.phase, 'locked');
    assert.equal(ctx.service.reason, 'key-revoked');
    assert.deepEqual(await ctx.service.unlock(async () => 1), { ok: true, value: 1 }, 'can try again');
  });

  it('background renewal: renews before expiry while unlocked; a revoked key locks with key-revoked', async () => {
    const outcomes: RenewOutcome[] = [{ ok: true }, { ok: false, permanent: true, reason: 'key-revoked' }];
    let renewals = 0;
    const ctx = build({
      renew: async () => {
        renewals++;
        return outcomes.shift() ?? { ok: true };
      },
    });
    await ctx.service.unlock(async () => null);
    await ctx.time.advance(9 * 60_000 + 1_000);
    assert.equal(renewals, 1);
    assert.equal(ctx.service.phase, 'unlocked');
    await ctx.time.advance(10 * 60_000);
    assert.equal(renewals, 2);
    await ctx.service.settled();
    assert.equal(ctx.service.phase, 'locked');
    assert.equal(ctx.service.reason, 'key-revoked');
    assert.deepEqual(ctx.calls, ALL_WIPES);
    assert.equal(ctx.time.active, 0);
  });

  it('quit wipes and ignores later inputs', async () => {
    const ctx = build();
    await ctx.service.unlock(async () => null);
    await ctx.service.quit();
    assert.deepEqual(ctx.calls, ALL_WIPES);
    assert.deepEqual(await ctx.service.unlock(async () => 1), { ok: false, cancelled: false, busy: true });
  });
});

describe('lock adapters', () => {
  it('keep-alive classifies renewal errors: revoked key, lost session, transient with retry-after', () => {
    assert.deepEqual(classifyRenewalError(new PsonoError('key-inactive')), { ok: false, permanent: true, reason: 'key-revoked' });
    assert.deepEqual(classifyRenewalError(new PsonoError('bad-api-key')), { ok: false, permanent: true, reason: 'key-revoked' });
    assert.deepEqual(classifyRenewalError(new PsonoError('server-identity-mismatch')), { ok: false, permanent: true, reason: 'session-lost' });
    assert.deepEqual(classifyRenewalError(new PsonoError('network')), { ok: false, permanent: false });
    assert.deepEqual(classifyRenewalError(new PsonoError('rate-limited', { retryAfterSeconds: 90 })), { ok: false, permanent: false, retryAfterMs: 90_000 });
    assert.deepEqual(classifyRenewalError(new PsonoError('read-not-allowed')), { ok: true });
    assert.deepEqual(classifyRenewalError(new Error('boom')), { ok: false, permanent: false });
  });

  it('keep-alive makes one authenticated request and reports no expiry once closed', async () => {
    const paths: string[] = [];
    const target = { expiresAt: 123 as number | null, closed: false, get: async (path: string) => void paths.push(path) };
    const renewable = keepAliveSession(target);
    assert.equal(renewable.sessionExpiresAt(), 123);
    assert.equal(renewable.renewMarginMs, 20_000, 'inside PsonoSession\'s 30 s lazy-renewal window');
    assert.deepEqual(await renewable.renew(), { ok: true });
    assert.deepEqual(paths, ['/datastore/']);
    target.closed = true;
    assert.equal(renewable.sessionExpiresAt(), null);
  });

  it('powerMonitor events become lock inputs; unsubscribing removes every listener', () => {
    const listeners = new Map<string, () => void>();
    const powerMonitor = {
      on: (event: string, listener: () => void) => {
        listeners.set(event, listener);
        return powerMonitor;
      },
      removeListener: (event: string) => {
        listeners.delete(event);
        return powerMonitor;
      },
      getSystemIdleTime: () => 7,
    };
    const inputs: string[] = [];
    // the double is structurally what we use of Electron's PowerMonitor
    const stop = watchPowerMonitor(powerMonitor as unknown as Parameters<typeof watchPowerMonitor>[0], (input) => inputs.push(input.type));
    for (const event of ['suspend', 'resume', 'lock-screen', 'unlock-screen']) {
      listeners.get(event)?.();
    }
    assert.deepEqual(inputs, ['suspend', 'resume', 'os-lock', 'os-unlock']);
    stop();
    assert.equal(listeners.size, 0);
    assert.equal(readSystemIdleSeconds(powerMonitor), 7);
    assert.equal(
      readSystemIdleSeconds({
        getSystemIdleTime: () => {
          throw new Error('no idle source');
        },
      }),
      null,
    );
  });
});
