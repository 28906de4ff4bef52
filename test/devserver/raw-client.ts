/**
 * A deliberately minimal, independent Psono client for testing the dev server over raw HTTP.
 * It uses only the NaCl primitives (src/core/crypto), never the app's session client, so the
 * server is checked against the spec rather than against the client it is meant to test.
 */
import {
  boxKeyPair,
  boxOpen,
  bytesToHex,
  keyFromHex,
  openJson,
  sealJson,
  signDetached,
  signingKeyFromSeed,
  unwrapKey,
  utf8Decode,
  utf8Encode,
  verifyDetached,
} from '../../src/core/crypto';
import type { SecretBytes } from '../../src/core/sensitive';
import type { DevServer, DevServerApiKey } from '../../devserver/index';

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
}

export async function rawFetch(url: string, init: RequestInit = {}): Promise<RawResponse> {
  const response = await fetch(url, { redirect: 'manual', ...init });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

export function jsonPost(url: string, body: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
  return rawFetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

/** A multipart/form-data body of text fields (fetch sets the boundary). */
export function formData(fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    form.append(name, value);
  }
  return form;
}

export interface LoginOptions {
  /** Default: a fixed fingerprint. null = do not send. */
  deviceFingerprint?: string | null;
  /** Default: now (ISO with Z). null = do not send. */
  deviceTime?: string | null;
  sessionDuration?: unknown;
  /** Replace the info object entirely (e.g. to omit fields). */
  infoOverride?: Record<string, unknown>;
  /** How the login body is sent. Default 'json'; 'multipart' as `curl -F` would. */
  encoding?: 'json' | 'multipart';
}

export interface RawSession {
  token: string;
  sessionKey: SecretBytes;
  loginInfo: Record<string, unknown>;
  loginInfoPlaintext: string;
  fingerprint: string | null;
  /** device_time − local time at login (0 unless the test fakes a device clock). */
  deviceOffsetMs: number;
  loginResponse: RawResponse;
}

export const FINGERPRINT = '8f4c2a9e-5d1b-4e7a-b3c6-0a9d8e7f6c5b';

/** API-key login per spec §4 with raw crypto; throws with the status/body on failure. */
export async function rawLogin(server: DevServer, key: DevServerApiKey, options: LoginOptions = {}): Promise<RawSession> {
  const pair = boxKeyPair();
  const fingerprint = options.deviceFingerprint === undefined ? FINGERPRINT : options.deviceFingerprint;
  const deviceTime = options.deviceTime === undefined ? new Date().toISOString() : options.deviceTime;
  const info: Record<string, unknown> = options.infoOverride ?? {
    api_key_id: key.apiKeyId,
    session_public_key: bytesToHex(pair.publicKey),
    device_description: 'raw test client on wörk-pc',
    ...(fingerprint === null ? {} : { device_fingerprint: fingerprint }),
    ...(deviceTime === null ? {} : { device_time: deviceTime }),
    session_duration: options.sessionDuration ?? 600,
  };
  if (options.infoOverride !== undefined && !('session_public_key' in info)) {
    info['session_public_key'] = bytesToHex(pair.publicKey);
  }
  const infoString = JSON.stringify(info);
  const signature = signDetached(utf8Encode(infoString), signingKeyFromSeed(keyFromHex(key.apiKeyPrivateKey, 'seed')).signingKey);
  const url = `${server.url}/api-key/login/`;
  const response = options.encoding === 'multipart'
    ? await rawFetch(url, { method: 'POST', body: formData({ info: infoString, signature }) })
    : await jsonPost(url, { info: infoString, signature });
  if (response.status !== 200) {
    throw new Error(`login failed: ${response.status} ${response.text}`);
  }
  const body = JSON.parse(response.text) as Record<string, string>;
  if (!verifyDetached(utf8Encode(body['login_info']!), body['login_info_signature']!, key.serverSignature)) {
    throw new Error('login_info signature does not verify');
  }
  const plaintext = utf8Decode(boxOpen(body['login_info']!, body['login_info_nonce']!, body['server_session_public_key']!, pair.secretKey, 'login info'));
  const loginInfo = JSON.parse(plaintext) as Record<string, unknown>;
  return {
    token: loginInfo['token'] as string,
    sessionKey: keyFromHex(loginInfo['session_secret_key'] as string, 'session key'),
    loginInfo,
    loginInfoPlaintext: plaintext,
    fingerprint,
    deviceOffsetMs: deviceTime === null ? 0 : Date.parse(deviceTime) - Date.now(),
    loginResponse: response,
  };
}

export interface AuthedOptions {
  /** JSON value to send encrypted. */
  body?: unknown;
  /** Raw body text sent as is (e.g. a plain JSON body). */
  rawBody?: string;
  contentType?: string | null;
  /** 'auto' (default) builds a fresh validator; a string is sent verbatim; null sends none. */
  validator?: 'auto' | string | null;
  /** Overrides the validator's claims. */
  validatorClaims?: Record<string, unknown>;
  /** Override the Authorization header (null = none). */
  authorization?: string | null;
}

export interface AuthedResponse extends RawResponse {
  /** Decrypted body when the response was an envelope. */
  json: unknown;
  encrypted: boolean;
}

export function buildValidator(session: RawSession, claims?: Record<string, unknown>): string {
  const payload = claims ?? {
    request_time: new Date(Date.now() + session.deviceOffsetMs).toISOString(),
    request_device_fingerprint: session.fingerprint,
  };
  return JSON.stringify(sealJson(payload, session.sessionKey));
}

export async function authed(server: DevServer, session: RawSession, method: string, path: string, options: AuthedOptions = {}): Promise<AuthedResponse> {
  const headers: Record<string, string> = {};
  const authorization = options.authorization === undefined ? `Token ${session.token}` : options.authorization;
  if (authorization !== null) {
    headers['Authorization'] = authorization;
  }
  const validator = options.validator === undefined ? 'auto' : options.validator;
  if (validator === 'auto') {
    headers['Authorization-Validator'] = buildValidator(session, options.validatorClaims);
  } else if (validator !== null) {
    headers['Authorization-Validator'] = validator;
  }
  let body: string | undefined;
  if (options.rawBody !== undefined) {
    body = options.rawBody;
  } else if (options.body !== undefined) {
    body = JSON.stringify(sealJson(options.body, session.sessionKey));
  }
  const contentType = options.contentType === undefined ? 'application/json' : options.contentType;
  if (body !== undefined && contentType !== null) {
    headers['Content-Type'] = contentType;
  }
  const response = await rawFetch(`${server.url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  return { ...response, ...decodeEnvelope(response.text, session.sessionKey) };
}

export function decodeEnvelope(text: string, key: SecretBytes): { json: unknown; encrypted: boolean } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { json: undefined, encrypted: false };
  }
  if (typeof parsed === 'object' && parsed !== null && 'text' in parsed && 'nonce' in parsed) {
    const envelope = parsed as { text: string; nonce: string };
    return { json: openJson(envelope.text, envelope.nonce, key, 'response'), encrypted: true };
  }
  return { json: parsed, encrypted: false };
}

/** Unwraps the user secret key from the login info (§4.4). */
export function userSecretKey(session: RawSession, key: DevServerApiKey): SecretBytes {
  const user = session.loginInfo['user'] as Record<string, string>;
  return unwrapKey(user['secret_key']!, user['secret_key_nonce']!, keyFromHex(key.apiKeySecretKey, 'api secret'), 'user secret key');
}

export { openJson, unwrapKey, keyFromHex };
