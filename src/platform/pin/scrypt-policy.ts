/**
 * Which scrypt parameters a PIN lock wraps with, and below which a stored record is re-wrapped.
 * Production: calibrated on this machine, never below SCRYPT_FLOOR. Tests may inject cheaper
 * parameters, honoured only in a test run (see cheapScryptAllowed).
 */
import { calibrateScrypt, cheapScryptAllowed, isValidScryptParams, SCRYPT_FLOOR, type ScryptParams } from './scrypt';

export interface ScryptPolicy {
  /** Parameters for a new wrap. */
  params(): ScryptParams;
  /** A stored record below this is re-wrapped at its next successful unlock. */
  readonly floor: ScryptParams;
}

let calibrated: ScryptParams | null = null;
/** scrypt parameters for this machine (~0.25 s, at least SCRYPT_FLOOR), measured once per process. */
export function machineScryptParams(): ScryptParams {
  calibrated ??= calibrateScrypt();
  return calibrated;
}

const PRODUCTION: ScryptPolicy = { params: machineScryptParams, floor: SCRYPT_FLOOR };

/** The production policy, or — in a test run only — `testParams` as both the cost and the floor. */
export function scryptPolicy(testParams?: ScryptParams): ScryptPolicy {
  if (testParams !== undefined && cheapScryptAllowed() && isValidScryptParams(testParams)) {
    return { params: () => testParams, floor: testParams };
  }
  return PRODUCTION;
}
