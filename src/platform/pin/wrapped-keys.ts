/**
 * The form in which the API key's private key and secret key go into the OS keychain.
 *
 * - mode 'pin': secretbox(privateKey ‖ secretKey) under scrypt(PIN). The keychain entry alone
 *   (anyone who can read the user's keychain) cannot open it without the PIN.
 * - mode 'os-login': the two keys as hex, protected only by the OS keychain (the user explicitly
 *   chose "no PIN — trust my OS login").
 *
 * The scrypt parameters and salt travel inside the record so unlock always uses what setup used.
 * A PIN record (version 2) also carries its failed-attempt counter: the counter lives in the same
 * keychain item as the key, so it cannot be removed without removing the key, and a version-2
 * record without a valid counter is treated as erased. Version 1 (counter in a file, see
 * attempt-file.ts) is still read, and rewritten as version 2 at its first attempt.
 */
import { bytesToHex, hexToBytes, KEY_BYTES, NONCE_BYTES, randomBytes, secretboxOpen, secretboxSeal } from '../../core/crypto';
import { PsonoError } from '../../core/errors';
import { SecretBytes } from '../../core/sensitive';
import { cheapScryptAllowed, deriveWrappingKey, isValidScryptParams, meetsScryptFloor, SCRYPT_SALT_BYTES, type ScryptParams } from './scrypt';

export const WRAPPED_KEYS_FORMAT = 'psono-tray-wrapped-keys';
export const MIN_PIN_LENGTH = 6;

/** The two secret values of an API key. The holder wipes them. */
export interface ApiKeySecrets {
  readonly privateKey: SecretBytes;
  readonly secretKey: SecretBytes;
}

/** Failed PIN attempts since the last success. */
export interface PinAttempts {
  readonly failures: number;
  /** Wall-clock ms before which no attempt is accepted. */
  readonly notBefore: number;
}

export const NO_ATTEMPTS: PinAttempts = Object.freeze({ failures: 0, notBefore: 0 });

export interface PinWrappedKeys {
  readonly format: typeof WRAPPED_KEYS_FORMAT;
  /** 2: carries `attempts`; 1: its counter is in a file (read only, to migrate). */
  readonly v: 1 | 2;
  readonly mode: 'pin';
  readonly kdf: { readonly name: 'scrypt'; readonly N: number; readonly r: number; readonly p: number; readonly salt: string };
  readonly nonce: string;
  /** hex(secretbox(privateKey ‖ secretKey)) */
  readonly box: string;
  /** null for version 1, and for a version-2 record whose counter is missing or invalid. */
  readonly attempts: PinAttempts | null;
}

export interface OsLoginKeys {
  readonly format: typeof WRAPPED_KEYS_FORMAT;
  readonly v: 1;
  readonly mode: 'os-login';
  readonly privateKey: string;
  readonly secretKey: string;
}

export type WrappedKeys = PinWrappedKeys | OsLoginKeys;

/** Counts code points, so a 6-emoji PIN is 6 long, as a user would count it. */
export function pinLength(pin: string): number {
  return [...pin.normalize('NFC')].length;
}

export function isPinLongEnough(pin: string): boolean {
  return pinLength(pin) >= MIN_PIN_LENGTH;
}

export async function wrapWithPin(secrets: ApiKeySecrets, pin: string, params: ScryptParams): Promise<PinWrappedKeys> {
  if (!isPinLongEnough(pin)) {
    throw new PsonoError('invalid-input', { detail: `The PIN must have at least ${MIN_PIN_LENGTH} characters.` });
  }
  if (!isValidScryptParams(params) || !(meetsScryptFloor(params) || cheapScryptAllowed())) {
    throw new PsonoError('invalid-input', { detail: 'Unsupported scrypt parameters.' });
  }
  const salt = randomBytes(SCRYPT_SALT_BYTES);
  const wrappingKey = await deriveWrappingKey(pin, salt, params);
  const plain = new Uint8Array(2 * KEY_BYTES);
  try {
    plain.set(secrets.privateKey.expose(), 0);
    plain.set(secrets.secretKey.expose(), KEY_BYTES);
    const sealed = secretboxSeal(plain, wrappingKey);
    return {
      format: WRAPPED_KEYS_FORMAT,
      v: 2,
      mode: 'pin',
      kdf: { name: 'scrypt', N: params.N, r: params.r, p: params.p, salt: bytesToHex(salt) },
      nonce: sealed.nonce,
      box: sealed.text,
      attempts: NO_ATTEMPTS,
    };
  } finally {
    plain.fill(0);
    wrappingKey.wipe();
  }
}

/** The same wrapped keys as a version-2 record with this counter (no PIN needed). */
export function withAttempts(wrapped: PinWrappedKeys, attempts: PinAttempts): PinWrappedKeys {
  return { ...wrapped, v: 2, attempts: { failures: attempts.failures, notBefore: attempts.notBefore } };
}

export function storeForOsLogin(secrets: ApiKeySecrets): OsLoginKeys {
  return {
    format: WRAPPED_KEYS_FORMAT,
    v: 1,
    mode: 'os-login',
    privateKey: bytesToHex(secrets.privateKey.expose()),
    secretKey: bytesToHex(secrets.secretKey.expose()),
  };
}

/**
 * Opens a PIN-wrapped record. A wrong PIN (or a tampered record) is `decrypt-failed`; the caller
 * counts it as a failed attempt.
 */
export async function unwrapWithPin(wrapped: PinWrappedKeys, pin: string): Promise<ApiKeySecrets> {
  const salt = hexToBytes(wrapped.kdf.salt, 'PIN salt', SCRYPT_SALT_BYTES);
  const wrappingKey = await deriveWrappingKey(pin, salt, wrapped.kdf);
  let plain: Uint8Array | null = null;
  try {
    plain = secretboxOpen(wrapped.box, wrapped.nonce, wrappingKey, 'PIN-wrapped keys');
    if (plain.length !== 2 * KEY_BYTES) {
      throw new PsonoError('malformed-response', { detail: '(PIN-wrapped keys have the wrong length)' });
    }
    return {
      privateKey: SecretBytes.copyOf(plain.subarray(0, KEY_BYTES)),
      secretKey: SecretBytes.copyOf(plain.subarray(KEY_BYTES)),
    };
  } finally {
    plain?.fill(0);
    wrappingKey.wipe();
  }
}

export function openOsLoginKeys(stored: OsLoginKeys): ApiKeySecrets {
  return {
    privateKey: new SecretBytes(hexToBytes(stored.privateKey, 'stored private key', KEY_BYTES)),
    secretKey: new SecretBytes(hexToBytes(stored.secretKey, 'stored secret key', KEY_BYTES)),
  };
}

export function serializeWrappedKeys(wrapped: WrappedKeys): string {
  return JSON.stringify(wrapped);
}

function parseAttempts(value: unknown): PinAttempts | null {
  if (typeof value !== 'object' || value === null) {
    return null;
  }
  const { failures, notBefore } = value as Record<string, unknown>;
  const valid =
    typeof failures === 'number' && Number.isInteger(failures) && failures >= 0 && typeof notBefore === 'number' && Number.isFinite(notBefore);
  return valid ? { failures, notBefore } : null;
}

/** Parses a stored record; anything unexpected is `malformed-response` (never echoing the content). */
export function parseWrappedKeys(text: string): WrappedKeys {
  const bad = (what: string) => new PsonoError('malformed-response', { detail: `(stored unlock record: ${what})` });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw bad('not JSON');
  }
  if (typeof value !== 'object' || value === null) {
    throw bad('not an object');
  }
  const record = value as Record<string, unknown>;
  const version = record['v'];
  if (record['format'] !== WRAPPED_KEYS_FORMAT || (version !== 1 && version !== 2) || (version === 2 && record['mode'] !== 'pin')) {
    throw bad('unknown format or version');
  }
  const hex = (field: unknown, bytes: number | null, what: string): string => {
    if (typeof field !== 'string' || !/^[0-9a-f]*$/.test(field) || field.length === 0 || field.length % 2 !== 0) {
      throw bad(`${what} missing`);
    }
    if (bytes !== null && field.length !== bytes * 2) {
      throw bad(`${what} has the wrong length`);
    }
    return field;
  };
  if (record['mode'] === 'os-login') {
    return {
      format: WRAPPED_KEYS_FORMAT,
      v: 1,
      mode: 'os-login',
      privateKey: hex(record['privateKey'], KEY_BYTES, 'private key'),
      secretKey: hex(record['secretKey'], KEY_BYTES, 'secret key'),
    };
  }
  if (record['mode'] === 'pin') {
    const kdf = record['kdf'] as Record<string, unknown> | null | undefined;
    if (typeof kdf !== 'object' || kdf === null || kdf['name'] !== 'scrypt') {
      throw bad('kdf missing');
    }
    const params = { N: kdf['N'], r: kdf['r'], p: kdf['p'] };
    if (typeof params.N !== 'number' || typeof params.r !== 'number' || typeof params.p !== 'number' || !isValidScryptParams(params as ScryptParams)) {
      throw bad('kdf parameters invalid');
    }
    return {
      format: WRAPPED_KEYS_FORMAT,
      v: version,
      mode: 'pin',
      kdf: { name: 'scrypt', N: params.N, r: params.r, p: params.p, salt: hex(kdf['salt'], SCRYPT_SALT_BYTES, 'salt') },
      nonce: hex(record['nonce'], NONCE_BYTES, 'nonce'),
      // 16-byte tag + 64 bytes of keys
      box: hex(record['box'], 16 + 2 * KEY_BYTES, 'box'),
      attempts: version === 2 ? parseAttempts(record['attempts']) : null,
    };
  }
  throw bad('unknown mode');
}
