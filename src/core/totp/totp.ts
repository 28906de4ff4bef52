/**
 * TOTP (RFC 6238 over RFC 4226) as Psono stores it (spec §9): the `…_totp_code` field holds the
 * base32 *secret*, with optional period / algorithm / digits that may be numbers or numeric strings.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';

import { PsonoError } from '../errors';

// SHA-1 only as HMAC-SHA1 for HOTP/TOTP (RFC 4226), where collisions do not matter.
const HASHES = { SHA1: sha1, SHA256: sha256, SHA512: sha512 } as const;

export type HashAlgorithm = keyof typeof HASHES;

export interface TotpParams {
  /** The shared secret, base32 as the user typed it (normalised on use). */
  readonly secret: string;
  readonly algorithm: HashAlgorithm;
  readonly digits: number;
  readonly period: number;
}

export interface TotpCode {
  readonly code: string;
  /** Whole seconds until this code stops being valid (1..period). */
  readonly secondsRemaining: number;
  readonly period: number;
}

/** What an entry may carry; every part except the secret is optional and may be a string. */
export interface RawTotpFields {
  readonly secret: unknown;
  readonly algorithm?: unknown;
  readonly digits?: unknown;
  readonly period?: unknown;
}

export const TOTP_DEFAULTS = { algorithm: 'SHA1', digits: 6, period: 30 } as const;

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function invalid(detail: string): PsonoError {
  return new PsonoError('invalid-input', { detail });
}

/**
 * RFC 4648 base32, leniently: spaces, dashes and trailing `=` are removed, lowercase is accepted.
 * Any other foreign character is an error (the message never echoes the secret).
 */
export function decodeBase32(text: string): Uint8Array {
  const clean = text.replace(/[\s-]/g, '').toUpperCase().replace(/=+$/, '');
  if (clean.length === 0) {
    throw invalid('The TOTP secret is empty.');
  }
  const out = new Uint8Array(Math.floor((clean.length * 5) / 8));
  let buffer = 0;
  let bits = 0;
  let index = 0;
  for (const char of clean) {
    const value = BASE32_ALPHABET.indexOf(char);
    if (value < 0) {
      throw invalid('The TOTP secret is not valid base32 (allowed: A–Z, 2–7, spaces, dashes).');
    }
    buffer = ((buffer << 5) | value) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[index++] = (buffer >> bits) & 0xff;
    }
  }
  return out;
}

function parseAlgorithm(value: unknown): HashAlgorithm {
  if (value === undefined || value === null || value === '') {
    return TOTP_DEFAULTS.algorithm;
  }
  const name = String(value).toUpperCase().replace(/[-_\s]/g, '');
  if (name === 'SHA1' || name === 'SHA256' || name === 'SHA512') {
    return name;
  }
  throw invalid('The TOTP algorithm must be SHA1, SHA256 or SHA512.');
}

function parsePositiveInteger(value: unknown, fallback: number, what: string, max: number): number {
  if (value === undefined || value === null || value === '') {
    return fallback;
  }
  const number = typeof value === 'number' ? value : Number(String(value).trim());
  if (!Number.isInteger(number) || number < 1 || number > max) {
    throw invalid(`The TOTP ${what} must be a whole number from 1 to ${max}.`);
  }
  return number;
}

/**
 * Builds validated parameters from stored fields. If the secret field holds an `otpauth://` URI
 * (some importers store that), its parameters take precedence over the separate fields.
 */
export function totpParams(fields: RawTotpFields): TotpParams {
  if (typeof fields.secret !== 'string' || fields.secret.trim() === '') {
    throw invalid('The entry has no TOTP secret.');
  }
  const secret = fields.secret.trim();
  if (/^otpauth:\/\//i.test(secret)) {
    const fromUri = parseOtpauthUri(secret);
    return totpParams({
      secret: fromUri.secret,
      algorithm: fromUri.algorithm ?? fields.algorithm,
      digits: fromUri.digits ?? fields.digits,
      period: fromUri.period ?? fields.period,
    });
  }
  const params: TotpParams = {
    secret,
    algorithm: parseAlgorithm(fields.algorithm),
    // 10 digits is the most a 31-bit truncated value can fill.
    digits: parsePositiveInteger(fields.digits, TOTP_DEFAULTS.digits, 'digit count', 10),
    period: parsePositiveInteger(fields.period, TOTP_DEFAULTS.period, 'period', 86400),
  };
  decodeBase32(secret).fill(0); // validate early so a bad secret fails at parse time
  return params;
}

export interface OtpauthParts {
  readonly secret: string;
  readonly algorithm?: string;
  readonly digits?: string;
  readonly period?: string;
  readonly label?: string;
  readonly issuer?: string;
}

/** `otpauth://totp/Label?secret=…&algorithm=…&digits=…&period=…&issuer=…` (Key Uri Format). */
export function parseOtpauthUri(uri: string): OtpauthParts {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw invalid('The otpauth URI is malformed.');
  }
  if (url.protocol.toLowerCase() !== 'otpauth:' || url.hostname.toLowerCase() !== 'totp') {
    throw invalid('Only otpauth://totp/ URIs are supported.');
  }
  const query = url.searchParams;
  const secret = query.get('secret');
  if (!secret) {
    throw invalid('The otpauth URI has no secret.');
  }
  const label = decodeURIComponent(url.pathname.replace(/^\//, ''));
  const parts: { -readonly [K in keyof OtpauthParts]: OtpauthParts[K] } = { secret };
  const algorithm = query.get('algorithm');
  const digits = query.get('digits');
  const period = query.get('period');
  const issuer = query.get('issuer');
  if (algorithm) {
    parts.algorithm = algorithm;
  }
  if (digits) {
    parts.digits = digits;
  }
  if (period) {
    parts.period = period;
  }
  if (label) {
    parts.label = label;
  }
  if (issuer) {
    parts.issuer = issuer;
  }
  return parts;
}

/** HOTP value (RFC 4226 §5.3) for an integer counter. */
export function hotp(key: Uint8Array, counter: number, digits: number, algorithm: HashAlgorithm): string {
  const message = new Uint8Array(8);
  const view = new DataView(message.buffer);
  view.setUint32(0, Math.floor(counter / 0x100000000));
  view.setUint32(4, counter >>> 0);
  const mac = hmac(HASHES[algorithm], key, message);
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  mac.fill(0);
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The code valid at `nowMs` (milliseconds since the epoch) and how long it stays valid. */
export function totpCode(params: TotpParams, nowMs: number): TotpCode {
  const seconds = Math.floor(nowMs / 1000);
  const key = decodeBase32(params.secret);
  try {
    const code = hotp(key, Math.floor(seconds / params.period), params.digits, params.algorithm);
    return { code, secondsRemaining: params.period - (seconds % params.period), period: params.period };
  } finally {
    key.fill(0);
  }
}
