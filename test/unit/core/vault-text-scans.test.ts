import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { isUuid, urlHostOf } from '../../../src/core/vault';

// The same rules written as regexes: the reference the scans must agree with.
function referenceUrlHost(urlFilter: string | null): string | null {
  if (urlFilter === null) {
    return null;
  }
  const first = urlFilter.split(/[\s,;]+/).find((part) => part !== '');
  if (!first) {
    return null;
  }
  let host = first.split('#')[0]!;
  host = host.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split(/[/?]/)[0]!;
  return host === '' ? null : host.toLowerCase();
}
const referenceUuid = (value: unknown): boolean => typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

/** Deterministic pseudo-random strings over the characters the scans treat specially. */
function* randomTexts(count: number, alphabet: readonly string[], maxLength: number): Generator<string> {
  let state = 0x2545f491;
  const next = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  for (let n = 0; n < count; n++) {
    let text = '';
    const length = Math.floor(next() * maxLength);
    for (let i = 0; i < length; i++) {
      text += alphabet[Math.floor(next() * alphabet.length)]!;
    }
    yield text;
  }
}

describe('urlHostOf', () => {
  it('finds the first filter\'s host in the cases users write', () => {
    const cases: Array<[string | null, string | null]> = [
      [null, null],
      ['', null],
      ['mail.Example.com', 'mail.example.com'],
      ['https://GitHub.com/login?next=/', 'github.com'],
      ['  ,; example.org, other.org', 'example.org'],
      ['rp.example#credential', 'rp.example'],
      ['android://com.app.x', 'com.app.x'],
      ['svn+ssh://host:22/repo', 'host:22'],
      ['web-app.v2://Host.Test/p', 'host.test'],
      ['1http://host', '1http:'],
      ['http:/host', 'http:'],
      ['://host', ':'],
      ['#only-a-fragment', null],
      ['https://', null],
      ['example.com\u00a0other.com', 'example.com'],
      ['\u2028https://x.test/y', 'x.test'],
    ];
    for (const [input, expected] of cases) {
      assert.equal(urlHostOf(input), expected, JSON.stringify(input));
      assert.equal(referenceUrlHost(input), expected, `reference: ${JSON.stringify(input)}`);
    }
  });

  it('agrees with the regex form on 20,000 random filters', () => {
    const alphabet = ['a', 'Z', 'h', 't', 'p', 's', '1', '+', '.', '-', ':', '/', '?', '#', ',', ';', ' ', '\t', '\n', '\u00a0', '\u2003', '\ufeff', 'é', '_', '@'];
    for (const text of randomTexts(20_000, alphabet, 24)) {
      assert.equal(urlHostOf(text), referenceUrlHost(text), JSON.stringify(text));
    }
  });
});

describe('isUuid', () => {
  it('accepts 8-4-4-4-12 hex digits in either case and nothing else', () => {
    assert.equal(isUuid('0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d'), true);
    assert.equal(isUuid('0A1B2C3D-4E5F-6A7B-8C9D-0E1F2A3B4C5D'), true);
    for (const bad of ['', '0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d', '0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5', '0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5g', '0a1b2c3d_4e5f-6a7b-8c9d-0e1f2a3b4c5d', '0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d ', '０a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5']) {
      assert.equal(isUuid(bad), false, bad);
    }
    for (const value of [null, undefined, 36, {}, ['0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d']]) {
      assert.equal(isUuid(value), false, String(value));
    }
  });

  it('agrees with the regex form on 20,000 random 36-character strings', () => {
    const alphabet = ['0', '9', 'a', 'f', 'A', 'F', 'g', 'G', '-', '-', '-', 'é', '\uff41', ' '];
    let accepted = 0;
    for (const text of randomTexts(20_000, alphabet, 37)) {
      // Mostly the right length, with dashes where a UUID has them, so both answers occur.
      const shaped = text.padEnd(36, '0').slice(0, 36).split('');
      for (const at of [8, 13, 18, 23]) {
        if (text.length % 3 !== 0) {
          shaped[at] = '-';
        }
      }
      const candidate = shaped.join('');
      assert.equal(isUuid(candidate), referenceUuid(candidate), candidate);
      accepted += isUuid(candidate) ? 1 : 0;
    }
    assert.ok(accepted > 0, 'the random strings include valid UUIDs');
  });
});
