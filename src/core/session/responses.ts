/**
 * Turning HTTP responses into values or `PsonoError`s (spec §4.5, §5.4, §5.5, §6, §10.2, §10.5).
 * Error details copy only fixed text, status codes and the server's upper-case error codes —
 * never free text from a body, which could echo something we sent.
 */
import { parseJsonFast } from '../crypto';
import { PsonoError } from '../errors';
import { responseText, type HttpResponse } from '../http';

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The JSON of a body, or undefined for an empty one (a literal `null` is not empty): for a
 * successful authenticated answer, normally the transport envelope.
 */
export function parseBody(response: HttpResponse, what: string): unknown {
  const text = responseText(response);
  return text.trim() === '' ? undefined : parseJsonFast(text, what);
}

/** Parses a body that may be JSON or anything else (HTML error pages); undefined when it is not JSON. */
export function tryParseJson(response: HttpResponse): unknown {
  const text = responseText(response);
  if (text.trim() === '') {
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function requireObject(value: unknown, what: string): JsonObject {
  if (!isJsonObject(value)) {
    throw new PsonoError('malformed-response', { detail: `(${what} is not a JSON object)` });
  }
  return value;
}

export function requireString(object: JsonObject, key: string, what: string): string {
  const value = object[key];
  if (typeof value !== 'string') {
    throw new PsonoError('malformed-response', { detail: `(${what}: "${key}" is missing)` });
  }
  return value;
}

const HEX_PATTERN = /^(?:[0-9a-fA-F]{2})+$/;

/** A hex field of an exact byte length (or any non-empty even length when `bytes` is omitted). */
export function requireHex(object: JsonObject, key: string, what: string, bytes?: number): string {
  const value = requireString(object, key, what);
  if (!HEX_PATTERN.test(value) || (bytes !== undefined && value.length !== bytes * 2)) {
    throw new PsonoError('malformed-response', { detail: `(${what}: "${key}" is not ${bytes === undefined ? 'hex' : `${bytes * 2} hex characters`})` });
  }
  return value;
}

export function optionalBoolean(object: JsonObject, key: string, fallback: boolean): boolean {
  const value = object[key];
  return typeof value === 'boolean' ? value : fallback;
}

/** Every message string in a DRF error body: `{"detail": "…"}`, `{"non_field_errors": ["…"]}`, `{"message": "…"}`, `{"field": ["…"]}`. */
export function errorMessages(body: unknown): string[] {
  const found: string[] = [];
  const visit = (value: unknown, depth: number): void => {
    if (depth > 3) {
      return;
    }
    if (typeof value === 'string') {
      found.push(value);
    } else if (Array.isArray(value)) {
      value.forEach((item) => visit(item, depth + 1));
    } else if (isJsonObject(value)) {
      Object.values(value).forEach((item) => visit(item, depth + 1));
    }
  };
  visit(body, 0);
  return found;
}

/** Upper-case codes like MAINTENANCE_MODE_ACTIVE are safe to show; free text is not copied. */
function safeCode(messages: readonly string[]): string | undefined {
  return messages.find((message) => /^[A-Z][A-Z0-9_]{2,63}$/.test(message));
}

const NOT_FOUND_CODES = new Set(['NO_PERMISSION_OR_NOT_EXIST', 'SHARE_ID_MALFORMED', 'SECRET_ID_MALFORMED', 'DATASTORE_ID_MALFORMED', 'DATASTORE_DOES_NOT_EXIST']);
/** The same refusal from servers older than those codes (spec §13: older servers must work); matched, never copied. */
const LEGACY_NOT_FOUND_TEXTS = ["You don't have permission to access or it does not exist.", "The share does not exist or you don't have read permissions"];

/** Seconds to wait, from `Retry-After` (seconds or HTTP date) or DRF's "Expected available in N seconds." */
export function retryAfterSeconds(response: HttpResponse, messages: readonly string[], nowMs: number): number | undefined {
  const header = response.headers['retry-after']?.trim();
  if (header !== undefined && header !== '') {
    if (/^\d+$/.test(header)) {
      return Number.parseInt(header, 10);
    }
    const date = Date.parse(header);
    if (!Number.isNaN(date)) {
      return Math.max(0, Math.ceil((date - nowMs) / 1000));
    }
  }
  for (const message of messages) {
    const match = /available in (\d+) seconds?/i.exec(message);
    if (match?.[1] !== undefined) {
      return Number.parseInt(match[1], 10);
    }
  }
  return undefined;
}

/** Failures every endpoint shares: maintenance, throttling, server errors, redirects. Undefined for other statuses. */
export function commonStatusError(response: HttpResponse, messages: readonly string[], nowMs: number): PsonoError | undefined {
  const { status } = response;
  if (status === 423) {
    const code = safeCode(messages);
    return new PsonoError('server-maintenance', code === undefined ? { status } : { status, detail: `(${code})` });
  }
  if (status === 429) {
    const seconds = retryAfterSeconds(response, messages, nowMs);
    return new PsonoError('rate-limited', seconds === undefined ? { status } : { status, retryAfterSeconds: seconds });
  }
  if (status >= 500) {
    return new PsonoError('server-error', { status, detail: `(HTTP ${status})` });
  }
  if (status >= 300 && status < 400) {
    return new PsonoError('malformed-response', {
      status,
      detail: `The server answered with a redirect (HTTP ${status}); check the server URL (https, and the path such as /server).`,
    });
  }
  return undefined;
}

/**
 * Errors of authenticated endpoints after the body has been decrypted (spec §5.5, §6). 401 is
 * handled by the session (re-login), not here. `granted` = the key's flags from the login info.
 */
export function authenticatedStatusError(
  response: HttpResponse,
  method: string,
  body: unknown,
  nowMs: number,
  granted?: { readonly read: boolean; readonly write: boolean },
): PsonoError {
  const messages = errorMessages(body);
  const common = commonStatusError(response, messages, nowMs);
  if (common) {
    return common;
  }
  const { status } = response;
  const code = safeCode(messages);
  const refusedObject =
    (code !== undefined && NOT_FOUND_CODES.has(code)) || messages.some((message) => LEGACY_NOT_FOUND_TEXTS.includes(message));
  if (status === 404 || ((status === 400 || status === 403) && refusedObject)) {
    return new PsonoError('not-found', code === undefined ? { status } : { status, detail: `(${code})` });
  }
  if (status === 403) {
    const kind = method === 'GET' ? 'read-not-allowed' : 'write-not-allowed';
    if (messages.some((message) => message.startsWith('You do not have permission'))) {
      const keyMay = method === 'GET' ? granted?.read : granted?.write;
      // The same answer as a missing key flag, but the key has the flag (the server copies it into
      // the session at login): on 7.x servers that is the password-change gate (spec §5.5).
      return keyMay === true ? new PsonoError('password-change-required', { status }) : new PsonoError(kind, { status });
    }
    return new PsonoError(kind, {
      status,
      detail: code === undefined ? 'The server refused the request (HTTP 403).' : `The server refused the request (${code}).`,
    });
  }
  // 7.x answers field errors with codes (IS_NOT_A_VALID_UUID, IS_NOT_A_VALID_BOOLEAN, NO_VALID_HEX,
  // WRITE_DATE_MISMATCH, …); 3.5 with English text, which is not copied.
  if (status === 400 || status === 405 || status === 409 || status === 415) {
    return new PsonoError('invalid-input', {
      status,
      detail: code === undefined ? `The server rejected the request (HTTP ${status}).` : `The server rejected the request (${code}).`,
    });
  }
  return new PsonoError('malformed-response', { status, detail: `(unexpected HTTP ${status})` });
}

/**
 * Server timestamps are Python isoformat with microseconds (spec §1); trim to milliseconds so
 * `Date.parse` accepts them everywhere. Returns NaN when unparsable.
 */
export function parseServerTime(text: string): number {
  const trimmed = text.trim().replace(/(\.\d{3})\d+/, '$1');
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(trimmed)) {
    return Number.NaN;
  }
  // The server always sends an offset; should one be missing, read it as UTC rather than local time.
  const zoned = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(trimmed) ? trimmed : `${trimmed}Z`;
  return Date.parse(zoned);
}

/** A 401 that survived one renewal (spec §10.2). */
export function unauthorizedError(detail: string): PsonoError {
  if (detail.startsWith('Replay Protection')) {
    return new PsonoError('clock-skew', { status: 401 });
  }
  if (detail.startsWith('Device Fingerprint Protection')) {
    return new PsonoError('session-expired', { status: 401, detail: 'The server ended it because the device check failed.' });
  }
  return new PsonoError('session-expired', { status: 401 });
}
