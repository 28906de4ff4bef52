/**
 * Bulk sealing for the dev server. The shared wrapper `sealJson` builds its hex output one
 * character at a time; for the server's large payloads (a 50,000-item datastore is ~30 MB of hex,
 * and every response is sealed again) that costs seconds and gigabytes of string ropes. This is
 * the same primitive (tweetnacl secretbox, tag||ciphertext, random 24-byte nonce) with Node's
 * native hex encoding. Opening, box, signatures and key wrapping still use src/core/crypto.
 */
import nacl from 'tweetnacl';

import type { Envelope } from '../src/core/crypto';
import type { SecretBytes } from '../src/core/sensitive';

const NONCE_BYTES = 24;

export function sealJsonFast(value: unknown, key: SecretBytes): Envelope {
  const nonce = nacl.randomBytes(NONCE_BYTES);
  const sealed = nacl.secretbox(Buffer.from(JSON.stringify(value), 'utf8'), nonce, key.expose());
  return {
    text: Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength).toString('hex'),
    nonce: Buffer.from(nonce).toString('hex'),
  };
}
