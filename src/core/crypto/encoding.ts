import { PsonoError } from '../errors';

/** Value of each ASCII hex digit (either case); -1 for every other byte. */
const HEX_VALUE = new Int8Array(256).fill(-1);
for (let digit = 0; digit < 16; digit++) {
  HEX_VALUE['0123456789abcdef'.charCodeAt(digit)] = digit;
  HEX_VALUE['0123456789ABCDEF'.charCodeAt(digit)] = digit;
}
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** Byte value of every two-character hex pair, indexed by the pair read as one 16-bit word; -1 if not hex. */
const HEX_PAIR_VALUE = new Int16Array(65536).fill(-1);
for (let first = 0; first < 256; first++) {
  for (let second = 0; second < 256; second++) {
    const high = HEX_VALUE[first]!;
    const low = HEX_VALUE[second]!;
    if (high >= 0 && low >= 0) {
      HEX_PAIR_VALUE[LITTLE_ENDIAN ? first | (second << 8) : (first << 8) | second] = (high << 4) | low;
    }
  }
}
const encoder = new TextEncoder();
/** Characters converted per step: small enough to stay in cache, and no megabyte temporaries. */
const HEX_CHUNK = 32 * 1024;
const hexScratch = new Uint8Array(HEX_CHUNK);
const hexScratchPairs = new Uint16Array(hexScratch.buffer);

/**
 * Decodes hex (either case). Rejects odd length, foreign characters and, when `expectedLength`
 * is given, any other byte length. `what` names the value in the error (never the value itself).
 * A 10k-item datastore is 16 MB of hex in two layers, so this is a hot path: each chunk becomes
 * ASCII bytes in a reused, 2-byte-aligned buffer and each character pair is one 16-bit table
 * lookup. On 12 MB here: 3× faster than Node's `Buffer.from(hex, 'hex')` (which does not
 * validate), 5× faster than libsodium's `from_hex` or a table lookup per character.
 */
export function hexToBytes(hex: string, what: string, expectedLength?: number): Uint8Array {
  if (typeof hex !== 'string' || hex.length % 2 !== 0) {
    throw invalidHex(what);
  }
  const bytes = new Uint8Array(hex.length / 2);
  // OR of every pair value: negative iff some pair was not two hex digits.
  let invalid = 0;
  for (let start = 0; start < hex.length && invalid >= 0; start += HEX_CHUNK) {
    const chunk = hex.length <= HEX_CHUNK ? hex : hex.slice(start, start + HEX_CHUNK);
    // A non-ASCII character needs more than one UTF-8 byte: the chunk no longer fits, or grows.
    const { read, written } = encoder.encodeInto(chunk, hexScratch);
    if (read !== chunk.length || written !== chunk.length) {
      invalid = -1;
      break;
    }
    const at = start / 2;
    for (let i = 0; i < written / 2; i++) {
      const value = HEX_PAIR_VALUE[hexScratchPairs[i]!]!;
      invalid |= value;
      bytes[at + i] = value;
    }
  }
  // The digits of key material must not linger in the scratch buffer.
  hexScratch.fill(0, 0, Math.min(hex.length, HEX_CHUNK));
  if (invalid < 0) {
    bytes.fill(0);
    throw invalidHex(what);
  }
  if (expectedLength !== undefined && bytes.length !== expectedLength) {
    throw new PsonoError('invalid-input', { detail: `${what} must be ${expectedLength * 2} hex characters.` });
  }
  return bytes;
}

function invalidHex(what: string): PsonoError {
  return new PsonoError('invalid-input', { detail: `${what} is not valid hex.` });
}

/** The two lowercase ASCII hex digits of each byte value, as char codes. */
const HEX_CODES = new Uint8Array(512);
for (let byte = 0; byte < 256; byte++) {
  HEX_CODES[byte * 2] = '0123456789abcdef'.charCodeAt(byte >> 4);
  HEX_CODES[byte * 2 + 1] = '0123456789abcdef'.charCodeAt(byte & 15);
}
const asciiDecoder = new TextDecoder();

/**
 * Writes the lowercase hex digits of `bytes` as ASCII into `out` from `offset` (2 bytes per byte).
 * For producers that assemble a byte body around megabytes of hex without making a string of it
 * (the dev server).
 */
export function writeHexDigits(bytes: Uint8Array, out: Uint8Array, offset: number): void {
  if (offset < 0 || offset + bytes.length * 2 > out.length) {
    throw new RangeError('writeHexDigits: the output is too short.');
  }
  for (let i = 0, j = offset; i < bytes.length; i++, j += 2) {
    const at = bytes[i]! << 1;
    out[j] = HEX_CODES[at]!;
    out[j + 1] = HEX_CODES[at + 1]!;
  }
}

/**
 * Lowercase hex, as every Psono producer emits. Writes ASCII digits into one buffer and decodes
 * it once: string concatenation per byte took seconds for a multi-megabyte datastore.
 */
export function bytesToHex(bytes: Uint8Array): string {
  const ascii = new Uint8Array(bytes.length * 2);
  writeHexDigits(bytes, ascii, 0);
  const hex = asciiDecoder.decode(ascii);
  // The digits of key material must not linger in a buffer the GC frees whenever it likes.
  ascii.fill(0);
  return hex;
}

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

/**
 * JSON.parse that reports `malformed-response` naming what was being read. The error carries no
 * cause: V8's SyntaxError messages quote a snippet of the text, which is often decrypted secrets.
 */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new PsonoError('malformed-response', { detail: `(${what} is not JSON)` });
  }
}

/** Below this length JSON.parse is cheap enough for the shortcut below not to matter. */
const LARGE_JSON_CHARS = 64 * 1024;
/** Only a short head (the `{` and a few small members) may precede the long value. */
const MAX_HEAD_CHARS = 4096;

/**
 * `parseJson` with a shortcut for Psono's bulky payloads, an object with one huge hex member: the
 * transport envelope's `text` (12 MB for a 10k-item datastore) and the `data` of a datastore,
 * share or secret answer (6 MB). JSON.parse scans such a string character by character, which
 * cost a tenth of a 10k unlock; here `indexOf` finds the value's end and only the rest of the
 * document goes through JSON.parse. Any other shape falls back to `parseJson`, so the result is
 * always JSON.parse's.
 */
export function parseJsonFast(text: string, what: string): unknown {
  if (text.length >= LARGE_JSON_CHARS && text.charCodeAt(0) === 123) {
    for (const field of ['text', 'data']) {
      const parsed = parseAroundLongValue(text, field);
      if (parsed !== undefined) {
        return parsed;
      }
    }
  }
  return parseJson(text, what);
}

/** The document with `field`'s long, escape-free string value cut out and put back; undefined if that does not fit. */
function parseAroundLongValue(text: string, field: string): Record<string, unknown> | undefined {
  const marker = `"${field}":"`;
  const keyAt = text.indexOf(marker);
  if (keyAt < 1 || keyAt > MAX_HEAD_CHARS) {
    return undefined;
  }
  const head = text.slice(0, keyAt);
  const before = head.charCodeAt(head.length - 1);
  // Directly after `{` or `,`, and no `{`/`[` in the head: the member is at the top level (a
  // quote inside a string in the head would be escaped, so the marker cannot start in one).
  if ((before !== 123 && before !== 44) || head.indexOf('{', 1) >= 0 || head.indexOf('[') >= 0) {
    return undefined;
  }
  const valueStart = keyAt + marker.length;
  const valueEnd = text.indexOf('"', valueStart);
  const escape = text.indexOf('\\', valueStart);
  if (valueEnd - valueStart < LARGE_JSON_CHARS / 2 || (escape >= 0 && escape < valueEnd)) {
    return undefined;
  }
  let rest: unknown;
  try {
    rest = JSON.parse(`${head}${marker}${text.slice(valueEnd)}`);
  } catch {
    return undefined;
  }
  // Not an object, or a later duplicate key replaced the value: JSON.parse decides.
  if (typeof rest !== 'object' || rest === null || Array.isArray(rest) || (rest as Record<string, unknown>)[field] !== '') {
    return undefined;
  }
  (rest as Record<string, unknown>)[field] = text.slice(valueStart, valueEnd);
  return rest as Record<string, unknown>;
}

/** Short, comparable form of a public key for messages: first and last 8 hex characters. */
export function fingerprint(publicKeyHex: string): string {
  const hex = publicKeyHex.toLowerCase();
  return hex.length <= 16 ? hex : `${hex.slice(0, 8)}…${hex.slice(-8)}`;
}
