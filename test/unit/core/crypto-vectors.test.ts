import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inspect } from 'node:util';

import {
  boxOpen,
  bytesToHex,
  hexToBytes,
  keyFromHex,
  openJson,
  sealJson,
  secretboxOpen,
  secretboxSeal,
  secretboxSealWithNonce,
  signDetached,
  signingKeyFromSeed,
  unwrapKey,
  utf8Decode,
  utf8Encode,
  verifyDetached,
  wrapKey,
  x25519PublicKey,
} from '../../../src/core/crypto';
import { PsonoError } from '../../../src/core/errors';
import { SecretBytes } from '../../../src/core/sensitive';
import { vectors } from '../../fixtures/vectors';

const { primitives } = vectors;

function expectKind(fn: () => unknown, kind: string): void {
  assert.throws(fn, (error: unknown) => error instanceof PsonoError && error.kind === kind);
}

describe('secretbox vectors', () => {
  for (const vector of primitives.secretbox) {
    it(`seals "${vector.name}" to the libsodium ciphertext and opens it back`, () => {
      const key = keyFromHex(vector.key_hex, 'key');
      const sealed = secretboxSealWithNonce(utf8Encode(vector.plaintext_utf8), key, hexToBytes(vector.nonce_hex, 'nonce'));
      assert.equal(sealed.text, vector.ciphertext_hex);
      const opened = secretboxOpen(vector.ciphertext_hex, vector.nonce_hex, key);
      assert.equal(bytesToHex(opened), vector.plaintext_hex);
      assert.equal(utf8Decode(opened), vector.plaintext_utf8);
    });
  }

  for (const vector of primitives.secretbox_must_fail) {
    it(`rejects "${vector.name}" as decrypt-failed`, () => {
      expectKind(() => secretboxOpen(vector.ciphertext_hex, vector.nonce_hex, keyFromHex(vector.key_hex, 'key')), 'decrypt-failed');
    });
  }

  it('rejects a flipped byte in the encrypted part, not only in the tag', () => {
    const vector = primitives.secretbox[0]!;
    const bytes = hexToBytes(vector.ciphertext_hex, 'ct');
    bytes[bytes.length - 1]! ^= 0x01;
    expectKind(() => secretboxOpen(bytesToHex(bytes), vector.nonce_hex, keyFromHex(vector.key_hex, 'key')), 'decrypt-failed');
  });

  it('seals with a fresh random nonce every time, across refills of the nonce pool', () => {
    const key = keyFromHex('42'.repeat(32), 'key');
    const nonces = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const envelope = secretboxSeal(utf8Encode(`message ${i}`), key);
      assert.equal(utf8Decode(secretboxOpen(envelope.text, envelope.nonce, key)), `message ${i}`);
      assert.notEqual(envelope.nonce, '0'.repeat(48));
      nonces.add(envelope.nonce);
    }
    assert.equal(nonces.size, 300);
  });

  it('rejects the right ciphertext under a wrong key', () => {
    const vector = primitives.secretbox[0]!;
    const wrong = keyFromHex(vector.key_hex.replace(/^./, (c) => (c === '0' ? '1' : '0')), 'key');
    expectKind(() => secretboxOpen(vector.ciphertext_hex, vector.nonce_hex, wrong), 'decrypt-failed');
  });
});

describe('box vectors', () => {
  for (const vector of primitives.box) {
    it('opens the libsodium crypto_box ciphertext with the recipient key and sender public key', () => {
      const opened = boxOpen(vector.ciphertext_hex, vector.nonce_hex, vector.sender_public_key_hex, keyFromHex(vector.recipient_private_key_hex, 'sk'));
      assert.equal(utf8Decode(opened), vector.plaintext_utf8);
    });

    it('fails to open with the wrong public key', () => {
      expectKind(
        () => boxOpen(vector.ciphertext_hex, vector.nonce_hex, vector.recipient_public_key_hex, keyFromHex(vector.recipient_private_key_hex, 'sk')),
        'decrypt-failed',
      );
    });
  }
});

describe('x25519 vectors', () => {
  for (const vector of primitives.x25519_public_from_private) {
    it(`derives public key ${vector.public_key_hex.slice(0, 8)}…`, () => {
      assert.equal(bytesToHex(x25519PublicKey(keyFromHex(vector.private_key_hex, 'sk'))), vector.public_key_hex);
    });
  }
});

describe('ed25519 vectors', () => {
  for (const vector of primitives.ed25519) {
    it(`"${vector.name}": seed gives the verify key and the exact signature`, () => {
      const pair = signingKeyFromSeed(keyFromHex(vector.seed_hex, 'seed'));
      assert.equal(bytesToHex(pair.verifyKey), vector.verify_key_hex);
      assert.notEqual(bytesToHex(pair.verifyKey), vector.x25519_public_key_of_same_32_bytes_hex);
      assert.equal(signDetached(utf8Encode(vector.message_utf8), pair.signingKey), vector.signature_hex);
      assert.equal(verifyDetached(utf8Encode(vector.message_utf8), vector.signature_hex, vector.verify_key_hex), true);
    });

    if (vector.altered_message_utf8 !== undefined) {
      const altered = vector.altered_message_utf8;
      it(`"${vector.name}": the altered message must fail verification`, () => {
        assert.equal(verifyDetached(utf8Encode(altered), vector.signature_hex, vector.verify_key_hex), false);
      });
    }

    it(`"${vector.name}": a wrong verify key fails`, () => {
      assert.equal(verifyDetached(utf8Encode(vector.message_utf8), vector.signature_hex, vector.x25519_public_key_of_same_32_bytes_hex), false);
    });
  }
});

describe('hex and key wrapping', () => {
  it('accepts upper-case hex and rejects odd length, foreign characters and wrong sizes', () => {
    assert.deepEqual([...hexToBytes('0aFF', 'x')], [10, 255]);
    expectKind(() => hexToBytes('abc', 'x'), 'invalid-input');
    expectKind(() => hexToBytes('zz', 'x'), 'invalid-input');
    expectKind(() => hexToBytes('00', 'x', 32), 'invalid-input');
  });

  it('wraps a key as its hex text and unwraps it to the same 32 bytes', () => {
    const wrapping = keyFromHex('11'.repeat(32), 'wrapping');
    const key = keyFromHex('ab'.repeat(32), 'key');
    const envelope = wrapKey(key, wrapping);
    assert.equal(hexToBytes(envelope.text, 'ct').length, 64 + 16, 'the plaintext is 64 hex characters');
    assert.equal(bytesToHex(unwrapKey(envelope.text, envelope.nonce, wrapping, 'key').expose()), 'ab'.repeat(32));
  });

  it('never names the value in an error message', () => {
    const secretHex = 'f00dfeed'.repeat(8);
    try {
      hexToBytes(`${secretHex}zz`, 'API key secret key', 32);
      assert.fail('expected an error');
    } catch (error) {
      assert.ok(error instanceof PsonoError);
      assert.ok(!error.message.includes(secretHex));
      assert.match(error.message, /API key secret key/);
    }
  });
});

describe('openJson', () => {
  const key = keyFromHex('42'.repeat(32), 'key');

  it('opens sealed JSON, long hex and non-ASCII text included', () => {
    const content = { data: 'a1b2c3d4'.repeat(20_000), data_nonce: 'cd'.repeat(24), title: 'Grüße 🌍' };
    const sealed = sealJson(content, key);
    assert.deepEqual(openJson(sealed.text, sealed.nonce, key, 'share'), content);
    assert.deepEqual(openJson(sealed.text.toUpperCase(), sealed.nonce, key, 'share'), content);
  });

  it('names each fault: bad hex, a wrong key or tampered byte, a plaintext that is not UTF-8 or not JSON', () => {
    const sealed = sealJson({ a: 1 }, key);
    expectKind(() => openJson(`${sealed.text}0`, sealed.nonce, key), 'invalid-input');
    expectKind(() => openJson(sealed.text, 'zz'.repeat(24), key), 'invalid-input');
    expectKind(() => openJson(sealed.text, sealed.nonce, keyFromHex('43'.repeat(32), 'other')), 'decrypt-failed');
    const notUtf8 = secretboxSeal(Uint8Array.from([0x7b, 0xff, 0x7d]), key);
    expectKind(() => openJson(notUtf8.text, notUtf8.nonce, key), 'malformed-response');
    const notJson = secretboxSeal(utf8Encode('{"a": hunter2}'), key);
    expectKind(() => openJson(notJson.text, notJson.nonce, key), 'malformed-response');
  });
});

describe('SecretBytes', () => {
  it('prints as [redacted] everywhere and zero-fills on wipe', () => {
    const bytes = Uint8Array.from([1, 2, 3]);
    const secret = new SecretBytes(bytes);
    assert.equal(String(secret), '[redacted]');
    assert.equal(`${secret}`, '[redacted]');
    assert.equal(JSON.stringify({ secret }), '{"secret":"[redacted]"}');
    assert.equal(inspect({ secret }), '{ secret: [redacted] }');
    secret.wipe();
    assert.deepEqual([...bytes], [0, 0, 0]);
    assert.throws(() => secret.expose(), /after wipe/);
  });
});
