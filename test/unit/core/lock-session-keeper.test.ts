import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { SessionKeeper, type RenewOutcome, type Timers } from '../../../src/core/lock';

/** Fake wall clock + timers: `advance` moves time and fires due timers in order. */
class FakeTime implements Timers {
  time = 1_000_000;
  #next = 1;
  readonly #pending = new Map<number, { at: number; callback: () => void }>();

  now(): number {
    return this.time;
  }
  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.#next++;
    this.#pending.set(id, { at: this.time + ms, callback });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.#pending.delete(handle as number);
  }
  get pendingCount(): number {
    return this.#pending.size;
  }
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.#pending.entries()].filter(([, timer]) => timer.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (due === undefined) {
        break;
      }
      this.#pending.delete(due[0]);
      this.time = Math.max(this.time, due[1].at);
      due[1].callback();
      await flush();
    }
    this.time = end;
    await flush();
  }
}

async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await Promise.resolve();
  }
}

/** A session whose renewals follow a script; each success extends validity by 600 s. */
function scriptedSession(time: FakeTime, outcomes: RenewOutcome[]) {
  let expiresAt: number | null = time.now() + 600_000;
  const renewedAt: number[] = [];
  return {
    renewedAt,
    sessionExpiresAt: () => expiresAt,
    expireNow: () => {
      expiresAt = null;
    },
    renew: async (): Promise<RenewOutcome> => {
      renewedAt.push(time.now());
      const outcome = outcomes.shift() ?? { ok: true };
      if (outcome.ok) {
        expiresAt = time.now() + 600_000;
      }
      return outcome;
    },
  };
}

describe('SessionKeeper (background renewal)', () => {
  it('renews one minute before each expiry, without being asked', async () => {
    const time = new FakeTime();
    const start = time.now();
    const session = scriptedSession(time, []);
    const failures: string[] = [];
    const keeper = new SessionKeeper({ clock: time, timers: time, session, onFailed: (reason) => failures.push(reason) });
    keeper.start();
    await time.advance(30 * 60_000);
    assert.deepEqual(
      session.renewedAt.map((at) => at - start),
      [540_000, 1_080_000, 1_620_000],
    );
    assert.deepEqual(failures, []);
    keeper.stop();
    assert.equal(time.pendingCount, 0, 'stop clears the timer');
  });

  it('a revoked key stops renewal and reports key-revoked once', async () => {
    const time = new FakeTime();
    const session = scriptedSession(time, [{ ok: true }, { ok: false, permanent: true, reason: 'key-revoked' }]);
    const failures: string[] = [];
    const keeper = new SessionKeeper({ clock: time, timers: time, session, onFailed: (reason) => failures.push(reason) });
    keeper.start();
    await time.advance(60 * 60_000);
    assert.deepEqual(failures, ['key-revoked']);
    assert.equal(session.renewedAt.length, 2, 'no retry after a permanent failure');
    assert.equal(keeper.running, false);
  });

  it('transient failures back off (doubling, capped) and recover', async () => {
    const time = new FakeTime();
    const start = time.now();
    const transient: RenewOutcome = { ok: false, permanent: false };
    const session = scriptedSession(time, [transient, transient, transient, { ok: true }]);
    const keeper = new SessionKeeper({ clock: time, timers: time, session, onFailed: () => assert.fail('must not fail'), firstRetryMs: 10_000 });
    keeper.start();
    await time.advance(540_000 + 10_000 + 20_000 + 40_000);
    assert.deepEqual(
      session.renewedAt.map((at) => at - start),
      [540_000, 550_000, 570_000, 610_000],
    );
    keeper.stop();
  });

  it('honours retry-after when longer than the back-off', async () => {
    const time = new FakeTime();
    const start = time.now();
    const session = scriptedSession(time, [{ ok: false, permanent: false, retryAfterMs: 120_000 }]);
    const keeper = new SessionKeeper({ clock: time, timers: time, session, onFailed: () => undefined, firstRetryMs: 10_000 });
    keeper.start();
    await time.advance(540_000 + 120_000);
    assert.deepEqual(session.renewedAt.map((at) => at - start), [540_000, 660_000]);
    keeper.stop();
  });

  it('a renewal that completes after stop() does not reschedule', async () => {
    const time = new FakeTime();
    let release: (outcome: RenewOutcome) => void = () => undefined;
    let calls = 0;
    const expiresAt = time.now() + 61_000;
    const keeper = new SessionKeeper({
      clock: time,
      timers: time,
      onFailed: () => assert.fail('must not report'),
      session: {
        sessionExpiresAt: () => expiresAt,
        renew: () => {
          calls++;
          return new Promise<RenewOutcome>((resolve) => {
            release = resolve;
          });
        },
      },
    });
    keeper.start();
    await time.advance(2_000);
    assert.equal(calls, 1);
    keeper.stop();
    release({ ok: false, permanent: true, reason: 'key-revoked' });
    await keeper.settled();
    assert.equal(time.pendingCount, 0);
  });

  it('a timer that fires late (after sleep) renews immediately', async () => {
    const time = new FakeTime();
    const session = scriptedSession(time, []);
    const keeper = new SessionKeeper({ clock: time, timers: time, session, onFailed: () => undefined });
    keeper.start();
    time.time += 3 * 3600_000; // wall clock jumps; the timer has not fired yet
    await time.advance(0);
    assert.equal(session.renewedAt.length, 1);
    await time.advance(500_000);
    assert.equal(session.renewedAt.length, 1, 'next renewal is a full period later');
    keeper.stop();
  });

  it('a "renewal" that does not move the expiry never spins: it waits before looking again', async () => {
    const time = new FakeTime();
    const expiresAt = time.now() + 600_000;
    let calls = 0;
    const keeper = new SessionKeeper({
      clock: time,
      timers: time,
      onFailed: () => undefined,
      firstRetryMs: 15_000,
      session: {
        sessionExpiresAt: () => expiresAt,
        renew: async () => {
          calls++;
          return { ok: true };
        },
      },
    });
    keeper.start();
    await time.advance(540_000 + 60_000);
    // due at 540 s, then every 15 s: 540, 555, 570, 585, 600 — not thousands
    assert.equal(calls, 5);
    keeper.stop();
  });

  it('the session can name its own renewal margin (PsonoSession renews only within 30 s of expiry)', async () => {
    const time = new FakeTime();
    const start = time.now();
    const session = { ...scriptedSession(time, []), renewMarginMs: 20_000 };
    const keeper = new SessionKeeper({ clock: time, timers: time, session, onFailed: () => undefined, marginMs: 60_000 });
    keeper.start();
    await time.advance(600_000);
    assert.deepEqual(session.renewedAt.map((at) => at - start), [580_000]);
    keeper.stop();
  });
});
