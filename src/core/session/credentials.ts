/**
 * The six values of Psono's "API key" dialog (spec §2.1), validated. The two secret values are
 * held as `SecretBytes`; the server keys are public and stay lowercase hex text. Validation
 * errors name the dialog field and never repeat what was pasted.
 */
import { hexToBytes, KEY_BYTES } from '../crypto';
import { PsonoError } from '../errors';
import { SecretBytes } from '../sensitive';

export interface ApiKeyCredentials {
  /** Base URL without trailing slash, e.g. https://psono.example.com/server */
  readonly serverUrl: string;
  /** Lowercase UUID. */
  readonly apiKeyId: string;
  /** API_KEY_PRIVATE_KEY: the 32-byte Ed25519 seed that signs the login (spec §2.2). */
  readonly privateKey: SecretBytes;
  /** API_KEY_SECRET_KEY: the 32-byte secretbox key that unwraps the user's (or the secrets') keys. */
  readonly secretKey: SecretBytes;
  /** SERVER_SIGNATURE: the server's Ed25519 verify key, 64 lowercase hex. */
  readonly serverSignature: string;
  /** SERVER_PUBLIC_KEY: the server's long-term X25519 key, 64 lowercase hex; an optional extra pin. */
  readonly serverPublicKey: string | null;
}

/** The values as a user pastes them (any case, surrounding whitespace tolerated). */
export interface ApiKeyCredentialsInput {
  readonly serverUrl: string;
  readonly apiKeyId: string;
  readonly privateKey: string;
  readonly secretKey: string;
  readonly serverSignature: string;
  readonly serverPublicKey?: string | null;
}

/** Dialog labels, used in error messages and as `details.field`. */
export const CREDENTIAL_FIELDS = {
  serverUrl: 'SERVER_URL',
  apiKeyId: 'API_KEY_ID',
  privateKey: 'API_KEY_PRIVATE_KEY',
  secretKey: 'API_KEY_SECRET_KEY',
  serverSignature: 'SERVER_SIGNATURE',
  serverPublicKey: 'SERVER_PUBLIC_KEY',
} as const;

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HEX_KEY_PATTERN = /^[0-9a-f]{64}$/;

function invalid(field: string, problem: string): PsonoError {
  return new PsonoError('invalid-input', { field, detail: `${field} ${problem}` });
}

/** Removes whitespace a copy from a web page or e-mail tends to add (also inside, e.g. wrapped lines). */
function compact(value: unknown, field: string): string {
  if (typeof value !== 'string') {
    throw invalid(field, 'is missing.');
  }
  const compacted = value.replace(/\s+/g, '');
  if (compacted === '') {
    throw invalid(field, 'is empty.');
  }
  return compacted;
}

function hexKey(value: unknown, field: string): string {
  const hex = compact(value, field).toLowerCase();
  if (!HEX_KEY_PATTERN.test(hex)) {
    throw invalid(field, `must be ${KEY_BYTES * 2} hexadecimal characters (0-9, a-f).`);
  }
  return hex;
}

export function parseServerUrl(value: unknown): string {
  const field = CREDENTIAL_FIELDS.serverUrl;
  const text = compact(value, field);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid(field, 'is not a valid URL (expected e.g. https://psono.example.com/server).');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalid(field, 'must start with https://.');
  }
  if (url.username !== '' || url.password !== '') {
    throw invalid(field, 'must not contain a user name or password.');
  }
  if (url.search !== '' || url.hash !== '') {
    throw invalid(field, 'must not contain "?" or "#" parts.');
  }
  // Endpoint paths are appended verbatim (spec §1), so the base must not end in a slash.
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

export function parseApiKeyId(value: unknown): string {
  const field = CREDENTIAL_FIELDS.apiKeyId;
  const id = compact(value, field).toLowerCase();
  if (!UUID_PATTERN.test(id)) {
    throw invalid(field, 'must be a UUID like 6b0e7f3a-2c41-4d8e-9a57-1f2e3d4c5b6a.');
  }
  return id;
}

/**
 * Validates pasted dialog values. Throws `invalid-input` naming the first wrong field.
 * The returned secrets are fresh buffers owned by the caller (wipe with `wipeCredentials`).
 */
export function parseCredentials(input: ApiKeyCredentialsInput): ApiKeyCredentials {
  const serverUrl = parseServerUrl(input.serverUrl);
  const apiKeyId = parseApiKeyId(input.apiKeyId);
  const privateKeyHex = hexKey(input.privateKey, CREDENTIAL_FIELDS.privateKey);
  const secretKeyHex = hexKey(input.secretKey, CREDENTIAL_FIELDS.secretKey);
  const serverSignature = hexKey(input.serverSignature, CREDENTIAL_FIELDS.serverSignature);
  const publicInput = input.serverPublicKey;
  const serverPublicKey =
    publicInput === undefined || publicInput === null || publicInput.trim() === ''
      ? null
      : hexKey(publicInput, CREDENTIAL_FIELDS.serverPublicKey);

  // Both come from one server secret but are different keys (spec §2.2); equal values mean a paste into the wrong box.
  if (serverPublicKey !== null && serverPublicKey === serverSignature) {
    throw invalid(CREDENTIAL_FIELDS.serverSignature, 'and SERVER_PUBLIC_KEY are identical; one of them was pasted into the wrong field.');
  }
  if (privateKeyHex === secretKeyHex) {
    throw invalid(CREDENTIAL_FIELDS.secretKey, 'and API_KEY_PRIVATE_KEY are identical; one of them was pasted into the wrong field.');
  }
  if (serverSignature === privateKeyHex || serverSignature === secretKeyHex) {
    throw invalid(CREDENTIAL_FIELDS.serverSignature, 'equals one of the API key secrets; it must be the server signature from the dialog.');
  }

  return {
    serverUrl,
    apiKeyId,
    privateKey: new SecretBytes(hexToBytes(privateKeyHex, CREDENTIAL_FIELDS.privateKey, KEY_BYTES)),
    secretKey: new SecretBytes(hexToBytes(secretKeyHex, CREDENTIAL_FIELDS.secretKey, KEY_BYTES)),
    serverSignature,
    serverPublicKey,
  };
}

/** An independent copy whose secrets the holder may wipe without affecting the original. */
export function copyCredentials(credentials: ApiKeyCredentials): ApiKeyCredentials {
  return {
    ...credentials,
    privateKey: SecretBytes.copyOf(credentials.privateKey.expose()),
    secretKey: SecretBytes.copyOf(credentials.secretKey.expose()),
  };
}

export function wipeCredentials(credentials: ApiKeyCredentials): void {
  credentials.privateKey.wipe();
  credentials.secretKey.wipe();
}
