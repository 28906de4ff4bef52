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
 * ASCII hex digits kept as bytes. A datastore arrives as megabytes of hex inside a JSON answer;
 * turning those bytes into a JS string (UTF-8 decoding) and back cost more than decrypting them,
 * so `parseJsonBytes` cuts such a value out of the raw body as an `AsciiHex` instead. Every
 * function that takes hex ciphertext (`HexText`) accepts either form.
 */
export class AsciiHex {
  /** The digits, possibly in several pieces (a body as it came off the socket). */
  readonly #parts: readonly Uint8Array[];
  readonly length: number;

  constructor(digits: Uint8Array | readonly Uint8Array[]) {
    this.#parts = digits instanceof Uint8Array ? [digits] : digits;
    this.length = totalLength(this.#parts);
  }

  /** The digits in one array: the array itself if there is one piece, else a joined copy. */
  bytes(): Uint8Array {
    return this.#parts.length === 1 ? this.#parts[0]! : joinRange(this.#parts, 0, this.length);
  }

  /** The digits as the pieces they sit in (views, no copy). */
  pieces(): readonly Uint8Array[] {
    return this.#parts;
  }

  /** Copies digits [start, end) to `target` from index 0, across pieces. */
  copyInto(target: Uint8Array, start: number, end: number): void {
    copyRange(this.#parts, start, end, target);
  }

  /** The same text as a string, for callers that need one (slow for megabytes; not on the unlock path). */
  toString(): string {
    return asciiDecoder.decode(this.bytes());
  }

  toJSON(): string {
    return this.toString();
  }
}

/** Value of the hex digit with this character code (either case), or -1 for any other character. */
export function hexDigitValue(code: number): number {
  return code < 256 ? HEX_VALUE[code]! : -1;
}

/** Bytes in all of `parts` together. */
export function totalLength(parts: readonly Uint8Array[]): number {
  let length = 0;
  for (const part of parts) {
    length += part.length;
  }
  return length;
}

/** Copies bytes [start, end) of the pieces, read as one sequence, into `target` from index 0. */
function copyRange(parts: readonly Uint8Array[], start: number, end: number, target: Uint8Array): void {
  let at = 0;
  for (const view of viewRange(parts, start, end)) {
    target.set(view, at);
    at += view.length;
  }
}

function joinRange(parts: readonly Uint8Array[], start: number, end: number): Uint8Array {
  const joined = new Uint8Array(end - start);
  copyRange(parts, start, end, joined);
  return joined;
}

/** Views of bytes [start, end) of the pieces, read as one sequence (no copy). */
function viewRange(parts: readonly Uint8Array[], start: number, end: number): Uint8Array[] {
  const views: Uint8Array[] = [];
  let base = 0;
  for (const part of parts) {
    const partEnd = base + part.length;
    if (partEnd > start && base < end) {
      views.push(part.subarray(Math.max(start, base) - base, Math.min(end, partEnd) - base));
    }
    if (partEnd >= end) {
      break;
    }
    base = partEnd;
  }
  return views;
}

/** Position of byte `code` at or after `from` in the pieces read as one sequence, or -1. */
function indexOfByte(parts: readonly Uint8Array[], code: number, from: number): number {
  let base = 0;
  for (const part of parts) {
    const partEnd = base + part.length;
    if (partEnd > from) {
      const at = part.indexOf(code, Math.max(0, from - base));
      if (at >= 0) {
        return base + at;
      }
    }
    base = partEnd;
  }
  return -1;
}

/** Hex ciphertext as it comes out of a parsed answer: a string, or digits cut out of the raw bytes. */
export type HexText = string | AsciiHex;

export function isHexText(value: unknown): value is HexText {
  return typeof value === 'string' || value instanceof AsciiHex;
}

/**
 * Decodes hex (either case). Rejects odd length, foreign characters and, when `expectedLength`
 * is given, any other byte length. `what` names the value in the error (never the value itself).
 * Datastores arrive as megabytes of hex (twice, inside the transport envelope), so this is a hot
 * path: each chunk becomes ASCII bytes in a reused, 2-byte-aligned buffer (encodeInto for a string,
 * a copy for `AsciiHex`), so a 60 MB payload allocates nothing but the result; then each character
 * pair is one 16-bit table lookup — no per-byte slice/parseInt, no validating regex.
 */
export function hexToBytes(hex: HexText, what: string, expectedLength?: number): Uint8Array {
  if ((typeof hex !== 'string' && !(hex instanceof AsciiHex)) || hex.length % 2 !== 0) {
    throw invalidHex(what);
  }
  const bytes = new Uint8Array(hex.length / 2);
  if (!decodeHexInto(hex, bytes, 0)) {
    bytes.fill(0);
    throw invalidHex(what);
  }
  if (expectedLength !== undefined && bytes.length !== expectedLength) {
    throw new PsonoError('invalid-input', { detail: `${what} must be ${expectedLength * 2} hex characters.` });
  }
  return bytes;
}

/**
 * Decodes even-length hex into `out` from `offset` (hex.length / 2 bytes). False when a character
 * is not a hex digit; `out` then holds partial garbage the caller must discard. The decrypting
 * path uses it to decode straight into libsodium's memory.
 */
export function decodeHexInto(hex: HexText, out: Uint8Array, offset: number): boolean {
  if (hex.length % 2 !== 0 || offset < 0 || offset + hex.length / 2 > out.length) {
    return false;
  }
  // OR of every pair value: negative iff some pair was not two hex digits.
  let invalid = 0;
  for (let start = 0; start < hex.length; start += HEX_CHUNK) {
    let written: number;
    if (typeof hex === 'string') {
      const chunk = hex.length <= HEX_CHUNK ? hex : hex.slice(start, start + HEX_CHUNK);
      // A non-ASCII character needs more than one UTF-8 byte: the chunk no longer fits, or grows.
      const result = encoder.encodeInto(chunk, hexScratch);
      if (result.read !== chunk.length || result.written !== chunk.length) {
        invalid = -1;
        break;
      }
      written = result.written;
    } else {
      // Copied, not viewed: the digits may start at an odd offset (or span pieces), and the pair
      // table needs 16-bit reads.
      const end = Math.min(hex.length, start + HEX_CHUNK);
      hex.copyInto(hexScratch, start, end);
      written = end - start;
    }
    const at = offset + start / 2;
    const pairs = written / 2;
    for (let i = 0; i < pairs; i++) {
      const value = HEX_PAIR_VALUE[hexScratchPairs[i]!]!;
      invalid |= value;
      out[at + i] = value;
    }
  }
  // The digits of key material must not linger in the scratch buffer.
  hexScratch.fill(0, 0, Math.min(hex.length, HEX_CHUNK));
  return invalid >= 0;
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
 * For producers that assemble a byte body around megabytes of hex without making a string of it.
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

/** Short, comparable form of a public key for messages: first and last 8 hex characters. */
export function fingerprint(publicKeyHex: string): string {
  const hex = publicKeyHex.toLowerCase();
  return hex.length <= 16 ? hex : `${hex.slice(0, 8)}…${hex.slice(-8)}`;
}

/** Below this size JSON.parse is cheap enough; above it, a long string value costs a full scan. */
const LARGE_JSON_CHARS = 64 * 1024;
/** Only a short head (the `{` and a few small members) may precede the long value. */
const MAX_HEAD_CHARS = 4096;

/**
 * JSON.parse with a shortcut for Psono's bulky payloads: an object with one huge string member —
 * the transport envelope's `text`, a datastore's, share's or secret's `data` (hex, megabytes for a
 * large vault). JSON.parse scans such a string character by character, which cost as much as
 * decrypting it. Here indexOf (a memchr) finds the value's end, the value is kept as a slice, and
 * only the document without it goes through JSON.parse. Same result as JSON.parse, or it falls back
 * to JSON.parse: the key must be at the top level (nothing nested before it) and the value free of
 * escapes. Callers decode the value as hex, which rejects anything else.
 */
export function parseJsonFast(text: string, fields: readonly string[] = BULKY_FIELDS): unknown {
  if (text.length >= LARGE_JSON_CHARS && text.charCodeAt(0) === 123) {
    for (const field of fields) {
      const marker = `"${field}":"`;
      const cut = findCut(
        {
          markerAt: (wanted) => text.slice(0, MAX_HEAD_CHARS + wanted.length).indexOf(wanted),
          head: (end) => text.slice(0, end),
          indexOfCode: (code, from) => text.indexOf(String.fromCharCode(code), from),
        },
        marker,
      );
      const parsed = cut && parseAroundCut(cut.head, marker, text.slice(cut.valueEnd), field);
      if (parsed) {
        parsed[field] = text.slice(cut.valueStart, cut.valueEnd);
        return parsed;
      }
    }
  }
  return parseJsonQuietly(text);
}

/**
 * `parseJsonFast` over UTF-8 bytes (a raw response body or a decrypted payload), without turning
 * the bulky value into a string: it comes back as an `AsciiHex` view into `bytes` (callers that
 * wipe `bytes` must copy it first). Only the small rest of the document is decoded and parsed.
 * Anything the shortcut does not fit is decoded whole (strict UTF-8) and parsed like
 * `parseJsonFast`. ASCII markers are safe to find in UTF-8: no multi-byte sequence contains a byte
 * below 0x80.
 */
export function parseJsonBytes(bytes: Uint8Array | readonly Uint8Array[], what: string, fields: readonly string[] = BULKY_FIELDS): unknown {
  // A body that arrived in pieces is read in place; only the short head and tail are joined.
  const parts = bytes instanceof Uint8Array ? [bytes] : bytes;
  const length = totalLength(parts);
  if (length >= LARGE_JSON_CHARS && parts.length > 0 && parts[0]!.length > 0 && parts[0]![0] === 123) {
    for (const field of fields) {
      const marker = `"${field}":"`;
      const cut = findCut(
        {
          markerAt: (wanted) => indexOfAscii(joinRange(parts, 0, Math.min(length, MAX_HEAD_CHARS + wanted.length)), wanted),
          head: (end) => utf8Decode(joinRange(parts, 0, end), what),
          indexOfCode: (code, from) => indexOfByte(parts, code, from),
        },
        marker,
      );
      const parsed = cut && parseAroundCut(cut.head, marker, utf8Decode(joinRange(parts, cut.valueEnd, length), what), field);
      if (parsed) {
        const digits = viewRange(parts, cut.valueStart, cut.valueEnd);
        parsed[field] = new AsciiHex(digits.length === 1 ? digits[0]! : digits);
        return parsed;
      }
    }
  }
  return parseJsonQuietly(utf8Decode(parts.length === 1 ? parts[0]! : joinRange(parts, 0, length), what));
}

const BULKY_FIELDS: readonly string[] = ['text', 'data'];

/**
 * `parseJsonBytes`'s shortcut for a document that is still arriving: finds the bulky member's
 * value while the pieces come in and hands its bytes to `onValue` at once (a decoder can then work
 * during the transfer), keeping only the short rest of the document. The same conditions as the
 * shortcut, checked on the same head, so `finish()` gives what `parseJsonBytes` would, with the
 * member emptied ('') — or undefined whenever the shortcut does not apply or `onValue` refused a
 * piece; the caller then parses the whole body as usual.
 */
export class StreamingCut {
  readonly #marker: string;
  readonly #field: string;
  readonly #onValue: (bytes: Uint8Array, start: number, end: number) => boolean;
  readonly #head: Uint8Array;
  #headLength = 0;
  #headText = '';
  readonly #tail = new Uint8Array(MAX_HEAD_CHARS);
  #tailLength = 0;
  #state: 'head' | 'value' | 'tail' | 'off' = 'head';

  constructor(field: string, onValue: (bytes: Uint8Array, start: number, end: number) => boolean) {
    this.#field = field;
    this.#marker = `"${field}":"`;
    this.#onValue = onValue;
    this.#head = new Uint8Array(MAX_HEAD_CHARS + this.#marker.length);
  }

  /** The next piece of the document, in order. */
  push(bytes: Uint8Array): void {
    if (this.#state === 'head') {
      const taken = Math.min(bytes.length, this.#head.length - this.#headLength);
      this.#head.set(bytes.subarray(0, taken), this.#headLength);
      this.#headLength += taken;
      const valueStart = this.#openValue();
      if (valueStart >= 0) {
        this.#more(this.#head, valueStart, this.#headLength);
        this.#more(bytes, taken, bytes.length);
      }
      return;
    }
    this.#more(bytes, 0, bytes.length);
  }

  /** The document without the member's value, parsed; undefined if the shortcut did not apply. */
  finish(): Record<string, unknown> | undefined {
    if (this.#state !== 'tail') {
      return undefined;
    }
    this.#state = 'off';
    try {
      return parseAroundCut(this.#headText, this.#marker, utf8Decode(this.#tail.subarray(0, this.#tailLength)), this.#field);
    } catch {
      return undefined;
    }
  }

  /** Where the value starts in the head buffer once the head is complete and fits; -1 while waiting (or off). */
  #openValue(): number {
    const head = this.#head.subarray(0, this.#headLength);
    const keyAt = indexOfAscii(head, this.#marker);
    if (keyAt < 0) {
      if (this.#headLength === this.#head.length) {
        this.#state = 'off';
      }
      return -1;
    }
    let cut: OpenedValue | undefined;
    try {
      cut = head[0] === 123 ? findValueStart({ markerAt: () => keyAt, head: (end) => utf8Decode(head.subarray(0, end)) }, this.#marker) : undefined;
    } catch {
      cut = undefined; // not UTF-8: the full parse reports it
    }
    if (cut === undefined) {
      this.#state = 'off';
      return -1;
    }
    this.#headText = cut.head;
    this.#state = 'value';
    return cut.valueStart;
  }

  /** Bytes [start, end) of a piece after the head: value up to its closing quote, then tail. */
  #more(bytes: Uint8Array, start: number, end: number): void {
    if (start >= end) {
      return;
    }
    if (this.#state === 'value') {
      const quote = bytes.subarray(start, end).indexOf(34); // "
      const valueEnd = quote < 0 ? end : start + quote;
      if (valueEnd > start && !this.#onValue(bytes, start, valueEnd)) {
        this.#state = 'off';
        return;
      }
      if (quote < 0) {
        return;
      }
      this.#state = 'tail';
      start = valueEnd;
    }
    if (this.#state === 'tail') {
      if (this.#tailLength + end - start > this.#tail.length) {
        this.#state = 'off';
        return;
      }
      this.#tail.set(bytes.subarray(start, end), this.#tailLength);
      this.#tailLength += end - start;
    }
  }
}

/** Where a top-level string value starts: the document before its key, and the value's start. */
interface OpenedValue {
  readonly head: string;
  readonly valueStart: number;
}

/** A long string value found at the top level: the document before its key, and its bounds. */
interface Cut extends OpenedValue {
  readonly valueEnd: number;
}

/** How `findCut` reads a document: a string or UTF-8 bytes. */
interface CutSource {
  /** Position of the ASCII marker at or before MAX_HEAD_CHARS, or -1. */
  markerAt(marker: string): number;
  /** The document before `end` as a string (a short head). */
  head(end: number): string;
  /** Position of the next ASCII character `code` at or after `from`, or -1. */
  indexOfCode(code: number, from: number): number;
}

/**
 * Where `marker` ("key":") opens a string value at the top level of a document, judged on the head
 * alone (a streamed document's value may still be arriving); undefined when the shortcut does not
 * apply.
 */
function findValueStart(source: Pick<CutSource, 'markerAt' | 'head'>, marker: string): OpenedValue | undefined {
  const keyAt = source.markerAt(marker);
  if (keyAt < 1 || keyAt > MAX_HEAD_CHARS) {
    return undefined;
  }
  const head = source.head(keyAt);
  const before = head.charCodeAt(head.length - 1);
  // Directly after `{` or a `,`, and no `{`/`[` in the head: the member is at the top level.
  if ((before !== 123 && before !== 44) || head.indexOf('{', 1) >= 0 || head.indexOf('[') >= 0) {
    return undefined;
  }
  return { head, valueStart: keyAt + marker.length };
}

/**
 * Where `marker` ("key":") opens a long, escape-free string value at the top level of a document;
 * undefined when the shortcut does not apply.
 */
function findCut(source: CutSource, marker: string): Cut | undefined {
  const opened = findValueStart(source, marker);
  if (opened === undefined) {
    return undefined;
  }
  const { head, valueStart } = opened;
  const valueEnd = source.indexOfCode(34, valueStart); // "
  if (valueEnd < 0 || valueEnd - valueStart < LARGE_JSON_CHARS / 2) {
    return undefined;
  }
  const escape = source.indexOfCode(92, valueStart); // \
  if (escape >= 0 && escape < valueEnd) {
    return undefined;
  }
  return { head, valueStart, valueEnd };
}

/** Parses the document with the cut value emptied; JSON.parse validates everything else. */
function parseAroundCut(head: string, marker: string, tail: string, field: string): Record<string, unknown> | undefined {
  const rest = parseJsonQuietly(`${head}${marker}${tail}`);
  // Not an object, or a later duplicate key replaced the value: let the full parse decide.
  if (typeof rest !== 'object' || rest === null || Array.isArray(rest) || (rest as Record<string, unknown>)[field] !== '') {
    return undefined;
  }
  return rest as Record<string, unknown>;
}

/** indexOf of an ASCII string in a short byte range (the head of a document). */
function indexOfAscii(haystack: Uint8Array, needle: string): number {
  const first = needle.charCodeAt(0);
  for (let at = haystack.indexOf(first); at >= 0; at = haystack.indexOf(first, at + 1)) {
    let matches = at + needle.length <= haystack.length;
    for (let i = 1; i < needle.length && matches; i++) {
      matches = haystack[at + i] === needle.charCodeAt(i);
    }
    if (matches) {
      return at;
    }
  }
  return -1;
}

/**
 * JSON.parse whose error never quotes the input: V8's SyntaxError messages contain a snippet of
 * the text, and the text is often decrypted secrets (the error travels on as a `cause`).
 */
function parseJsonQuietly(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new SyntaxError('The text is not valid JSON.');
  }
}
