/**
 * `POST /api-key/login/` (spec §4): building the signed request and verifying, opening and
 * unwrapping the answer. Pure functions over bytes and text, so the vectors can check them
 * byte for byte; the session (session.ts) does the I/O.
 */
import {
  boxOpen,
  bytesToHex,
  fingerprint,
  hexToBytes,
  KEY_BYTES,
  parseJson,
  signDetached,
  signingKeyFromSeed,
  unwrapKey,
  utf8Decode,
  utf8Encode,
  verifyDetached,
  x25519PublicKey,
  type BoxKeyPair,
} from '../crypto';
import { PsonoError } from '../errors';
import type { HttpResponse } from '../http';
import { SecretBytes, SecretText } from '../sensitive';
import type { ApiKeyCredentials } from './credentials';
import {
  commonStatusError,
  errorMessages,
  isJsonObject,
  optionalBoolean,
  requireHex,
  requireObject,
  requireString,
  tryParseJson,
  type JsonObject,
} from './responses';

/** The maximum API-key sessions get by default (spec §4.1, §10.1); longer requests are clamped anyway. */
export const SESSION_DURATION_SECONDS = 600;
const MAX_DESCRIPTION = 256;
const MAX_FINGERPRINT = 128;

export interface LoginRequestInput {
  readonly apiKeyId: string;
  readonly privateKeySeed: SecretBytes;
  readonly sessionKeyPair: BoxKeyPair;
  readonly deviceFingerprint: string;
  readonly deviceDescription: string;
  readonly deviceTimeMs: number;
  readonly sessionDurationSeconds?: number;
}

export interface LoginRequest {
  /** The exact string that was signed and is sent (spec §4.1 step 3–5). */
  readonly infoString: string;
  readonly signature: string;
  /** The HTTP body: {"info": infoString, "signature": signature}. */
  readonly bodyText: string;
}

export function buildLoginRequest(input: LoginRequestInput): LoginRequest {
  if (input.deviceFingerprint === '' || input.deviceFingerprint.length > MAX_FINGERPRINT) {
    // Fingerprint and device time go together (spec §4.1); an empty fingerprint would silently drop device binding.
    throw new PsonoError('invalid-input', { detail: `The device fingerprint must be 1–${MAX_FINGERPRINT} characters.` });
  }
  const duration = input.sessionDurationSeconds ?? SESSION_DURATION_SECONDS;
  if (!Number.isInteger(duration) || duration <= 0) {
    throw new PsonoError('invalid-input', { detail: 'The session duration must be a positive whole number of seconds.' });
  }
  // Key order matters only for byte-exact vectors; the server verifies whatever string we send.
  const info = {
    api_key_id: input.apiKeyId,
    session_public_key: bytesToHex(input.sessionKeyPair.publicKey),
    device_description: [...input.deviceDescription].slice(0, MAX_DESCRIPTION).join(''),
    device_fingerprint: input.deviceFingerprint,
    device_time: new Date(input.deviceTimeMs).toISOString(),
    session_duration: duration,
  };
  const infoString = JSON.stringify(info);
  const signing = signingKeyFromSeed(input.privateKeySeed);
  try {
    const signature = signDetached(utf8Encode(infoString), signing.signingKey);
    return { infoString, signature, bodyText: JSON.stringify({ info: infoString, signature }) };
  } finally {
    signing.signingKey.wipe();
  }
}

/** What a login yields. All secrets are in redacting types and owned by the caller. */
export interface LoginResult {
  readonly token: SecretText;
  readonly sessionSecretKey: SecretBytes;
  /** session_valid_till as sent (server time). */
  readonly sessionValidTill: string;
  readonly flags: ApiKeyFlags;
  readonly username: string | null;
  readonly userPublicKey: string | null;
  /** null for restricted keys (the server sends no user keys). */
  readonly userSecretKey: SecretBytes | null;
  readonly userPrivateKey: SecretBytes | null;
}

export interface ApiKeyFlags {
  readonly read: boolean;
  readonly write: boolean;
  readonly restrictToSecrets: boolean;
  readonly allowInsecureAccess: boolean;
}

/** Maps a non-200 login answer (spec §4.5). */
export function loginStatusError(response: HttpResponse, nowMs: number): PsonoError {
  const body = tryParseJson(response);
  const messages = errorMessages(body);
  const common = commonStatusError(response, messages, nowMs);
  if (common) {
    return common;
  }
  const { status } = response;
  if (status === 400) {
    if (messages.includes('NO_PERMISSION_OR_NOT_EXIST')) {
      return new PsonoError('key-inactive', { status });
    }
    if (messages.includes('Signature invalid.')) {
      return new PsonoError('bad-api-key', { status, detail: 'The server rejected the login signature: API_KEY_PRIVATE_KEY (or API_KEY_ID) is wrong.' });
    }
    if (messages.includes('User account has been disabled.')) {
      return new PsonoError('key-inactive', { status, detail: 'The account that owns this key has been disabled.' });
    }
    if (messages.includes('E-mail is not yet verified.')) {
      return new PsonoError('key-inactive', { status, detail: "The e-mail address of the key's owner is not verified yet." });
    }
    // Django's own text for the id in the signed info; the code is what 7.x UUID fields answer.
    if (messages.includes('IS_NOT_A_VALID_UUID') || messages.some((message) => message.endsWith('is not a valid UUID.'))) {
      return new PsonoError('invalid-input', { status, field: 'API_KEY_ID', detail: 'The server says API_KEY_ID is not a valid UUID.' });
    }
  }
  if (status === 404) {
    return new PsonoError('not-found', { status, detail: 'This server has no API-key login (POST /api-key/login/ was not found); check the server URL.' });
  }
  return new PsonoError('malformed-response', { status, detail: `(the login answered HTTP ${status})` });
}

/**
 * Verifies and opens a 200 login answer (spec §4.3–4.4), in the spec's order: signature over the
 * login_info hex text with the pinned key → box-open with the per-login server key → parse →
 * unwrap the user keys with API_KEY_SECRET_KEY. Does not wipe `sessionSecretKey`; the caller does.
 */
export function openLoginResponse(
  bodyText: string,
  credentials: Pick<ApiKeyCredentials, 'serverSignature' | 'secretKey'>,
  sessionSecretKey: SecretBytes,
): LoginResult {
  const body = requireObject(parseJson(bodyText, 'login response'), 'login response');
  const loginInfoHex = requireHex(body, 'login_info', 'login response');
  const signature = requireHex(body, 'login_info_signature', 'login response', 64);
  const nonce = requireHex(body, 'login_info_nonce', 'login response', 24);
  const serverSessionPublicKey = requireHex(body, 'server_session_public_key', 'login response', KEY_BYTES);

  // The signature covers the ASCII hex text exactly as received (spec §4.3 step 1, §14 item 3).
  if (!verifyDetached(utf8Encode(loginInfoHex), signature, credentials.serverSignature)) {
    throw new PsonoError('server-identity-mismatch', {
      detail: `The login answer is not signed by the configured server key (${fingerprint(credentials.serverSignature)}); it was altered or comes from another server.`,
    });
  }

  // Nonce and per-login public key are not covered by the signature; tampering with them fails here.
  const plain = boxOpen(loginInfoHex, nonce, serverSessionPublicKey, sessionSecretKey, 'login info');
  let info: JsonObject;
  try {
    info = requireObject(parseJson(utf8Decode(plain, 'login info'), 'login info'), 'login info');
  } finally {
    plain.fill(0);
  }
  return readLoginInfo(info, credentials.secretKey);
}

function readLoginInfo(info: JsonObject, apiKeySecretKey: SecretBytes): LoginResult {
  const tokenText = requireString(info, 'token', 'login info');
  if (!/^[0-9a-zA-Z]{16,1024}$/.test(tokenText)) {
    throw new PsonoError('malformed-response', { detail: '(login info: the token has an unexpected form)' });
  }
  const sessionValidTill = requireString(info, 'session_valid_till', 'login info');
  const sessionKeyHex = requireHex(info, 'session_secret_key', 'login info', KEY_BYTES);
  const flags: ApiKeyFlags = {
    read: optionalBoolean(info, 'api_key_read', true),
    write: optionalBoolean(info, 'api_key_write', false),
    restrictToSecrets: optionalBoolean(info, 'api_key_restrict_to_secrets', false),
    allowInsecureAccess: optionalBoolean(info, 'api_key_allow_insecure_access', false),
  };
  const user = isJsonObject(info['user']) ? info['user'] : {};
  const username = typeof user['username'] === 'string' ? user['username'] : null;
  const userPublicKey = typeof user['public_key'] === 'string' ? user['public_key'].toLowerCase() : null;

  let userSecretKey: SecretBytes | null = null;
  let userPrivateKey: SecretBytes | null = null;
  if (!flags.restrictToSecrets) {
    userSecretKey = unwrapUserKey(user, 'secret_key', apiKeySecretKey);
    try {
      userPrivateKey = unwrapUserKey(user, 'private_key', apiKeySecretKey);
      if (userPublicKey === null || bytesToHex(x25519PublicKey(userPrivateKey)) !== userPublicKey) {
        throw new PsonoError('malformed-response', { detail: "(login info: the user's private key does not match its public key)" });
      }
    } catch (error) {
      userSecretKey.wipe();
      userPrivateKey?.wipe();
      throw error;
    }
  }

  return {
    token: new SecretText(tokenText),
    sessionSecretKey: new SecretBytes(hexToBytes(sessionKeyHex, 'session secret key', KEY_BYTES)),
    sessionValidTill,
    flags,
    username,
    userPublicKey,
    userSecretKey,
    userPrivateKey,
  };
}

function unwrapUserKey(user: JsonObject, field: 'secret_key' | 'private_key', apiKeySecretKey: SecretBytes): SecretBytes {
  const text = requireHex(user, field, 'login info user', undefined);
  const nonce = requireHex(user, `${field}_nonce`, 'login info user', 24);
  try {
    return unwrapKey(text, nonce, apiKeySecretKey, `user ${field.replace('_', ' ')}`);
  } catch (error) {
    // The server signed this answer, so a failed unwrap means our API_KEY_SECRET_KEY is not the key's secret.
    if (error instanceof PsonoError && error.kind === 'decrypt-failed') {
      throw new PsonoError('bad-api-key', { field: 'API_KEY_SECRET_KEY', detail: 'API_KEY_SECRET_KEY does not unlock the user keys; it is probably mistyped.' }, { cause: error });
    }
    throw error;
  }
}

/** The HTTP Date header has whole seconds; assume the worst case so the local expiry is never late. */
const DATE_HEADER_RESOLUTION_MS = 1_000;

/**
 * Remaining session time measured from when we sent the login (spec §10.3): the server's
 * `valid_till − Date` is independent of our clock. Without a Date header, trust valid_till on
 * our clock but never beyond what we asked for.
 *
 * Behind nginx the Date header is the proxy's clock, not Psono's. Psono never grants more than
 * was requested, so the Date-based lifetime is capped at that; and a session already over by
 * the Date header means the two clocks disagree — trusting it would log in before every request
 * (and hit the login limit), so the local clock decides then. Erring long costs one 401 retry.
 */
export function sessionLifetimeMs(validTill: number, dateHeader: string | undefined, sentAt: number, requestedMs: number): number {
  const serverDate = dateHeader === undefined ? Number.NaN : Date.parse(dateHeader);
  if (!Number.isNaN(serverDate)) {
    const byDateHeader = validTill - serverDate - DATE_HEADER_RESOLUTION_MS;
    if (byDateHeader > 0) {
      return Math.min(byDateHeader, requestedMs);
    }
  }
  return Math.min(validTill - sentAt, requestedMs);
}

/** `held` if `fresh` has the same bytes (then `fresh` is wiped), else `fresh` (then `held` is wiped). */
export function keepIfSame(held: SecretBytes | null, fresh: SecretBytes | null): SecretBytes | null {
  if (fresh !== null && held !== null && !held.wiped && sameBytes(fresh, held)) {
    fresh.wipe();
    return held;
  }
  held?.wipe();
  return fresh;
}

function sameBytes(a: SecretBytes, b: SecretBytes): boolean {
  const left = a.expose();
  const right = b.expose();
  if (left.length !== right.length) {
    return false;
  }
  let difference = 0;
  for (let i = 0; i < left.length; i++) {
    difference |= left[i]! ^ right[i]!;
  }
  return difference === 0;
}
