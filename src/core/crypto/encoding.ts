import { PsonoError } from '../errors';

const HEX_PATTERN = /^(?:[0-9a-fA-F]{2})*$/;

/**
 * Decodes hex (either case). Rejects odd length, foreign characters and, when `expectedLength`
 * is given, any other byte length. `what` names the value in the error (never the value itself).
 */
export function hexToBytes(hex: string, what: string, expectedLength?: number): Uint8Array {
  if (typeof hex !== 'string' || !HEX_PATTERN.test(hex)) {
    throw new PsonoError('invalid-input', { detail: `${what} is not valid hex.` });
  }
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) {
    bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  }
  if (expectedLength !== undefined && bytes.length !== expectedLength) {
    throw new PsonoError('invalid-input', { detail: `${what} must be ${expectedLength * 2} hex characters.` });
  }
  return bytes;
}

const HEX_DIGITS = '0123456789abcdef';

/** Lowercase hex, as every Psono producer emits. */
export function bytesToHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) {
    out += HEX_DIGITS[byte >> 4]! + HEX_DIGITS[byte & 15]!;
  }
  return out;
}

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function utf8Encode(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Strict UTF-8: invalid sequences are an error, not replacement characters. */
export function utf8Decode(bytes: Uint8Array, what = 'data'): string {
  try {
    return strictDecoder.decode(bytes);
  } catch (cause) {
    throw new PsonoError('malformed-response', { detail: `${what} is not valid UTF-8.` }, { cause });
  }
}

/** Short, comparable form of a public key for messages: first and last 8 hex characters. */
export function fingerprint(publicKeyHex: string): string {
  const hex = publicKeyHex.toLowerCase();
  return hex.length <= 16 ? hex : `${hex.slice(0, 8)}…${hex.slice(-8)}`;
}
