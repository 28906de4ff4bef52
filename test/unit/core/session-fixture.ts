// Shared by the session unit tests: the vector exchange as a scripted transport.
// The transport implements core's HttpTransport port with canned vector answers; it is not a fetch mock.
import assert from 'node:assert/strict';

import { hexToBytes, keyFromHex, type BoxKeyPair } from '../../../src/core/crypto';
import { PsonoError } from '../../../src/core/errors';
import type { HttpRequest, HttpResponse, HttpTransport } from '../../../src/core/http';
import { SecretBytes } from '../../../src/core/sensitive';
import { parseCredentials, type ApiKeyCredentials, type SessionDeps } from '../../../src/core/session';
import { vectors } from '../../fixtures/vectors';

export type Json = Record<string, unknown>;
export const exchange = vectors.api_key_login_exchange as Json;
export function pick(root: unknown, ...path: string[]): unknown {
  return path.reduce<unknown>((node, key) => (node as Json)[key], root);
}
export const str = (...path: string[]): string => pick(exchange, ...path) as string;
export const obj = (...path: string[]): Json => pick(exchange, ...path) as Json;

export const DEVICE_TIME_MS = Date.parse(str('step1_login_request', 'info_object', 'device_time'));
export const FINGERPRINT = str('step1_login_request', 'info_object', 'device_fingerprint');
export const DESCRIPTION = str('step1_login_request', 'info_object', 'device_description');
export const LOGIN_DATE_HEADER = new Date(DEVICE_TIME_MS).toUTCString();

export function vectorCredentials(overrides: Partial<Record<'serverSignature' | 'secretKey' | 'privateKey', string>> = {}): ApiKeyCredentials {
  return parseCredentials({
    serverUrl: str('credentials', 'server_url'),
    apiKeyId: str('credentials', 'api_key_id'),
    privateKey: overrides.privateKey ?? str('credentials', 'api_key_private_key'),
    secretKey: overrides.secretKey ?? str('credentials', 'api_key_secret_key'),
    serverSignature: overrides.serverSignature ?? str('credentials', 'server_signature'),
    serverPublicKey: str('credentials', 'server_public_key'),
  });
}

/** The vector's client session key pair, fresh each login because the session wipes it after use. */
export function vectorKeyPair(): BoxKeyPair {
  return {
    publicKey: hexToBytes(str('step1_login_request', 'client_session_public_key'), 'pk'),
    secretKey: new SecretBytes(hexToBytes(str('step1_login_request', 'client_session_private_key_TEST_ONLY'), 'sk')),
  };
}

/** A scripted answer; its body is written as text and sent as its UTF-8 bytes. */
export type Handler = (request: HttpRequest) => { readonly status: number; readonly headers: Readonly<Record<string, string>>; readonly body: string };

/** Answers by "METHOD path"; records every request. Not a fetch mock: it implements core's transport port. */
export class ScriptedTransport implements HttpTransport {
  readonly requests: HttpRequest[] = [];
  constructor(readonly routes: Map<string, Handler | Handler[]>) {}
  async send(request: HttpRequest): Promise<HttpResponse> {
    this.requests.push(request);
    const path = request.url.slice(str('credentials', 'server_url').length);
    const route = this.routes.get(`${request.method} ${path}`);
    const handler = Array.isArray(route) ? route.shift() : route;
    if (handler === undefined) {
      throw new Error(`unscripted request ${request.method} ${path}`);
    }
    const answer = handler(request);
    return { ...answer, body: new TextEncoder().encode(answer.body) };
  }
  count(method: string, path: string): number {
    return this.requests.filter((r) => r.method === method && r.url.endsWith(path)).length;
  }
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): Handler => () => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

export const infoOk = (): Handler => json(200, str('step0_info', 'response_body_text'));
export const loginOk = (bodyText = str('step2_login_response', 'response_body_text')): Handler => json(200, bodyText, { date: LOGIN_DATE_HEADER });

export function routes(extra: Array<[string, Handler | Handler[]]> = []): Map<string, Handler | Handler[]> {
  return new Map<string, Handler | Handler[]>([['GET /info/', infoOk()], ['POST /api-key/login/', loginOk()], ...extra]);
}

export function deps(transport: HttpTransport, clock: { now: number } = { now: DEVICE_TIME_MS }, extra: Partial<SessionDeps> = {}): SessionDeps {
  return {
    transport,
    clock: () => clock.now,
    deviceFingerprint: FINGERPRINT,
    deviceDescription: DESCRIPTION,
    newSessionKeyPair: vectorKeyPair,
    ...extra,
  };
}

export async function rejectsWith(promise: Promise<unknown>, kind: string): Promise<PsonoError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof PsonoError, `expected a PsonoError, got ${String(error)}`);
    assert.equal(error.kind, kind, `expected ${kind}, got ${error.kind}: ${error.message}`);
    return error;
  }
  assert.fail(`expected a ${kind} failure, but it succeeded`);
}

export function tamperHex(hex: string, index = 10): string {
  const c = hex[index] === '0' ? '1' : '0';
  return hex.slice(0, index) + c + hex.slice(index + 1);
}

export const sessionKey = (): SecretBytes => keyFromHex(str('step3_decrypted_login_info', 'parsed', 'session_secret_key'), 'session key');

