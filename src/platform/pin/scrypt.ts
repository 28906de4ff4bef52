/**
 * PIN → wrapping key with scrypt (node:crypto). Parameters are calibrated on the user's machine at
 * setup (about 0.25 s per derivation, never below SCRYPT_FLOOR) and stored next to the wrapped
 * keys, so a later unlock uses exactly the same cost even if the machine gets faster or slower.
 */
import { scrypt, scryptSync } from 'node:crypto';

import { SecretBytes } from '../../core/sensitive';

export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

export const SCRYPT_KEY_BYTES = 32;
export const SCRYPT_SALT_BYTES = 16;
/** The least cost a new wrap may use: N=2^17, r=8, p=1 (OWASP's minimum for scrypt). */
export const SCRYPT_FLOOR: ScryptParams = Object.freeze({ N: 2 ** 17, r: 8, p: 1 });
export const MIN_SCRYPT_LOG_N = 17;
export const MAX_SCRYPT_LOG_N = 20;
/** Stored records below the floor are still opened (then re-wrapped), down to this. */
const MIN_STORED_LOG_N = 10;
/** Refuses parameters whose work (128·N·r·p bytes processed) would stall or exhaust the machine. */
const MAX_SCRYPT_WORK = 2 ** 31;
/** scrypt needs 128·N·r·p bytes; Node's default cap (32 MiB) is below N=2^16, r=8. */
function maxmemFor(params: ScryptParams): number {
  return 128 * params.N * params.r * params.p + 16 * 1024 * 1024;
}

export function isValidScryptParams(params: ScryptParams): boolean {
  const logN = Math.log2(params.N);
  return (
    Number.isInteger(logN) &&
    logN >= MIN_STORED_LOG_N &&
    logN <= MAX_SCRYPT_LOG_N &&
    Number.isInteger(params.r) &&
    params.r >= 1 &&
    params.r <= 32 &&
    Number.isInteger(params.p) &&
    params.p >= 1 &&
    params.p <= 16 &&
    128 * params.N * params.r * params.p <= MAX_SCRYPT_WORK
  );
}

/** True when every parameter is at least the floor's (default: SCRYPT_FLOOR). */
export function meetsScryptFloor(params: ScryptParams, floor: ScryptParams = SCRYPT_FLOOR): boolean {
  return params.N >= floor.N && params.r >= floor.r && params.p >= floor.p;
}

/**
 * Test runs (PSONO_TRAY_TEST=1, set by scripts/run-tests.mjs) may wrap below the floor to stay
 * fast; anywhere else a wrap below it is refused.
 */
export function cheapScryptAllowed(): boolean {
  return process.env['PSONO_TRAY_TEST'] === '1';
}

/** PINs compare after Unicode NFC, so the same passphrase typed on another keyboard layout still matches. */
export function normalizePin(pin: string): string {
  return pin.normalize('NFC');
}

/** Derives the 32-byte wrapping key. The caller owns (and wipes) the result. */
export function deriveWrappingKey(pin: string, salt: Uint8Array, params: ScryptParams): Promise<SecretBytes> {
  const pinBytes = Buffer.from(normalizePin(pin), 'utf8');
  return new Promise((resolve, reject) => {
    scrypt(pinBytes, salt, SCRYPT_KEY_BYTES, { ...params, maxmem: maxmemFor(params) }, (error, derived) => {
      pinBytes.fill(0);
      if (error) {
        reject(error);
        return;
      }
      const key = SecretBytes.copyOf(derived);
      derived.fill(0);
      resolve(key);
    });
  });
}

export interface CalibrationOptions {
  /** Desired time per derivation. */
  readonly targetMs?: number;
  /** Replaceable for tests: how long one derivation with `params` takes, in ms. */
  readonly measure?: (params: ScryptParams) => number;
}

function measureOnce(params: ScryptParams): number {
  const started = performance.now();
  scryptSync('calibration', 'calibration-salt', SCRYPT_KEY_BYTES, { ...params, maxmem: maxmemFor(params) });
  return performance.now() - started;
}

/**
 * Picks N (r=8, p=1) whose derivation takes closest to `targetMs` (in log terms), by measuring
 * N = 2^15, 2^16, … until one takes at least the target. Measured, not extrapolated: once the
 * 128·N·r bytes outgrow the CPU caches, time grows faster than N (on the dev VM 2^13 predicts
 * 2^16 at ~0.2 s, which really takes ~0.33 s). Clamped to [2^17, 2^20]: a slow machine pays more
 * than the target rather than go below the floor. Setup pays ~0.3–0.6 s once.
 */
export function calibrateScrypt(options: CalibrationOptions = {}): ScryptParams {
  const targetMs = options.targetMs ?? 250;
  const measure = options.measure ?? measureOnce;
  let best: { logN: number; distance: number } | null = null;
  for (let logN = MIN_SCRYPT_LOG_N; logN <= MAX_SCRYPT_LOG_N; logN++) {
    const ms = Math.max(0.01, measure({ N: 2 ** logN, r: 8, p: 1 }));
    const distance = Math.abs(Math.log(ms / targetMs));
    if (best === null || distance < best.distance) {
      best = { logN, distance };
    }
    if (ms >= targetMs) {
      break;
    }
  }
  return { N: 2 ** (best?.logN ?? MIN_SCRYPT_LOG_N), r: 8, p: 1 };
}
