import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { isUuid, urlHostOf } from '../../../src/core/vault';

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
});
