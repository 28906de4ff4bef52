import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type * as KeytarModule from '@github/keytar';

import { bytesToHex, randomBytes } from '../../../src/core/crypto';
import { PsonoError } from '../../../src/core/errors';
import { SecretBytes } from '../../../src/core/sensitive';
import {
  calibrateScrypt,
  delayAfterFailures,
  MAX_PIN_FAILURES,
  NO_ATTEMPTS,
  parseWrappedKeys,
  PinLock,
  pinFailureMessage,
  unwrapWithPin,
  type ApiKeySecrets,
  type PinAttempts,
  type ScryptParams,
  type WrappedKeyStore,
} from '../../../src/platform/pin';

/** Cheap parameters for the many-attempt tests (honoured in test runs); one test below uses the production default. */
const FAST: ScryptParams = { N: 2 ** 10, r: 8, p: 1 };
const PIN = 'correct horse';

class MemoryKeyStore implements WrappedKeyStore {
  value: string | null = null;
  async read() {
    return this.value;
  }
  async write(serialized: string) {
    this.value = serialized;
  }
  async erase() {
    this.value = null;
  }
}

/** The counter as the stored record carries it. */
function counterOf(keyStore: MemoryKeyStore): PinAttempts | null {
  const wrapped = parseWrappedKeys(keyStore.value!);
  return wrapped.mode === 'pin' ? wrapped.attempts : null;
}

class FakeClock {
  time = 1_700_000_000_000;
  now() {
    return this.time;
  }
}

function freshSecrets(): { secrets: ApiKeySecrets; privateHex: string; secretHex: string } {
  const privateKey = randomBytes(32);
  const secretKey = randomBytes(32);
  return {
    secrets: { privateKey: SecretBytes.copyOf(privateKey), secretKey: SecretBytes.copyOf(secretKey) },
    privateHex: bytesToHex(privateKey),
    secretHex: bytesToHex(secretKey),
  };
}

function setupLock() {
  const keyStore = new MemoryKeyStore();
  const clock = new FakeClock();
  const lock = new PinLock({ keyStore, clock, scryptParams: FAST });
  return { keyStore, clock, lock };
}

/** Skips time past any delay so the next attempt is accepted. */
function waitOut(clock: FakeClock, keyStore: MemoryKeyStore) {
  clock.time = Math.max(clock.time, counterOf(keyStore)?.notBefore ?? 0);
}

describe('PIN unlock', () => {
  it('right PIN unlocks and returns the same keys', async () => {
    const { lock } = setupLock();
    const { secrets, privateHex, secretHex } = freshSecrets();
    assert.deepEqual(await lock.setup(secrets, PIN), { ok: true, value: undefined });
    assert.equal(await lock.mode(), 'pin');
    const opened = await lock.unlock(PIN);
    assert.ok(opened.ok);
    assert.equal(bytesToHex(opened.value.privateKey.expose()), privateHex);
    assert.equal(bytesToHex(opened.value.secretKey.expose()), secretHex);
  });

  it('PIN is compared after NFC normalisation', async () => {
    const { lock } = setupLock();
    await lock.setup(freshSecrets().secrets, 'caf\u00e9-123');
    assert.ok((await lock.unlock('cafe\u0301-123')).ok);
  });

  it('minimum 6 characters (counted as characters, not bytes)', async () => {
    const { lock, keyStore } = setupLock();
    assert.deepEqual(await lock.setup(freshSecrets().secrets, '12345'), { ok: false, error: { kind: 'pin-too-short' } });
    assert.equal(keyStore.value, null);
    assert.deepEqual(await lock.setup(freshSecrets().secrets, '🔑🔑🔑🔑🔑'), { ok: false, error: { kind: 'pin-too-short' } });
    assert.ok((await lock.setup(freshSecrets().secrets, '123456')).ok);
  });

  it('no PIN given for a PIN record: pin-required, not counted', async () => {
    const { lock, keyStore } = setupLock();
    await lock.setup(freshSecrets().secrets, PIN);
    assert.deepEqual(await lock.unlock(null), { ok: false, error: { kind: 'pin-required' } });
    assert.equal(counterOf(keyStore)?.failures, 0);
  });

  it('wrong PINs: growing delay, early attempts refused uncounted, erase after 10', async () => {
    const { lock, keyStore, clock } = setupLock();
    await lock.setup(freshSecrets().secrets, PIN);
    const seenDelays: number[] = [];
    for (let failure = 1; failure < MAX_PIN_FAILURES; failure++) {
      waitOut(clock, keyStore);
      const result = await lock.unlock(`wrong-${failure}`);
      assert.equal(result.ok, false);
      assert.ok(!result.ok && result.error.kind === 'wrong-pin');
      if (!result.ok && result.error.kind === 'wrong-pin') {
        assert.equal(result.error.attemptsLeft, MAX_PIN_FAILURES - failure);
        seenDelays.push(result.error.retryInSeconds);
        if (result.error.retryInSeconds > 0) {
          // an attempt inside the delay — even with the right PIN — is refused and not counted
          const early = await lock.unlock(PIN);
          assert.ok(!early.ok && early.error.kind === 'too-soon');
          assert.equal(counterOf(keyStore)?.failures, failure);
        }
      }
    }
    assert.deepEqual(seenDelays, [0, 0, 2, 4, 8, 16, 32, 64, 128]);
    assert.notEqual(keyStore.value, null, 'still stored after 9 failures');
    waitOut(clock, keyStore);
    assert.deepEqual(await lock.unlock('wrong-10'), { ok: false, error: { kind: 'pin-erased' } });
    assert.equal(keyStore.value, null, 'wrapped keys erased');
    assert.equal(await lock.mode(), 'none');
    assert.deepEqual(await lock.unlock(PIN), { ok: false, error: { kind: 'pin-erased' } }, 'even the right PIN cannot bring them back');
    assert.match(pinFailureMessage({ kind: 'pin-erased' }), /Paste the API key again/);
  });

  it('a success resets the counter', async () => {
    const { lock, keyStore, clock } = setupLock();
    await lock.setup(freshSecrets().secrets, PIN);
    for (let i = 0; i < 4; i++) {
      waitOut(clock, keyStore);
      await lock.unlock('nope-nope');
    }
    assert.equal(counterOf(keyStore)?.failures, 4);
    waitOut(clock, keyStore);
    assert.ok((await lock.unlock(PIN)).ok);
    assert.deepEqual(counterOf(keyStore), NO_ATTEMPTS);
  });

  it('concurrent wrong attempts are each counted (serialised)', async () => {
    const { lock, keyStore } = setupLock();
    await lock.setup(freshSecrets().secrets, PIN);
    const results = await Promise.all([lock.unlock('wrong-a'), lock.unlock('wrong-b')]);
    assert.equal(counterOf(keyStore)?.failures, 2);
    assert.deepEqual(
      results.map((r) => !r.ok && r.error.kind === 'wrong-pin' && r.error.attemptsLeft),
      [9, 8],
    );
  });

  it('restarts do not reset the counter (it is stored in the record)', async () => {
    const keyStore = new MemoryKeyStore();
    const clock = new FakeClock();
    const first = new PinLock({ keyStore, clock, scryptParams: FAST });
    await first.setup(freshSecrets().secrets, PIN);
    for (let i = 0; i < 3; i++) {
      clock.time += 10 * 60_000;
      await first.unlock('wrong-pin');
    }
    // "restart": a new lock over the same stored record
    assert.equal(counterOf(keyStore)?.failures, 3);
    const second = new PinLock({ keyStore, clock, scryptParams: FAST });
    const tooSoon = await second.unlock(PIN);
    assert.ok(!tooSoon.ok && tooSoon.error.kind === 'too-soon', 'the delay also survives the restart');
    clock.time += 10 * 60_000;
    const wrong = await second.unlock('wrong-again');
    assert.ok(!wrong.ok && wrong.error.kind === 'wrong-pin' && wrong.error.attemptsLeft === MAX_PIN_FAILURES - 4);
  });

  it('change PIN re-wraps: new salt/nonce/box, old PIN no longer works', async () => {
    const { lock, keyStore, clock } = setupLock();
    const { secrets, privateHex } = freshSecrets();
    await lock.setup(secrets, PIN);
    const before = parseWrappedKeys(keyStore.value!);
    const refused = await lock.changePin('wrong-current', 'new-pin-123');
    assert.ok(!refused.ok && refused.error.kind === 'wrong-pin', 'the current PIN is checked');
    waitOut(clock, keyStore);
    assert.deepEqual(await lock.changePin(PIN, '12'), { ok: false, error: { kind: 'pin-too-short' } });
    assert.ok((await lock.changePin(PIN, 'new-pin-123')).ok);
    const afterChange = parseWrappedKeys(keyStore.value!);
    assert.equal(afterChange.mode, 'pin');
    assert.equal(before.mode, 'pin');
    if (afterChange.mode === 'pin' && before.mode === 'pin') {
      assert.notEqual(afterChange.kdf.salt, before.kdf.salt);
      assert.notEqual(afterChange.box, before.box);
    }
    assert.ok(!(await lock.unlock(PIN)).ok, 'old PIN fails');
    waitOut(clock, keyStore);
    const opened = await lock.unlock('new-pin-123');
    assert.ok(opened.ok);
    assert.equal(bytesToHex(opened.value.privateKey.expose()), privateHex);
  });

  it('"no PIN — trust my OS login" mode: unlocks without a PIN; switching back and forth works', async () => {
    const { lock, keyStore } = setupLock();
    const { secrets, secretHex } = freshSecrets();
    await lock.setup(secrets, null);
    assert.equal(await lock.mode(), 'os-login');
    const opened = await lock.unlock(null);
    assert.ok(opened.ok);
    assert.equal(bytesToHex(opened.value.secretKey.expose()), secretHex);
    assert.ok(keyStore.value!.includes(secretHex), 'documented: in this mode the keychain entry is enough');
    assert.ok((await lock.changePin(null, 'a-new-pin')).ok);
    assert.equal(await lock.mode(), 'pin');
    assert.ok(!keyStore.value!.includes(secretHex));
    assert.ok((await lock.changePin('a-new-pin', null)).ok);
    assert.equal(await lock.mode(), 'os-login');
  });

  it('no keys stored / corrupt record are distinct failures', async () => {
    const { lock, keyStore } = setupLock();
    assert.deepEqual(await lock.unlock(PIN), { ok: false, error: { kind: 'no-keys' } });
    keyStore.value = '{"format":"psono-tray-wrapped-keys","v":1,"mode":"pin"}';
    assert.deepEqual(await lock.unlock(PIN), { ok: false, error: { kind: 'corrupt' } });
    await lock.forget();
    assert.equal(keyStore.value, null);
  });

  it('scrypt calibration measures N upwards and picks the one closest to ~0.25 s, clamped to [2^17, 2^20]', () => {
    // a machine where time is linear in N: 2^17 → 60 ms, 2^18 → 120 ms, 2^19 → 240 ms
    const linear = (msAt13: number) => (params: ScryptParams) => (params.N / 2 ** 13) * msAt13;
    assert.deepEqual(calibrateScrypt({ measure: linear(3.75) }), { N: 2 ** 19, r: 8, p: 1 });
    assert.deepEqual(calibrateScrypt({ measure: linear(0.5) }), { N: 2 ** 20, r: 8, p: 1 }, 'fast machine: capped');
    assert.deepEqual(calibrateScrypt({ measure: linear(30) }), { N: 2 ** 17, r: 8, p: 1 }, 'slow machine: never below 2^17');
    assert.deepEqual(calibrateScrypt({ measure: linear(500) }), { N: 2 ** 17, r: 8, p: 1 }, 'very slow machine: still 2^17');
    // caches: 2^18 costs more than twice 2^17 — the measured value decides, not an extrapolation
    const measured: number[] = [];
    const cacheBound = (params: ScryptParams) => {
      measured.push(Math.log2(params.N));
      return { 17: 150, 18: 330, 19: 900 }[Math.log2(params.N)] ?? 5000;
    };
    assert.deepEqual(calibrateScrypt({ measure: cacheBound }), { N: 2 ** 18, r: 8, p: 1 });
    assert.deepEqual(measured, [17, 18], 'starts at the floor and stops at the first N that reaches the target');
    assert.deepEqual(calibrateScrypt({ measure: cacheBound, targetMs: 1000 }).N, 2 ** 19);
  });

  it('delay schedule', () => {
    assert.deepEqual([1, 2, 3, 4, 9, 12].map(delayAfterFailures), [0, 0, 2, 4, 128, 300]);
  });
});

describe('PIN-wrapped keys in the real OS keychain (gnome-keyring on a private D-Bus)', () => {
  const SERVICE = 'psono-tray-test-pin';
  const ACCOUNT = 'pin-test-profile';
  type Keytar = typeof KeytarModule;
  let keytar: Keytar | null = null;
  let skipReason: string | undefined;

  before(async () => {
    if (!process.env['DBUS_SESSION_BUS_ADDRESS']) {
      skipReason = 'no D-Bus session (run inside scripts/with-keyring.sh; npm test does)';
      return;
    }
    const loaded = (await import('@github/keytar')) as Keytar & { default?: Keytar };
    keytar = loaded.default ?? loaded;
  });

  after(async () => {
    await keytar?.deletePassword(SERVICE, ACCOUNT);
  });

  it('the keychain entry alone does not decrypt; the production-cost PIN does', async (t) => {
    if (keytar === null) {
      t.skip(skipReason);
      return;
    }
    const store: WrappedKeyStore = {
      read: () => keytar!.getPassword(SERVICE, ACCOUNT),
      write: (value) => keytar!.setPassword(SERVICE, ACCOUNT, value),
      erase: async () => {
        await keytar!.deletePassword(SERVICE, ACCOUNT);
      },
    };
    const lock = new PinLock({ keyStore: store });
    const { secrets, privateHex, secretHex } = freshSecrets();
    const privateBase64 = Buffer.from(privateHex, 'hex').toString('base64');
    const secretBase64 = Buffer.from(secretHex, 'hex').toString('base64');
    // production parameters (no params argument): calibrated on this machine, ~0.25 s
    assert.ok((await lock.setup(secrets, PIN)).ok);

    // What an attacker with keychain access reads:
    const raw = await keytar.getPassword(SERVICE, ACCOUNT);
    assert.ok(raw !== null);
    for (const needle of [privateHex, secretHex, privateHex.toUpperCase(), secretHex.toUpperCase(), privateBase64, secretBase64]) {
      assert.ok(!raw.includes(needle), 'no key material in any common encoding');
    }
    const wrapped = parseWrappedKeys(raw);
    assert.equal(wrapped.mode, 'pin');
    if (wrapped.mode !== 'pin') {
      return;
    }
    assert.ok(wrapped.kdf.N >= 2 ** 17 && wrapped.kdf.r === 8, 'the machine-calibrated cost, at least the floor, is stored with the keys');
    // Using the blob without the PIN: every guess other than the PIN is a decryption failure.
    for (const guess of ['', '000000', 'correct horsf', PIN.toUpperCase()]) {
      await assert.rejects(unwrapWithPin(wrapped, guess), (error: unknown) => error instanceof PsonoError && error.kind === 'decrypt-failed');
    }
    const opened = await unwrapWithPin(wrapped, PIN);
    assert.equal(bytesToHex(opened.privateKey.expose()), privateHex);
    assert.equal(bytesToHex(opened.secretKey.expose()), secretHex);
    const viaLock = await lock.unlock(PIN);
    assert.ok(viaLock.ok);
  });
});
