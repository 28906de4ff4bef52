/**
 * PIN / passphrase unlock with a persisted failure counter.
 *
 * - A failed attempt is counted *before* the PIN is checked, so killing the app during the
 *   derivation does not give a free guess; a success resets the counter.
 * - After a few failures each attempt must wait a growing delay; attempts during the delay are
 *   refused without running scrypt and without counting.
 * - After MAX_PIN_FAILURES failures the wrapped keys are erased: the user must paste the API key
 *   again. The counter is stored inside the wrapped record (the same keychain item), so neither
 *   a restart nor deleting a file resets it; a record whose counter is lost is erased.
 * - A record wrapped below the policy's floor (older, cheaper scrypt) is re-wrapped with the
 *   current parameters at its next successful unlock.
 * Operations are serialised, so two concurrent wrong attempts cannot both start from the same count.
 */
import { PsonoError } from '../../core/errors';
import { err, ok, type Result } from '../../core/result';
import type { LegacyAttemptSource } from './attempt-file';
import { meetsScryptFloor, type ScryptParams } from './scrypt';
import { scryptPolicy, type ScryptPolicy } from './scrypt-policy';
import {
  isPinLongEnough,
  MIN_PIN_LENGTH,
  NO_ATTEMPTS,
  openOsLoginKeys,
  parseWrappedKeys,
  serializeWrappedKeys,
  storeForOsLogin,
  unwrapWithPin,
  withAttempts,
  wrapWithPin,
  type ApiKeySecrets,
  type PinWrappedKeys,
  type WrappedKeys,
} from './wrapped-keys';

export const MAX_PIN_FAILURES = 10;

/** Where the serialized WrappedKeys live (the OS keychain in the app). */
export interface WrappedKeyStore {
  read(): Promise<string | null>;
  write(serialized: string): Promise<void>;
  erase(): Promise<void>;
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
  /** The counter file of a version-1 record, read once when such a record meets its first attempt. */
  readonly legacyAttempts?: LegacyAttemptSource;
  readonly clock?: { now(): number };
  readonly maxFailures?: number;
  /** Cheaper scrypt for tests; honoured only in a test run (see scryptPolicy). */
  readonly scryptParams?: ScryptParams;
}

export type PinMode = 'pin' | 'os-login' | 'none';

export class PinLock {
  readonly #keyStore: WrappedKeyStore;
  readonly #legacy: LegacyAttemptSource | null;
  readonly #clock: { now(): number };
  readonly #maxFailures: number;
  readonly #scrypt: ScryptPolicy;
  /** Set once this lock erased the keys after too many failures (or a lost counter). */
  #erased = false;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: PinLockOptions) {
    this.#keyStore = options.keyStore;
    this.#legacy = options.legacyAttempts ?? null;
    this.#clock = options.clock ?? Date;
    this.#maxFailures = options.maxFailures ?? MAX_PIN_FAILURES;
    this.#scrypt = scryptPolicy(options.scryptParams);
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
   * Stores the keys: wrapped under `pin`, or (pin === null) in "trust my OS login" mode, with a
   * fresh counter. The caller keeps and wipes `secrets`.
   */
  setup(secrets: ApiKeySecrets, pin: string | null): Promise<Result<void, PinFailure>> {
    return this.#serialised(async () => {
      if (pin !== null && !isPinLongEnough(pin)) {
        return err({ kind: 'pin-too-short' } as const);
      }
      const wrapped: WrappedKeys = pin === null ? storeForOsLogin(secrets) : await wrapWithPin(secrets, pin, this.#scrypt.params());
      await this.#keyStore.write(serializeWrappedKeys(wrapped));
      await this.#legacy?.remove();
      this.#erased = false;
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
  changePin(currentPin: string | null, newPin: string | null): Promise<Result<void, PinFailure>> {
    return this.#serialised(async () => {
      if (newPin !== null && !isPinLongEnough(newPin)) {
        return err({ kind: 'pin-too-short' } as const);
      }
      const opened = await this.#unlock(currentPin);
      if (!opened.ok) {
        return opened;
      }
      try {
        const wrapped = newPin === null ? storeForOsLogin(opened.value) : await wrapWithPin(opened.value, newPin, this.#scrypt.params());
        await this.#keyStore.write(serializeWrappedKeys(wrapped));
        return ok(undefined);
      } finally {
        wipeSecrets(opened.value);
      }
    });
  }

  /** Removes the stored keys (profile removal). */
  forget(): Promise<void> {
    return this.#serialised(async () => {
      await this.#keyStore.erase();
      await this.#legacy?.remove();
      this.#erased = false;
    });
  }

  async #unlock(pin: string | null): Promise<Result<ApiKeySecrets, PinFailure>> {
    const text = await this.#keyStore.read();
    if (text === null) {
      return err(this.#erased ? { kind: 'pin-erased' } : { kind: 'no-keys' });
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
    const attempts = wrapped.v === 1 ? await this.#legacy?.read() : wrapped.attempts;
    if (!attempts) {
      // The counter is gone (removed, or never migrated): the key goes with it.
      return this.#erase();
    }
    const now = this.#clock.now();
    if (now < attempts.notBefore) {
      return err({ kind: 'too-soon', retryInSeconds: Math.ceil((attempts.notBefore - now) / 1000) });
    }
    // Count first, into the record itself: an interrupted attempt stays counted.
    const failures = attempts.failures + 1;
    const delaySeconds = delayAfterFailures(failures);
    const counted = withAttempts(wrapped, { failures, notBefore: now + delaySeconds * 1000 });
    await this.#keyStore.write(serializeWrappedKeys(counted));
    if (wrapped.v === 1) {
      await this.#legacy?.remove();
    }
    let secrets: ApiKeySecrets;
    try {
      secrets = await unwrapWithPin(wrapped, pin);
    } catch (cause) {
      if (!(cause instanceof PsonoError) || cause.kind !== 'decrypt-failed') {
        return err({ kind: 'corrupt' });
      }
      if (failures >= this.#maxFailures) {
        return this.#erase();
      }
      return err({ kind: 'wrong-pin', retryInSeconds: delaySeconds, attemptsLeft: this.#maxFailures - failures });
    }
    try {
      await this.#keyStore.write(serializeWrappedKeys(await this.#succeeded(counted, secrets, pin)));
      return ok(secrets);
    } catch (cause) {
      wipeSecrets(secrets);
      throw cause;
    }
  }

  /** The record after a success: counter reset, and re-wrapped if it was below the floor. */
  async #succeeded(wrapped: PinWrappedKeys, secrets: ApiKeySecrets, pin: string): Promise<PinWrappedKeys> {
    if (meetsScryptFloor(wrapped.kdf, this.#scrypt.floor)) {
      return withAttempts(wrapped, NO_ATTEMPTS);
    }
    return wrapWithPin(secrets, pin, this.#scrypt.params());
  }

  async #erase(): Promise<Result<never, PinFailure>> {
    await this.#keyStore.erase();
    await this.#legacy?.remove();
    this.#erased = true;
    return err({ kind: 'pin-erased' });
  }

  #serialised<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(operation, operation);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}

function wipeSecrets(secrets: ApiKeySecrets): void {
  secrets.privateKey.wipe();
  secrets.secretKey.wipe();
}
