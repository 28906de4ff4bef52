/**
 * The NaCl primitives Psono uses (spec §12). Everything travels as hex; the secretbox/box
 * ciphertext is tag(16) || encrypted bytes with the nonce in a sibling field.
 * Functions that take key material accept `SecretBytes` so keys stay in their redacting type.
 *
 * Two interchangeable backends with byte-identical results: tweetnacl (pure JS, synchronous, always
 * available) and libsodium (WASM: secretbox about 3× and Ed25519 about 30× faster, but it needs an
 * asynchronous start). `enableFastCrypto()` switches to libsodium once it is ready; every function
 * here stays synchronous either way. Unlock awaits it (PsonoSession.login), so a 10k-item datastore
 * and the login signatures run on libsodium. Only libsodium-wrappers' public API is used: it copies
 * each input into its WASM memory and the result out, and does not zero that memory when it frees
 * it; the arrays returned here are ordinary ones the caller zeroes.
 */
import nacl from 'tweetnacl';

import { PsonoError } from '../errors';
import { SecretBytes } from '../sensitive';
import { bytesToHex, hexToBytes, parseJsonFast, utf8Decode, utf8Encode } from './encoding';

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
};

let backend: NaclBackend = tweetnaclBackend;
let fastCrypto: Promise<void> | null = null;

/** The structural slice of libsodium-wrappers used here (its own typings are ambient and loose). */
interface Sodium {
  readonly ready: Promise<void>;
  crypto_secretbox_easy(message: Uint8Array, nonce: Uint8Array, key: Uint8Array): Uint8Array;
  crypto_secretbox_open_easy(box: Uint8Array, nonce: Uint8Array, key: Uint8Array): Uint8Array;
  crypto_box_easy(message: Uint8Array, nonce: Uint8Array, publicKey: Uint8Array, secretKey: Uint8Array): Uint8Array;
  crypto_box_open_easy(box: Uint8Array, nonce: Uint8Array, publicKey: Uint8Array, secretKey: Uint8Array): Uint8Array;
  crypto_scalarmult_base(secretKey: Uint8Array): Uint8Array;
  crypto_sign_seed_keypair(seed: Uint8Array): { publicKey: Uint8Array; privateKey: Uint8Array };
  crypto_sign_detached(message: Uint8Array, privateKey: Uint8Array): Uint8Array;
  crypto_sign_verify_detached(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
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
  return {
    name: 'libsodium',
    secretbox: (message, nonce, key) => sodium.crypto_secretbox_easy(message, nonce, key),
    secretboxOpen: (box, nonce, key) => (box.length < 16 ? null : orNull(() => sodium.crypto_secretbox_open_easy(box, nonce, key))),
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

/** secretbox (XSalsa20-Poly1305) with a fresh random nonce. */
export function secretboxSeal(plaintext: Uint8Array, key: SecretBytes): Envelope {
  return secretboxSealWithNonce(plaintext, key, randomBytes(NONCE_BYTES));
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
  const nonce = randomBytes(NONCE_BYTES);
  return { box: backend.secretbox(plaintext, nonce, keyBytes(key, 'secretbox key')), nonce };
}

/** Opens a secretbox; a wrong key or a tampered byte gives `decrypt-failed`. */
export function secretboxOpen(textHex: string, nonceHex: string, key: SecretBytes, what = 'data'): Uint8Array {
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
 * Decrypts and parses a UTF-8 JSON payload: `decrypt-failed` for a wrong key or a tampered byte,
 * `malformed-response` when the plaintext is not JSON. The plaintext bytes are zeroed after parsing.
 */
export function openJson(textHex: string, nonceHex: string, key: SecretBytes, what = 'data'): unknown {
  const plain = secretboxOpen(textHex, nonceHex, key, what);
  try {
    return parseJsonFast(utf8Decode(plain, what), what);
  } finally {
    plain.fill(0);
  }
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
  const nonce = randomBytes(NONCE_BYTES);
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
