/**
 * PIN / passphrase unlock with a persisted failure counter.
 *
 * - A failed attempt is counted *before* the PIN is checked, so killing the app during the
 *   derivation does not give a free guess; a success resets the counter.
 * - After a few failures each attempt must wait a growing delay; attempts during the delay are
 *   refused without running scrypt and without counting.
 * - After MAX_PIN_FAILURES failures the wrapped keys are erased: the user must paste the API key
 *   again. The counter lives outside the keychain entry (see AttemptStore) so a restart does not
 *   reset it.
 * Operations are serialised, so two concurrent wrong attempts cannot both start from the same count.
 */
import { PsonoError } from '../../core/errors';
import { err, ok, type Result } from '../../core/result';
import { calibrateScrypt, type ScryptParams } from './scrypt';
import {
  isPinLongEnough,
  MIN_PIN_LENGTH,
  openOsLoginKeys,
  parseWrappedKeys,
  serializeWrappedKeys,
  storeForOsLogin,
  unwrapWithPin,
  wrapWithPin,
  type ApiKeySecrets,
  type WrappedKeys,
} from './wrapped-keys';

export const MAX_PIN_FAILURES = 10;

let calibrated: ScryptParams | null = null;
/** scrypt parameters for this machine (~0.25 s), measured once per process at the first setup. */
export function machineScryptParams(): ScryptParams {
  calibrated ??= calibrateScrypt();
  return calibrated;
}

/** Where the serialized WrappedKeys live (the OS keychain in the app). */
export interface WrappedKeyStore {
  read(): Promise<string | null>;
  write(serialized: string): Promise<void>;
  erase(): Promise<void>;
}

export interface AttemptState {
  /** Failed attempts since the last success. */
  readonly failures: number;
  /** Wall-clock ms before which no attempt is accepted. */
  readonly notBefore: number;
  /** True once the keys were erased after too many failures (until a new setup). */
  readonly erased: boolean;
}

export const NO_ATTEMPTS: AttemptState = { failures: 0, notBefore: 0, erased: false };

export interface AttemptStore {
  read(): Promise<AttemptState>;
  write(state: AttemptState): Promise<void>;
}

export type PinFailure =
  /** Wrong PIN; counted. `retryInSeconds` before the next attempt is accepted. */
  | { readonly kind: 'wrong-pin'; readonly retryInSeconds: number; readonly attemptsLeft: number }
  /** An attempt came before the delay ran out; not counted. */
  | { readonly kind: 'too-soon'; readonly retryInSeconds: number }
  /** Too many failures: the keys are gone; paste the API key again. */
  | { readonly kind: 'pin-erased' }
  /** The record is PIN-protected but no PIN was given. */
  | { readonly kind: 'pin-required' }
  | { readonly kind: 'pin-too-short' }
  /** Nothing stored for this profile. */
  | { readonly kind: 'no-keys' }
  /** The stored record cannot be read. */
  | { readonly kind: 'corrupt' };

export function pinFailureMessage(failure: PinFailure): string {
  switch (failure.kind) {
    case 'wrong-pin':
      return failure.attemptsLeft === 1
        ? 'One attempt left before the stored key is erased.'
        : `${failure.attemptsLeft} attempts left before the stored key is erased.`;
    case 'too-soon':
      return `Too many wrong PINs. Try again in ${failure.retryInSeconds} s.`;
    case 'pin-erased':
      return 'Too many wrong PINs: the stored API key was erased. Paste the API key again to set up this profile.';
    case 'pin-required':
      return 'Enter your PIN to unlock.';
    case 'pin-too-short':
      return `The PIN must have at least ${MIN_PIN_LENGTH} characters.`;
    case 'no-keys':
      return 'No API key is stored for this profile. Paste the API key to set it up.';
    case 'corrupt':
      return 'The stored API key cannot be read. Paste the API key again to set up this profile.';
  }
}

/** Seconds to wait after `failures` failed attempts: none for the first two, then 2, 4, … 128 s (capped at 5 min). */
export function delayAfterFailures(failures: number): number {
  if (failures < 3) {
    return 0;
  }
  return Math.min(2 ** (failures - 2), 300);
}

export interface PinLockOptions {
  readonly keyStore: WrappedKeyStore;
  readonly attemptStore: AttemptStore;
  readonly clock?: { now(): number };
  readonly maxFailures?: number;
}

export type PinMode = 'pin' | 'os-login' | 'none';

export class PinLock {
  readonly #keyStore: WrappedKeyStore;
  readonly #attempts: AttemptStore;
  readonly #clock: { now(): number };
  readonly #maxFailures: number;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: PinLockOptions) {
    this.#keyStore = options.keyStore;
    this.#attempts = options.attemptStore;
    this.#clock = options.clock ?? Date;
    this.#maxFailures = options.maxFailures ?? MAX_PIN_FAILURES;
  }

  /** What is stored: 'pin', 'os-login', or 'none' (never set up, or erased). */
  mode(): Promise<PinMode> {
    return this.#serialised(async () => {
      const text = await this.#keyStore.read();
      if (text === null) {
        return 'none';
      }
      try {
        return parseWrappedKeys(text).mode;
      } catch {
        return 'none';
      }
    });
  }

  /**
   * Stores the keys: wrapped under `pin`, or (pin === null) in "trust my OS login" mode.
   * Resets the failure counter. The caller keeps and wipes `secrets`.
   */
  setup(secrets: ApiKeySecrets, pin: string | null, params?: ScryptParams): Promise<Result<void, PinFailure>> {
    return this.#serialised(async () => {
      if (pin !== null && !isPinLongEnough(pin)) {
        return err({ kind: 'pin-too-short' } as const);
      }
      const wrapped: WrappedKeys = pin === null ? storeForOsLogin(secrets) : await wrapWithPin(secrets, pin, params ?? machineScryptParams());
      await this.#keyStore.write(serializeWrappedKeys(wrapped));
      await this.#attempts.write(NO_ATTEMPTS);
      return ok(undefined);
    });
  }

  /** Returns fresh copies of the keys (the caller wipes them) or why not. */
  unlock(pin: string | null): Promise<Result<ApiKeySecrets, PinFailure>> {
    return this.#serialised(() => this.#unlock(pin));
  }

  /**
   * Re-wraps the keys under `newPin` (or switches to OS-login mode when null). The current PIN
   * is checked exactly like an unlock, failures counted.
   */
  changePin(currentPin: string | null, newPin: string | null, params?: ScryptParams): Promise<Result<void, PinFailure>> {
    return this.#serialised(async () => {
      if (newPin !== null && !isPinLongEnough(newPin)) {
        return err({ kind: 'pin-too-short' } as const);
      }
      const opened = await this.#unlock(currentPin);
      if (!opened.ok) {
        return opened;
      }
      try {
        const wrapped = newPin === null ? storeForOsLogin(opened.value) : await wrapWithPin(opened.value, newPin, params ?? machineScryptParams());
        await this.#keyStore.write(serializeWrappedKeys(wrapped));
        return ok(undefined);
      } finally {
        opened.value.privateKey.wipe();
        opened.value.secretKey.wipe();
      }
    });
  }

  /** Removes the stored keys (profile removal). */
  forget(): Promise<void> {
    return this.#serialised(async () => {
      await this.#keyStore.erase();
      await this.#attempts.write(NO_ATTEMPTS);
    });
  }

  async #unlock(pin: string | null): Promise<Result<ApiKeySecrets, PinFailure>> {
    const attempts = await this.#attempts.read();
    const text = await this.#keyStore.read();
    if (text === null) {
      return err(attempts.erased ? { kind: 'pin-erased' } : { kind: 'no-keys' });
    }
    let wrapped: WrappedKeys;
    try {
      wrapped = parseWrappedKeys(text);
    } catch {
      return err({ kind: 'corrupt' });
    }
    if (wrapped.mode === 'os-login') {
      try {
        return ok(openOsLoginKeys(wrapped));
      } catch {
        return err({ kind: 'corrupt' });
      }
    }
    if (pin === null) {
      return err({ kind: 'pin-required' });
    }
    const now = this.#clock.now();
    if (now < attempts.notBefore) {
      return err({ kind: 'too-soon', retryInSeconds: Math.ceil((attempts.notBefore - now) / 1000) });
    }
    // Count first: an interrupted attempt stays counted.
    const failures = attempts.failures + 1;
    const delaySeconds = delayAfterFailures(failures);
    await this.#attempts.write({ failures, notBefore: now + delaySeconds * 1000, erased: false });
    try {
      const secrets = await unwrapWithPin(wrapped, pin);
      await this.#attempts.write(NO_ATTEMPTS);
      return ok(secrets);
    } catch (cause) {
      if (!(cause instanceof PsonoError) || cause.kind !== 'decrypt-failed') {
        return err({ kind: 'corrupt' });
      }
    }
    if (failures >= this.#maxFailures) {
      await this.#keyStore.erase();
      await this.#attempts.write({ failures: 0, notBefore: 0, erased: true });
      return err({ kind: 'pin-erased' });
    }
    return err({ kind: 'wrong-pin', retryInSeconds: delaySeconds, attemptsLeft: this.#maxFailures - failures });
  }

  #serialised<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(operation, operation);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
