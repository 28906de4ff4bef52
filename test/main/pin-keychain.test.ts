/**
 * The PIN lock wired as main wires it (profile item in the real gnome-keyring via
 * scripts/with-keyring.sh, version-1 counter file in a user-data folder): the failure counter
 * cannot be reset by deleting a file, a version-1 record migrates, and a record below the scrypt
 * floor is re-wrapped, while production parameters never go below N=2^17, r=8, p=1.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, afterEach, beforeEach, describe, test } from 'node:test';

import { bytesToHex, randomBytes } from '../../src/core/crypto';
import { PsonoError } from '../../src/core/errors';
import { SecretBytes } from '../../src/core/sensitive';
import { KeytarKeychain, type StoredProfile } from '../../src/main/keychain/keychain';
import { keytar } from '../../src/main/keychain/keytar-module';
import { createLogger } from '../../src/main/log';
import { KeychainWrappedKeyStore } from '../../src/main/session/keychain-key-store';
import {
  calibrateScrypt,
  LegacyAttemptFile,
  MAX_PIN_FAILURES,
  parseWrappedKeys,
  PinLock,
  SCRYPT_FLOOR,
  scryptPolicy,
  wrapWithPin,
  type ApiKeySecrets,
  type PinWrappedKeys,
  type ScryptParams,
} from '../../src/platform/pin';

const FAST: ScryptParams = { N: 2 ** 10, r: 8, p: 1 };
const PIN = 'correct horse';
const ACCOUNT = 'profile:3d0c1e8a-6a41-4f57-9d0e-5b9f2c7a1e42';
const service = `psono-tray-test-pin-${process.pid}`;
const keychain = new KeytarKeychain(keytar, createLogger('Keychain', () => undefined), service);

const profile: StoredProfile = {
  version: 1,
  serverUrl: 'https://psono.example.com/server',
  apiKeyId: '3d0c1e8a-6a41-4f57-9d0e-5b9f2c7a1e42',
  serverSignature: 'a'.repeat(64),
  serverPublicKey: '',
  serverFingerprint: 'AB:CD',
  username: null,
  restricted: false,
  hasPin: true,
  wrappedKeys: null,
};

class Clock {
  time = 1_700_000_000_000;
  now(): number {
    return this.time;
  }
}

let userData = '';
let clock = new Clock();
const counterFile = (): string => path.join(userData, 'pin-attempts-profile_3d0c1e8a-6a41-4f57-9d0e-5b9f2c7a1e42.json');

/** A PIN lock as SessionController builds one; a new one per "start of the app". */
function appLock(scryptParams: ScryptParams | undefined = FAST): PinLock {
  return new PinLock({
    keyStore: new KeychainWrappedKeyStore(keychain, ACCOUNT, () => null),
    legacyAttempts: new LegacyAttemptFile(counterFile()),
    clock,
    ...(scryptParams ? { scryptParams } : {}),
  });
}

function secrets(): ApiKeySecrets {
  return { privateKey: SecretBytes.copyOf(randomBytes(32)), secretKey: SecretBytes.copyOf(randomBytes(32)) };
}

async function storedRecord(): Promise<PinWrappedKeys | null> {
  const text = (await keychain.load(ACCOUNT))?.wrappedKeys ?? null;
  if (text === null) {
    return null;
  }
  const wrapped = parseWrappedKeys(text);
  assert.equal(wrapped.mode, 'pin');
  return wrapped.mode === 'pin' ? wrapped : null;
}

async function storeRaw(record: Record<string, unknown>): Promise<void> {
  await keychain.save(ACCOUNT, { ...profile, wrappedKeys: JSON.stringify(record) });
}

/** A record as the version-1 format stored it: no counter inside (it was in the file). */
async function versionOneRecord(params: ScryptParams): Promise<Record<string, unknown>> {
  const { attempts: _dropped, ...rest } = await wrapWithPin(secrets(), PIN, params);
  return { ...rest, v: 1 };
}

async function wrongAttempt(lock: PinLock): Promise<number> {
  const result = await lock.unlock('not the pin');
  assert.ok(!result.ok && result.error.kind === 'wrong-pin', `expected wrong-pin, got ${JSON.stringify(result)}`);
  clock.time += 10 * 60_000;
  return result.ok || result.error.kind !== 'wrong-pin' ? -1 : result.error.attemptsLeft;
}

/** Runs `body` as a production process would: without PSONO_TRAY_TEST. */
async function asProduction<T>(body: () => Promise<T>): Promise<T> {
  const saved = process.env['PSONO_TRAY_TEST'];
  delete process.env['PSONO_TRAY_TEST'];
  try {
    return await body();
  } finally {
    if (saved !== undefined) {
      process.env['PSONO_TRAY_TEST'] = saved;
    }
  }
}

describe('PIN counter and scrypt floor (real keychain)', () => {
  beforeEach(async () => {
    userData = await mkdtemp(path.join(tmpdir(), 'psono-tray-pin-'));
    clock = new Clock();
    await keychain.save(ACCOUNT, profile);
  });
  afterEach(async () => {
    await rm(userData, { recursive: true, force: true });
  });
  after(async () => {
    await keychain.remove(ACCOUNT).catch(() => undefined);
  });

  test('deleting files in the user-data folder gives no attempts back: the counter is in the keychain item', async () => {
    assert.ok((await appLock().setup(secrets(), PIN)).ok);
    const lock = appLock();
    for (let failure = 1; failure <= 3; failure++) {
      assert.equal(await wrongAttempt(lock), MAX_PIN_FAILURES - failure);
    }
    assert.equal((await storedRecord())?.attempts?.failures, 3, 'counted in the stored record');
    // Everything main keeps outside the keychain is deleted, then the app starts again.
    await rm(userData, { recursive: true, force: true });
    assert.equal(await wrongAttempt(appLock()), MAX_PIN_FAILURES - 4);
  });

  test('a record whose counter was removed is erased, even for the right PIN', async () => {
    assert.ok((await appLock().setup(secrets(), PIN)).ok);
    await wrongAttempt(appLock());
    const { attempts: _removed, ...withoutCounter } = (await storedRecord())!;
    await storeRaw(withoutCounter);
    assert.deepEqual(await appLock().unlock(PIN), { ok: false, error: { kind: 'pin-erased' } });
    const after = await keychain.load(ACCOUNT);
    assert.equal(after?.wrappedKeys, null, 'the keys are gone; the profile stays for display');
  });

  test('a version-1 record keeps working: its file counter moves into the record at the first attempt', async () => {
    await storeRaw(await versionOneRecord(FAST));
    await writeFile(counterFile(), JSON.stringify({ failures: 3, notBefore: 0, erased: false }));
    assert.equal(await wrongAttempt(appLock()), MAX_PIN_FAILURES - 4, 'the file count carried over');
    const migrated = await storedRecord();
    assert.equal(migrated?.v, 2);
    assert.equal(migrated?.attempts?.failures, 4);
    assert.deepEqual(await readdir(userData), [], 'the counter file is removed once the record carries it');
    const opened = await appLock().unlock(PIN);
    assert.ok(opened.ok);
    assert.deepEqual((await storedRecord())?.attempts, { failures: 0, notBefore: 0 });
  });

  test('a version-1 record whose counter file was deleted is erased', async () => {
    await storeRaw(await versionOneRecord(FAST));
    assert.deepEqual(await appLock().unlock(PIN), { ok: false, error: { kind: 'pin-erased' } });
    assert.equal((await keychain.load(ACCOUNT))?.wrappedKeys, null);
  });

  test('a record below the floor is re-wrapped at N ≥ 2^17 at its next successful unlock', async () => {
    // N=2^15 is what a slow machine calibrated to before the floor; test mode may still write it.
    await storeRaw(await versionOneRecord({ N: 2 ** 15, r: 8, p: 1 }));
    await writeFile(counterFile(), JSON.stringify({ failures: 0, notBefore: 0, erased: false }));
    await asProduction(async () => {
      const lock = appLock(undefined);
      const opened = await lock.unlock(PIN);
      assert.ok(opened.ok);
      const rewrapped = (await storedRecord())!;
      assert.ok(rewrapped.kdf.N >= SCRYPT_FLOOR.N && rewrapped.kdf.r >= 8 && rewrapped.kdf.p >= 1, `stored N=2^${Math.log2(rewrapped.kdf.N)}`);
      assert.equal(rewrapped.v, 2);
      assert.deepEqual(rewrapped.attempts, { failures: 0, notBefore: 0 });
      const again = await appLock(undefined).unlock(PIN);
      assert.ok(again.ok, 'the re-wrapped record opens with the same PIN');
      assert.equal(bytesToHex(again.value.secretKey.expose()), bytesToHex(opened.value.secretKey.expose()));
      assert.equal((await storedRecord())?.kdf.salt, rewrapped.kdf.salt, 'a record at the floor is not re-wrapped again');
    });
  });

  test('production never wraps below N=2^17, r=8, p=1, whatever parameters it is handed', async () => {
    await asProduction(async () => {
      assert.deepEqual(scryptPolicy(FAST).floor, SCRYPT_FLOOR, 'injected cheap parameters are ignored outside a test run');
      await assert.rejects(wrapWithPin(secrets(), PIN, FAST), (error: unknown) => error instanceof PsonoError && error.kind === 'invalid-input');
      await assert.rejects(wrapWithPin(secrets(), PIN, { N: 2 ** 17, r: 4, p: 1 }), PsonoError);
      assert.ok((await appLock(FAST).setup(secrets(), PIN)).ok);
      const stored = (await storedRecord())!;
      assert.ok(stored.kdf.N >= 2 ** 17 && stored.kdf.r >= 8, `stored N=2^${Math.log2(stored.kdf.N)}, r=${stored.kdf.r}`);
      assert.deepEqual(calibrateScrypt({ measure: () => 10_000 }), SCRYPT_FLOOR, 'however slow the machine');
    });
    assert.deepEqual(scryptPolicy(FAST).floor, FAST, 'a test run may use cheap parameters');
  });
});
