/**
 * The NaCl primitives Psono uses (spec §12). Everything travels as hex; the secretbox/box
 * ciphertext is tag(16) || encrypted bytes with the nonce in a sibling field.
 * Functions that take key material accept `SecretBytes` so keys stay in their redacting type.
 *
 * Two interchangeable backends with byte-identical results: tweetnacl (pure JS, synchronous, always
 * available) and libsodium (WASM: secretbox about 3× and Ed25519 about 30× faster, but it needs an
 * asynchronous start). `enableFastCrypto()` switches to libsodium once it is ready; every function
 * here stays synchronous either way. Unlock awaits it (PsonoSession.login), so a 10k-item datastore
 * and the login signatures run on libsodium.
 */
import nacl from 'tweetnacl';

import { PsonoError } from '../errors';
import { SecretBytes } from '../sensitive';
import { AsciiHex, bytesToHex, decodeHexInto, hexDigitValue, hexToBytes, isHexText, parseJsonBytes, parseJsonFast, utf8Decode, utf8Encode, type HexText } from './encoding';

/** The operations that differ between backends; inputs are validated by the callers below. */
interface NaclBackend {
  readonly name: 'tweetnacl' | 'libsodium';
  secretbox(message: Uint8Array, nonce: Uint8Array, key: Uint8Array): Uint8Array;
  /** null when the tag does not verify. */
  secretboxOpen(box: Uint8Array, nonce: Uint8Array, key: Uint8Array): Uint8Array | null;
  box(message: Uint8Array, nonce: Uint8Array, theirPublicKey: Uint8Array, mySecretKey: Uint8Array): Uint8Array;
  boxOpen(box: Uint8Array, nonce: Uint8Array, theirPublicKey: Uint8Array, mySecretKey: Uint8Array): Uint8Array | null;
  scalarMultBase(secretKey: Uint8Array): Uint8Array;
  /** Ed25519 from a 32-byte seed; the secret key is the 64-byte seed || public key form. */
  signKeyPairFromSeed(seed: Uint8Array): { publicKey: Uint8Array; secretKey: Uint8Array };
  signDetached(message: Uint8Array, secretKey: Uint8Array): Uint8Array;
  verifyDetached(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean;
  /**
   * Room for a box of up to `capacity` bytes, decoded into and opened in place: by `openHex`, or
   * piece by piece by a StreamedSecretbox.
   */
  boxBuffer(capacity: number): BoxBuffer;
}

/** Memory a secretbox (tag || ciphertext) is decoded into before it is opened in place. */
interface BoxBuffer {
  readonly capacity: number;
  /** The array to write into and where the box starts in it (re-read after any allocation). */
  target(): { readonly bytes: Uint8Array; readonly at: number };
  /** Opens the first `length` bytes; `use` reads the plaintext, which is zeroed afterwards. */
  open<T>(length: number, nonce: Uint8Array, key: Uint8Array, use: (plain: Uint8Array) => T): T | 'bad-tag';
  /** Zeroes and releases the memory. */
  dispose(): void;
}

/** A box buffer in ordinary memory, opened with the given backend's secretbox. */
function arrayBoxBuffer(capacity: number, backendOpen: NaclBackend['secretboxOpen']): BoxBuffer {
  const bytes = new Uint8Array(capacity);
  return {
    capacity,
    target: () => ({ bytes, at: 0 }),
    open: (length, nonce, key, use) => {
      const plain = length < 16 ? null : backendOpen(bytes.subarray(0, length), nonce, key);
      if (plain === null) {
        return 'bad-tag';
      }
      try {
        return use(plain);
      } finally {
        plain.fill(0);
      }
    },
    dispose: () => bytes.fill(0),
  };
}

/**
 * Opens a secretbox given as hex and calls `use` with the plaintext, which is zeroed afterwards:
 * decoded into the backend's box buffer (libsodium's own memory when it is in use) and opened
 * there. 'bad-hex' / 'bad-tag' when it cannot. See `withOpenedSecretbox`.
 */
function openHex<T>(textHex: HexText, nonce: Uint8Array, key: Uint8Array, use: (plain: Uint8Array) => T): T | 'bad-hex' | 'bad-tag' {
  if (textHex.length % 2 !== 0) {
    return 'bad-hex';
  }
  const box = backend.boxBuffer(textHex.length / 2);
  try {
    const { bytes, at } = box.target();
    return decodeHexInto(textHex, bytes, at) ? box.open(box.capacity, nonce, key, use) : 'bad-hex';
  } finally {
    box.dispose();
  }
}

const tweetnaclBackend: NaclBackend = {
  name: 'tweetnacl',
  secretbox: (message, nonce, key) => nacl.secretbox(message, nonce, key),
  secretboxOpen: (box, nonce, key) => nacl.secretbox.open(box, nonce, key),
  box: (message, nonce, theirPublicKey, mySecretKey) => nacl.box(message, nonce, theirPublicKey, mySecretKey),
  boxOpen: (box, nonce, theirPublicKey, mySecretKey) => nacl.box.open(box, nonce, theirPublicKey, mySecretKey),
  scalarMultBase: (secretKey) => nacl.scalarMult.base(secretKey),
  signKeyPairFromSeed: (seed) => nacl.sign.keyPair.fromSeed(seed),
  signDetached: (message, secretKey) => nacl.sign.detached(message, secretKey),
  verifyDetached: (message, signature, publicKey) => nacl.sign.detached.verify(message, signature, publicKey),
  boxBuffer: (capacity) => arrayBoxBuffer(capacity, tweetnaclBackend.secretboxOpen),
};

let backend: NaclBackend = tweetnaclBackend;
let fastCrypto: Promise<void> | null = null;

/**
 * The raw Emscripten module under libsodium-wrappers: malloc/free, the heap view (replaced when
 * memory grows, so read it after every allocation) and the C function, whose 64-bit length is
 * passed as two 32-bit halves, as the wrappers themselves call it.
 */
interface SodiumModule {
  readonly HEAPU8: Uint8Array;
  _malloc(size: number): number;
  _free(pointer: number): void;
  _crypto_secretbox_open_easy(message: number, box: number, boxLengthLow: number, boxLengthHigh: number, nonce: number, key: number): number;
}

/** The structural slice of libsodium-wrappers used here (its own typings are ambient and loose). */
interface Sodium {
  readonly ready: Promise<void>;
  readonly libsodium?: SodiumModule;
  crypto_secretbox_easy(message: Uint8Array, nonce: Uint8Array, key: Uint8Array): Uint8Array;
  crypto_secretbox_open_easy(box: Uint8Array, nonce: Uint8Array, key: Uint8Array): Uint8Array;
  crypto_box_easy(message: Uint8Array, nonce: Uint8Array, publicKey: Uint8Array, secretKey: Uint8Array): Uint8Array;
  crypto_box_open_easy(box: Uint8Array, nonce: Uint8Array, publicKey: Uint8Array, secretKey: Uint8Array): Uint8Array;
  crypto_scalarmult_base(secretKey: Uint8Array): Uint8Array;
  crypto_sign_seed_keypair(seed: Uint8Array): { publicKey: Uint8Array; privateKey: Uint8Array };
  crypto_sign_detached(message: Uint8Array, privateKey: Uint8Array): Uint8Array;
  crypto_sign_verify_detached(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
}

/**
 * A box buffer in libsodium's memory, opened there, so that `use` reads the plaintext in place: a
 * 10k-item datastore is 5 MB per layer, which the wrappers would copy in, then out into a fresh
 * array. Everything allocated is zeroed before it is freed. Null when that memory cannot grow.
 */
function sodiumBoxBuffer(module: SodiumModule, capacity: number): BoxBuffer | null {
  const boxAt = module._malloc(Math.max(capacity, 1));
  if (boxAt === 0) {
    return null;
  }
  const release = (at: number, length: number): void => {
    if (at !== 0) {
      module.HEAPU8.fill(0, at, at + length);
      module._free(at);
    }
  };
  let disposed = false;
  return {
    capacity,
    target: () => ({ bytes: module.HEAPU8, at: boxAt }),
    open: (length, nonce, key, use) => {
      if (length < 16 || length > capacity) {
        return 'bad-tag';
      }
      const plainLength = length - 16;
      const plainAt = module._malloc(Math.max(plainLength, 1));
      const nonceAt = module._malloc(nonce.length);
      const keyAt = module._malloc(key.length);
      try {
        if (plainAt === 0 || nonceAt === 0 || keyAt === 0) {
          // No room for the plaintext: open a copy the portable way.
          return openCopy(module.HEAPU8.subarray(boxAt, boxAt + length), nonce, key, use);
        }
        const heap = module.HEAPU8;
        heap.set(nonce, nonceAt);
        heap.set(key, keyAt);
        if (module._crypto_secretbox_open_easy(plainAt, boxAt, length, 0, nonceAt, keyAt) !== 0) {
          return 'bad-tag';
        }
        // No allocation happens until `use` returns, so this view stays attached to the heap.
        return use(module.HEAPU8.subarray(plainAt, plainAt + plainLength));
      } finally {
        release(plainAt, plainLength);
        release(keyAt, key.length);
        release(nonceAt, nonce.length);
      }
    },
    dispose: () => {
      if (!disposed) {
        disposed = true;
        release(boxAt, capacity);
      }
    },
  };
}

/** Opens a copy of `box` the portable way (when libsodium's memory is full). */
function openCopy<T>(box: Uint8Array, nonce: Uint8Array, key: Uint8Array, use: (plain: Uint8Array) => T): T | 'bad-tag' {
  const copy = arrayBoxBuffer(box.length, tweetnaclBackend.secretboxOpen);
  try {
    copy.target().bytes.set(box);
    return copy.open(box.length, nonce, key, use);
  } finally {
    copy.dispose();
  }
}

function sodiumBackend(sodium: Sodium): NaclBackend {
  // libsodium throws where tweetnacl returns null/false; only a failed check may become null.
  const orNull = (open: () => Uint8Array): Uint8Array | null => {
    try {
      return open();
    } catch {
      return null;
    }
  };
  const secretboxOpen: NaclBackend['secretboxOpen'] = (box, nonce, key) => (box.length < 16 ? null : orNull(() => sodium.crypto_secretbox_open_easy(box, nonce, key)));
  return {
    name: 'libsodium',
    secretbox: (message, nonce, key) => sodium.crypto_secretbox_easy(message, nonce, key),
    secretboxOpen,
    box: (message, nonce, theirPublicKey, mySecretKey) => sodium.crypto_box_easy(message, nonce, theirPublicKey, mySecretKey),
    boxOpen: (box, nonce, theirPublicKey, mySecretKey) => (box.length < 16 ? null : orNull(() => sodium.crypto_box_open_easy(box, nonce, theirPublicKey, mySecretKey))),
    scalarMultBase: (secretKey) => sodium.crypto_scalarmult_base(secretKey),
    signKeyPairFromSeed: (seed) => {
      const pair = sodium.crypto_sign_seed_keypair(seed);
      return { publicKey: pair.publicKey, secretKey: pair.privateKey };
    },
    signDetached: (message, secretKey) => sodium.crypto_sign_detached(message, secretKey),
    verifyDetached: (message, signature, publicKey) => {
      try {
        return sodium.crypto_sign_verify_detached(signature, message, publicKey);
      } catch {
        return false;
      }
    },
    boxBuffer: (capacity) => {
      const module = sodium.libsodium;
      if (!module || typeof module._crypto_secretbox_open_easy !== 'function' || typeof module._malloc !== 'function') {
        return arrayBoxBuffer(capacity, secretboxOpen);
      }
      // libsodium's memory cannot grow any more: the same result the portable way (the wrappers
      // would need that memory too).
      return sodiumBoxBuffer(module, capacity) ?? arrayBoxBuffer(capacity, tweetnaclBackend.secretboxOpen);
    },
  };
}

/**
 * Switches every primitive to libsodium once its WASM module is ready (about 40 ms, once per
 * process). Idempotent and safe to call concurrently; if libsodium cannot load, tweetnacl stays in
 * use and this still resolves — same results, only slower.
 */
export function enableFastCrypto(): Promise<void> {
  fastCrypto ??= import('libsodium-wrappers')
    .then(async (module: { default?: unknown }) => {
      const sodium = (module.default ?? module) as Sodium;
      await sodium.ready;
      backend = sodiumBackend(sodium);
    })
    .catch(() => undefined);
  return fastCrypto;
}

/** Which implementation the primitives currently use (for diagnostics and benchmarks). */
export function cryptoBackendName(): 'tweetnacl' | 'libsodium' {
  return backend.name;
}

/** Test seam: go back to tweetnacl (both backends must pass the same vectors). */
export function useTweetnaclForTests(): void {
  backend = tweetnaclBackend;
  fastCrypto = null;
}

export const KEY_BYTES = 32;
export const NONCE_BYTES = 24;
export const SIGNATURE_BYTES = 64;

export interface Envelope {
  /** hex(tag || ciphertext) */
  readonly text: string;
  /** hex(24-byte nonce) */
  readonly nonce: string;
}

export function randomBytes(length: number): Uint8Array {
  return nacl.randomBytes(length);
}

function keyBytes(key: SecretBytes, what: string): Uint8Array {
  const bytes = key.expose();
  if (bytes.length !== KEY_BYTES) {
    throw new PsonoError('invalid-input', { detail: `${what} must be ${KEY_BYTES} bytes.` });
  }
  return bytes;
}

/** Random nonces drawn per refill of the pool below. */
const NONCES_PER_REFILL = 64;
let noncePool: Uint8Array = new Uint8Array(0);
let noncePoolAt = 0;

/**
 * A fresh random 24-byte nonce. Every authenticated request seals a validator, and one call into
 * the system's random source per request cost ~30 µs inside an unlock here (a 10k unlock makes
 * ~100 requests), so nonces are drawn 64 at a time from one call. Each is handed out once: its
 * bytes in the pool are zeroed as it leaves.
 */
export function freshNonce(): Uint8Array {
  if (noncePoolAt + NONCE_BYTES > noncePool.length) {
    noncePool = randomBytes(NONCE_BYTES * NONCES_PER_REFILL);
    noncePoolAt = 0;
  }
  const nonce = noncePool.slice(noncePoolAt, noncePoolAt + NONCE_BYTES);
  noncePool.fill(0, noncePoolAt, noncePoolAt + NONCE_BYTES);
  noncePoolAt += NONCE_BYTES;
  return nonce;
}

/** secretbox (XSalsa20-Poly1305) with a fresh random nonce. */
export function secretboxSeal(plaintext: Uint8Array, key: SecretBytes): Envelope {
  return secretboxSealWithNonce(plaintext, key, freshNonce());
}

/**
 * HAZMAT: secretbox with a caller-chosen nonce. Only for known-answer tests; reusing a nonce
 * under one key breaks secretbox. Production code calls `secretboxSeal`.
 */
export function secretboxSealWithNonce(plaintext: Uint8Array, key: SecretBytes, nonce: Uint8Array): Envelope {
  if (nonce.length !== NONCE_BYTES) {
    throw new PsonoError('invalid-input', { detail: `nonce must be ${NONCE_BYTES} bytes.` });
  }
  const box = backend.secretbox(plaintext, nonce, keyBytes(key, 'secretbox key'));
  return { text: bytesToHex(box), nonce: bytesToHex(nonce) };
}

/**
 * secretbox with a fresh nonce, as bytes (tag || ciphertext), for callers with a faster hex
 * encoder of their own (the Node dev server encrypts megabyte answers).
 */
export function secretboxSealToBytes(plaintext: Uint8Array, key: SecretBytes): { readonly box: Uint8Array; readonly nonce: Uint8Array } {
  const nonce = freshNonce();
  return { box: backend.secretbox(plaintext, nonce, keyBytes(key, 'secretbox key')), nonce };
}

/** Opens a secretbox; a wrong key or a tampered byte gives `decrypt-failed`. */
export function secretboxOpen(textHex: HexText, nonceHex: string, key: SecretBytes, what = 'data'): Uint8Array {
  const box = hexToBytes(textHex, `${what} ciphertext`);
  const nonce = hexToBytes(nonceHex, `${what} nonce`, NONCE_BYTES);
  const opened = backend.secretboxOpen(box, nonce, keyBytes(key, 'secretbox key'));
  if (opened === null) {
    throw new PsonoError('decrypt-failed', { detail: `(${what})` });
  }
  return opened;
}

/** Encrypts UTF-8 JSON, the form of every Psono payload. */
export function sealJson(value: unknown, key: SecretBytes): Envelope {
  return secretboxSeal(utf8Encode(JSON.stringify(value)), key);
}

/**
 * Decrypts and parses a UTF-8 JSON payload. `hexMembers` names top-level members the caller will
 * decode as hex (the `data` of a datastore, share or secret answer): a large one comes back as an
 * `AsciiHex` instead of a string, skipping a UTF-8 decode of megabytes. Never pass members that
 * may hold other text.
 */
export function openJson(textHex: Ciphertext, nonceHex: string, key: SecretBytes, what = 'data', hexMembers: readonly string[] = []): unknown {
  if (textHex instanceof StreamedSecretbox) {
    return textHex.openJson(nonceHex, key, what, hexMembers);
  }
  const nonce = hexToBytes(nonceHex, `${what} nonce`, NONCE_BYTES);
  return openParsed(Math.floor(textHex.length / 2) - 16, what, hexMembers, (use) => openHex(textHex, nonce, keyBytes(key, 'secretbox key'), use));
}

/**
 * Opens a box with `open` and parses its JSON (`parseOpenedJson`), with room for a large hex
 * member allocated first (`innerBoxFor`) and released unless it was handed out.
 */
function openParsed(plainLength: number, what: string, hexMembers: readonly string[], open: (use: (plain: Uint8Array) => unknown) => unknown): unknown {
  const inner = { box: innerBoxFor(plainLength, hexMembers) };
  try {
    return openedOrThrow(open((plain) => parseOpenedJson(plain, what, hexMembers, inner)), what);
  } finally {
    inner.box?.dispose();
  }
}

/** A backend's open result, or the error for why it could not open. */
function openedOrThrow<T>(result: T | 'bad-hex' | 'bad-tag', what: string): T {
  if (result === 'bad-hex') {
    throw new PsonoError('invalid-input', { detail: `${what} ciphertext is not valid hex.` });
  }
  if (result === 'bad-tag') {
    throw new PsonoError('decrypt-failed', { detail: `(${what})` });
  }
  return result;
}

/** Ciphertext as a decrypting caller receives it: hex, or a box already decoded from hex. */
export type Ciphertext = HexText | StreamedSecretbox;

export function isCiphertext(value: unknown): value is Ciphertext {
  return isHexText(value) || value instanceof StreamedSecretbox;
}

/** Releases a decoded box now instead of at garbage collection; anything else needs nothing. */
export function disposeCiphertext(value: unknown): void {
  if (value instanceof StreamedSecretbox) {
    value.dispose();
  }
}

/** A hex member at least this long is decoded into a box of its own instead of being copied as hex. */
const SEALED_MEMBER_DIGITS = 64 * 1024;

/**
 * Room for the largest hex member a plaintext of `plainLength` bytes can hold, when the caller wants
 * hex members and they can be large. Allocated before the plaintext is opened: with libsodium the
 * plaintext is a view into its memory, which an allocation while it is read may move.
 */
function innerBoxFor(plainLength: number, hexMembers: readonly string[]): StreamedSecretbox | null {
  return hexMembers.length > 0 && plainLength >= SEALED_MEMBER_DIGITS ? new StreamedSecretbox(Math.floor(plainLength / 2)) : null;
}

/**
 * The JSON in an opened box, read before the plaintext is zeroed (see `openJson`). A hex member is
 * a view into the plaintext, so it must leave it now: a large one is decoded into `inner.box`
 * (handed out in its place, so the caller opens it without decoding it again, and without a
 * megabyte copy into fresh memory), any other is copied.
 */
function parseOpenedJson(plain: Uint8Array, what: string, hexMembers: readonly string[], inner?: { box: StreamedSecretbox | null }): unknown {
  try {
    if (hexMembers.length === 0) {
      return parseJsonFast(utf8Decode(plain, what));
    }
    const value = parseJsonBytes(plain, what, hexMembers);
    if (typeof value === 'object' && value !== null) {
      const members = value as Record<string, unknown>;
      for (const member of hexMembers) {
        const hex = members[member];
        if (!(hex instanceof AsciiHex)) {
          continue;
        }
        const box = inner?.box ?? null;
        if (box !== null && hex.length >= SEALED_MEMBER_DIGITS && hex.length % 2 === 0 && box.addHex(hex)) {
          inner!.box = null;
          members[member] = box.handOut();
        } else {
          members[member] = new AsciiHex(hex.bytes().slice());
        }
      }
    }
    return value;
  } catch (cause) {
    if (cause instanceof PsonoError) {
      throw cause;
    }
    throw new PsonoError('malformed-response', { detail: `(${what} is not JSON)` }, { cause });
  }
}

/**
 * A secretbox whose hex arrives in pieces (a megabyte answer still coming off the socket), decoded
 * as each piece arrives into memory it is then opened in (libsodium's, when it is in use), so that
 * decoding overlaps the transfer instead of following it. Nothing is released before the tag has
 * been checked: `openJson` verifies first and parses after, as `openJson` does.
 */
export class StreamedSecretbox {
  readonly #buffer: BoxBuffer;
  #length = 0;
  /** A hex digit whose partner is in the next piece, or -1. */
  #pendingDigit = -1;
  #disposed = false;

  /** Room for a box of up to `capacity` bytes (2 × capacity hex digits). */
  constructor(capacity: number) {
    this.#buffer = backend.boxBuffer(capacity);
  }

  /** Bytes decoded so far. */
  get length(): number {
    return this.#length;
  }

  /** Decodes all of `hex`; false (the box then holds garbage) on a non-digit or an overflow. */
  addHex(hex: AsciiHex): boolean {
    return hex.pieces().every((piece) => this.addDigits(piece, 0, piece.length));
  }

  /**
   * Marks the box as given away inside a parsed answer: the reader may open it any number of times
   * (a share answer is tried with each of its keys), and whoever can should `dispose` it when done;
   * should nobody, it is zeroed and released once it is garbage collected.
   */
  handOut(): this {
    unclaimedBoxes.register(this, this.#buffer, this);
    return this;
  }

  /** The hex it was decoded from (for diagnostics and tests; not on any hot path). */
  toJSON(): string {
    const { bytes, at } = this.#buffer.target();
    const digits = this.#disposed ? '' : bytesToHex(bytes.slice(at, at + this.#length));
    return this.#pendingDigit >= 0 ? `${digits}${this.#pendingDigit.toString(16)}` : digits;
  }

  toString(): string {
    return this.toJSON();
  }

  /** Decodes hex digits bytes[start, end) (ASCII); false on a non-digit or when the box would overflow. */
  addDigits(bytes: Uint8Array, start: number, end: number): boolean {
    if (this.#disposed || start > end) {
      return false;
    }
    let from = start;
    const pending = this.#pendingDigit >= 0 ? 1 : 0;
    if (this.#length + Math.floor((end - start + pending) / 2) > this.#buffer.capacity) {
      return false;
    }
    if (pending === 1 && from < end) {
      const low = hexDigitValue(bytes[from]!);
      if (low < 0) {
        return false;
      }
      const { bytes: target, at } = this.#buffer.target();
      target[at + this.#length] = (this.#pendingDigit << 4) | low;
      this.#length += 1;
      this.#pendingDigit = -1;
      from += 1;
    }
    const pairs = (end - from) >> 1;
    const { bytes: target, at } = this.#buffer.target();
    if (pairs > 0 && !decodeHexInto(new AsciiHex(bytes.subarray(from, from + pairs * 2)), target, at + this.#length)) {
      return false;
    }
    this.#length += pairs;
    if (from + pairs * 2 < end) {
      this.#pendingDigit = hexDigitValue(bytes[end - 1]!);
      if (this.#pendingDigit < 0) {
        return false;
      }
    }
    return true;
  }

  /** `openJson` of the decoded box: the same errors for an odd digit count, a bad tag or bad JSON. */
  openJson(nonceHex: string, key: SecretBytes, what = 'data', hexMembers: readonly string[] = []): unknown {
    const nonce = hexToBytes(nonceHex, `${what} nonce`, NONCE_BYTES);
    if (this.#disposed || this.#pendingDigit >= 0) {
      return openedOrThrow('bad-hex', what);
    }
    return openParsed(this.#length - 16, what, hexMembers, (use) => this.#buffer.open(this.#length, nonce, keyBytes(key, 'secretbox key'), use));
  }

  /** Zeroes and releases the box (idempotent). */
  dispose(): void {
    if (!this.#disposed) {
      this.#disposed = true;
      unclaimedBoxes.unregister(this);
      this.#buffer.dispose();
    }
  }
}

/** Boxes handed out in parsed answers that nobody disposed: released when collected. */
const unclaimedBoxes = new FinalizationRegistry<BoxBuffer>((buffer) => buffer.dispose());

/**
 * Opens a secretbox and calls `use` with the plaintext, zeroed as soon as `use` returns. The view
 * is valid only during the call, and `use` must not call into this module (with libsodium the
 * plaintext lives in its memory, which an allocation may move). Errors as `secretboxOpen`.
 */
export function withOpenedSecretbox<T>(textHex: HexText, nonceHex: string, key: SecretBytes, what: string, use: (plain: Uint8Array) => T): T {
  const nonce = hexToBytes(nonceHex, `${what} nonce`, NONCE_BYTES);
  return openedOrThrow(openHex(textHex, nonce, keyBytes(key, 'secretbox key'), use), what);
}

/**
 * Psono wraps keys as their 64-character hex *text*. Opens such a wrapped key and returns the
 * 32 raw bytes (spec §1 "Keys are wrapped as hex text").
 */
export function unwrapKey(textHex: string, nonceHex: string, wrappingKey: SecretBytes, what: string): SecretBytes {
  const plain = secretboxOpen(textHex, nonceHex, wrappingKey, what);
  try {
    const hexText = utf8Decode(plain, what);
    return new SecretBytes(hexToBytes(hexText, what, KEY_BYTES));
  } catch (cause) {
    if (cause instanceof PsonoError && cause.kind === 'decrypt-failed') {
      throw cause;
    }
    throw new PsonoError('malformed-response', { detail: `(${what} is not a wrapped key)` }, { cause });
  } finally {
    plain.fill(0);
  }
}

/** Wraps a key as hex text (the inverse of `unwrapKey`). */
export function wrapKey(key: SecretBytes, wrappingKey: SecretBytes): Envelope {
  const hexText = utf8Encode(bytesToHex(key.expose()));
  const envelope = secretboxSeal(hexText, wrappingKey);
  hexText.fill(0);
  return envelope;
}

/** A key given as 64 hex characters (API key secret, share key, item secret key). */
export function keyFromHex(hex: string, what: string): SecretBytes {
  return new SecretBytes(hexToBytes(hex, what, KEY_BYTES));
}

export interface BoxKeyPair {
  readonly publicKey: Uint8Array;
  readonly secretKey: SecretBytes;
}

/** A fresh X25519 key pair (the throw-away session key pair of the API-key login). */
export function boxKeyPair(): BoxKeyPair {
  const secretKey = randomBytes(KEY_BYTES);
  return { publicKey: backend.scalarMultBase(secretKey), secretKey: new SecretBytes(secretKey) };
}

export function x25519PublicKey(privateKey: SecretBytes): Uint8Array {
  return backend.scalarMultBase(keyBytes(privateKey, 'X25519 private key'));
}

/** crypto_box with a fresh nonce. */
export function boxSeal(plaintext: Uint8Array, theirPublicKey: Uint8Array, mySecretKey: SecretBytes): Envelope {
  const nonce = freshNonce();
  const box = backend.box(plaintext, nonce, theirPublicKey, keyBytes(mySecretKey, 'X25519 private key'));
  return { text: bytesToHex(box), nonce: bytesToHex(nonce) };
}

export function boxOpen(textHex: string, nonceHex: string, theirPublicKeyHex: string, mySecretKey: SecretBytes, what = 'data'): Uint8Array {
  const box = hexToBytes(textHex, `${what} ciphertext`);
  const nonce = hexToBytes(nonceHex, `${what} nonce`, NONCE_BYTES);
  const theirPublic = hexToBytes(theirPublicKeyHex, `${what} public key`, KEY_BYTES);
  const opened = backend.boxOpen(box, nonce, theirPublic, keyBytes(mySecretKey, 'X25519 private key'));
  if (opened === null) {
    throw new PsonoError('decrypt-failed', { detail: `(${what})` });
  }
  return opened;
}

export interface SigningKeyPair {
  readonly verifyKey: Uint8Array;
  /** The 64-byte Ed25519 signing key (seed || public key), as both backends use it. */
  readonly signingKey: SecretBytes;
}

/** Ed25519 key pair from a 32-byte seed — the API key private key is such a seed (spec §2.2). */
export function signingKeyFromSeed(seed: SecretBytes): SigningKeyPair {
  const pair = backend.signKeyPairFromSeed(keyBytes(seed, 'Ed25519 seed'));
  return { verifyKey: pair.publicKey, signingKey: new SecretBytes(pair.secretKey) };
}

export function signDetached(message: Uint8Array, signingKey: SecretBytes): string {
  return bytesToHex(backend.signDetached(message, signingKey.expose()));
}

/** False for a wrong signature; malformed hex is `invalid-input`. */
export function verifyDetached(message: Uint8Array, signatureHex: string, verifyKeyHex: string): boolean {
  const signature = hexToBytes(signatureHex, 'signature', SIGNATURE_BYTES);
  const verifyKey = hexToBytes(verifyKeyHex, 'verify key', KEY_BYTES);
  return backend.verifyDetached(message, signature, verifyKey);
}
