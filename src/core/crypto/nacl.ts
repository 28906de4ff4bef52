/**
 * The NaCl primitives Psono uses, over tweetnacl (spec §12). Everything travels as hex; the
 * secretbox/box ciphertext is tag(16) || encrypted bytes with the nonce in a sibling field.
 * Functions that take key material accept `SecretBytes` so keys stay in their redacting type.
 */
import nacl from 'tweetnacl';

import { PsonoError } from '../errors';
import { SecretBytes } from '../sensitive';
import { bytesToHex, hexToBytes, utf8Decode, utf8Encode } from './encoding';

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
  const box = nacl.secretbox(plaintext, nonce, keyBytes(key, 'secretbox key'));
  return { text: bytesToHex(box), nonce: bytesToHex(nonce) };
}

/** Opens a secretbox; a wrong key or a tampered byte gives `decrypt-failed`. */
export function secretboxOpen(textHex: string, nonceHex: string, key: SecretBytes, what = 'data'): Uint8Array {
  const box = hexToBytes(textHex, `${what} ciphertext`);
  const nonce = hexToBytes(nonceHex, `${what} nonce`, NONCE_BYTES);
  const opened = nacl.secretbox.open(box, nonce, keyBytes(key, 'secretbox key'));
  if (opened === null) {
    throw new PsonoError('decrypt-failed', { detail: `(${what})` });
  }
  return opened;
}

/** Encrypts UTF-8 JSON, the form of every Psono payload. */
export function sealJson(value: unknown, key: SecretBytes): Envelope {
  return secretboxSeal(utf8Encode(JSON.stringify(value)), key);
}

/** Decrypts and parses a UTF-8 JSON payload. */
export function openJson(textHex: string, nonceHex: string, key: SecretBytes, what = 'data'): unknown {
  const plain = secretboxOpen(textHex, nonceHex, key, what);
  const text = utf8Decode(plain, what);
  plain.fill(0);
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new PsonoError('malformed-response', { detail: `(${what} is not JSON)` }, { cause });
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
  const pair = nacl.box.keyPair();
  return { publicKey: pair.publicKey, secretKey: new SecretBytes(pair.secretKey) };
}

export function x25519PublicKey(privateKey: SecretBytes): Uint8Array {
  return nacl.box.keyPair.fromSecretKey(keyBytes(privateKey, 'X25519 private key')).publicKey;
}

/** crypto_box with a fresh nonce. */
export function boxSeal(plaintext: Uint8Array, theirPublicKey: Uint8Array, mySecretKey: SecretBytes): Envelope {
  const nonce = randomBytes(NONCE_BYTES);
  const box = nacl.box(plaintext, nonce, theirPublicKey, keyBytes(mySecretKey, 'X25519 private key'));
  return { text: bytesToHex(box), nonce: bytesToHex(nonce) };
}

export function boxOpen(textHex: string, nonceHex: string, theirPublicKeyHex: string, mySecretKey: SecretBytes, what = 'data'): Uint8Array {
  const box = hexToBytes(textHex, `${what} ciphertext`);
  const nonce = hexToBytes(nonceHex, `${what} nonce`, NONCE_BYTES);
  const theirPublic = hexToBytes(theirPublicKeyHex, `${what} public key`, KEY_BYTES);
  const opened = nacl.box.open(box, nonce, theirPublic, keyBytes(mySecretKey, 'X25519 private key'));
  if (opened === null) {
    throw new PsonoError('decrypt-failed', { detail: `(${what})` });
  }
  return opened;
}

export interface SigningKeyPair {
  readonly verifyKey: Uint8Array;
  /** tweetnacl's 64-byte signing key (seed || public key). */
  readonly signingKey: SecretBytes;
}

/** Ed25519 key pair from a 32-byte seed — the API key private key is such a seed (spec §2.2). */
export function signingKeyFromSeed(seed: SecretBytes): SigningKeyPair {
  const pair = nacl.sign.keyPair.fromSeed(keyBytes(seed, 'Ed25519 seed'));
  return { verifyKey: pair.publicKey, signingKey: new SecretBytes(pair.secretKey) };
}

export function signDetached(message: Uint8Array, signingKey: SecretBytes): string {
  return bytesToHex(nacl.sign.detached(message, signingKey.expose()));
}

/** False for a wrong signature; malformed hex is `invalid-input`. */
export function verifyDetached(message: Uint8Array, signatureHex: string, verifyKeyHex: string): boolean {
  const signature = hexToBytes(signatureHex, 'signature', SIGNATURE_BYTES);
  const verifyKey = hexToBytes(verifyKeyHex, 'verify key', KEY_BYTES);
  return nacl.sign.detached.verify(message, signature, verifyKey);
}
