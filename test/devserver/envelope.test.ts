// The dev server's fast envelope (native hex) must be byte for byte what DRF renders for
// {text, nonce}, and open to the value it sealed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { keyFromHex, openJson } from '../../src/core/crypto';
import { drfJson } from '../../devserver/pyjson';
import { sealedEnvelopeBody } from '../../devserver/server';

describe('devserver sealedEnvelopeBody', () => {
  const key = keyFromHex('5a'.repeat(32), 'session key');

  test('renders {"text","nonce"} exactly as DRF would and opens to the sealed value', () => {
    for (const value of [{ data: 'ab'.repeat(40_000), title: 'Grüße 🌍' }, { success: 'ok' }, [1, 'two', null]]) {
      const body = sealedEnvelopeBody(value, key).toString('latin1');
      const envelope = JSON.parse(body) as { text: string; nonce: string };
      assert.equal(body, drfJson({ text: envelope.text, nonce: envelope.nonce }));
      assert.match(envelope.text, /^[0-9a-f]+$/);
      assert.match(envelope.nonce, /^[0-9a-f]{48}$/);
      assert.deepEqual(openJson(envelope.text, envelope.nonce, key, 'answer'), value);
    }
  });

  test('a fresh nonce every time', () => {
    const nonces = new Set(Array.from({ length: 20 }, () => (JSON.parse(sealedEnvelopeBody({ a: 1 }, key).toString('latin1')) as { nonce: string }).nonce));
    assert.equal(nonces.size, 20);
  });
});
