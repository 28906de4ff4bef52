// StreamedEnvelope (src/core/session/responses.ts) reads a large transport envelope while it
// arrives: the hex of `text` is decoded piece by piece into the box it is opened in. Whatever the
// pieces, it must give what the whole-body path gives (openJson over parseJsonBytes), or decline so
// that the whole-body path runs; never a different value or a different error.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { keyFromHex, openJson, parseJsonBytes, sealJson, StreamedSecretbox, type HexText } from '../../../src/core/crypto';
import { PsonoError } from '../../../src/core/errors';
import { StreamedEnvelope } from '../../../src/core/session/responses';

const sessionKey = keyFromHex('5e'.repeat(32), 'session key');
/** A share-like answer whose `data` is long enough to make the envelope a large body. */
const answer = { data: 'c0ffee'.repeat(20_000), data_nonce: 'ab'.repeat(24), rights: { read: true, write: false }, note: 'Grüße 🌍' };
const sealed = sealJson(answer, sessionKey);
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const compactBody = utf8(JSON.stringify({ text: sealed.text, nonce: sealed.nonce }));

/** JSON without AsciiHex instances, for comparison. */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

/** What the whole-body path gives (or throws) for `body`. */
function wholeBody(body: Uint8Array): unknown {
  const envelope = parseJsonBytes(body, 'response', ['text']) as { text: HexText; nonce: string };
  return openJson(envelope.text, envelope.nonce, sessionKey, 'response', ['data']);
}

/** Feeds `body` in pieces of the given sizes (cycled) and returns the envelope observer. */
function feed(body: Uint8Array, sizes: readonly number[], options: { status?: number; contentLength?: number | null } = {}): StreamedEnvelope {
  const streamed = new StreamedEnvelope();
  const contentLength = options.contentLength === undefined ? body.length : options.contentLength;
  if (streamed.begin(options.status ?? 200, contentLength)) {
    for (let at = 0, piece = 0; at < body.length; piece++) {
      const size = sizes[piece % sizes.length]!;
      // Copies, as a socket delivers fresh buffers: the observer must not keep views.
      streamed.chunk(body.slice(at, at + size));
      at += size;
    }
  }
  return streamed;
}

function streamedValue(streamed: StreamedEnvelope): unknown {
  const decoded = streamed.take();
  assert.ok(decoded !== null, 'the streamed path applies');
  try {
    return decoded.box.openJson(decoded.nonce, sessionKey, 'response', ['data']);
  } finally {
    streamed.dispose();
  }
}

/** The error thrown by `run`, as kind and message. */
function failure(run: () => unknown): [string, string] {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof PsonoError, String(error));
    return [error.kind, error.message];
  }
  assert.fail('expected a PsonoError');
}

describe('StreamedEnvelope', () => {
  test('gives the whole-body result for pieces of every size, split inside the head, a digit pair and the tail', () => {
    const expected = plain(wholeBody(compactBody));
    assert.deepEqual(expected, plain(answer));
    for (const sizes of [[compactBody.length], [1], [2], [3], [7, 1, 64], [4099], [65_536], [5, 8, 13, 21, 34, 55, 89, 144]]) {
      assert.deepEqual(plain(streamedValue(feed(compactBody, sizes))), expected, `pieces of ${sizes.join(',')}`);
    }
  });

  test('members before text (the nonce first) are fine; the value may start at an odd offset', () => {
    const body = utf8(`{"nonce":"${sealed.nonce}","x":1,"text":"${sealed.text}"}`);
    assert.deepEqual(plain(streamedValue(feed(body, [333]))), plain(answer));
  });

  test('declines what it does not read: an error status, a small or unsized body', () => {
    for (const [status, contentLength] of [[403, compactBody.length], [200, 1000], [200, null]] as const) {
      const streamed = new StreamedEnvelope();
      assert.equal(streamed.begin(status, contentLength), false, `${status} ${contentLength}`);
      assert.equal(streamed.take(), null);
      streamed.dispose();
    }
  });

  test('leaves every other shape to the whole-body path (take() is null)', () => {
    const shapes = [
      `{"text": "${sealed.text}", "nonce": "${sealed.nonce}"}`, // whitespace after the colon
      `{"nested":{"a":1},"text":"${sealed.text}","nonce":"${sealed.nonce}"}`, // an object before the value
      `{"text":"${sealed.text}","nonce":"${sealed.nonce}","text":"00"}`, // a later duplicate wins in JSON
      `{"text":"${sealed.text.slice(0, 1000)}\\n${sealed.text.slice(1000)}","nonce":"${sealed.nonce}"}`, // an escape
      `{"text":"${sealed.text.slice(0, 999)}g${sealed.text.slice(1000)}","nonce":"${sealed.nonce}"}`, // not a digit
      `{"text":"${sealed.text}","nonce":"${sealed.nonce}"`, // cut short
      `{"text":"${sealed.text}","nonce":${JSON.stringify('x'.repeat(5000))}}`, // a tail too long to keep
      `[{"text":"${sealed.text}"}]`, // not an object
    ];
    for (const shape of shapes) {
      const streamed = feed(utf8(shape), [4099]);
      assert.equal(streamed.take(), null, shape.slice(0, 40));
      streamed.dispose();
    }
    // A second response on the same observer (the transport retried): nothing read is used.
    const retried = feed(compactBody, [compactBody.length]);
    assert.equal(retried.begin(200, compactBody.length), false);
    assert.equal(retried.take(), null);
    retried.dispose();
    // A body longer than its Content-Length said does not fit the box.
    const overflowing = feed(compactBody, [4099], { contentLength: 70_000 });
    assert.equal(overflowing.take(), null);
    overflowing.dispose();
  });

  test('an odd digit count, a tampered byte and a bad nonce fail exactly as on the whole-body path', () => {
    const odd = utf8(`{"text":"${sealed.text}a","nonce":"${sealed.nonce}"}`);
    const flipped = `${sealed.text.slice(0, 500)}${sealed.text[500] === '0' ? '1' : '0'}${sealed.text.slice(501)}`;
    const tampered = utf8(JSON.stringify({ text: flipped, nonce: sealed.nonce }));
    const badNonce = utf8(JSON.stringify({ text: sealed.text, nonce: 'zz' }));
    for (const [name, body, kind] of [['odd', odd, 'invalid-input'], ['tampered', tampered, 'decrypt-failed'], ['nonce', badNonce, 'invalid-input']] as const) {
      const expected = failure(() => wholeBody(body));
      assert.equal(expected[0], kind, name);
      assert.deepEqual(failure(() => streamedValue(feed(body, [777]))), expected, name);
    }
  });

  test('a disposed box refuses digits and opening', () => {
    const box = new StreamedSecretbox(16);
    assert.equal(box.addDigits(utf8('00ff'), 0, 4), true);
    assert.equal(box.length, 2);
    assert.equal(box.addDigits(utf8('0'.repeat(40)), 0, 40), false, 'past its capacity');
    box.dispose();
    assert.equal(box.addDigits(utf8('00'), 0, 2), false);
    assert.equal(failure(() => box.openJson(sealed.nonce, sessionKey))[0], 'invalid-input');
  });
});
