import assert from 'node:assert/strict';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';

import { PsonoError } from '../../../src/core/errors';
import { decodeBase32, hmac, parseOtpauthUri, sha1, sha256, sha512, totpCode, totpParams } from '../../../src/core/totp';
import { vectors } from '../../fixtures/vectors';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const ascii = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'utf8'));
const repeat = (byte: number, count: number): Uint8Array => new Uint8Array(count).fill(byte);

describe('hashes (FIPS 180-4 examples)', () => {
  it('SHA-1 and SHA-256 give the published digests of "", "abc" and the two-block message', () => {
    const twoBlock = ascii('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq');
    assert.equal(hex(sha1(ascii(''))), 'da39a3ee5e6b4b0d3255bfef95601890afd80709');
    assert.equal(hex(sha1(ascii('abc'))), 'a9993e364706816aba3e25717850c26c9cd0d89d');
    assert.equal(hex(sha1(twoBlock)), '84983e441c3bd26ebaae4aa1f95129e5e54670f1');
    assert.equal(hex(sha256(ascii(''))), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    assert.equal(hex(sha256(ascii('abc'))), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.equal(hex(sha256(twoBlock)), '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });

  it('agree with node:crypto at every length around the padding boundaries', () => {
    for (let length = 0; length <= 200; length++) {
      const message = new Uint8Array(randomBytes(length));
      assert.equal(hex(sha1(message)), createHash('sha1').update(message).digest('hex'), `sha1 length ${length}`);
      assert.equal(hex(sha256(message)), createHash('sha256').update(message).digest('hex'), `sha256 length ${length}`);
      assert.equal(hex(sha512(message)), createHash('sha512').update(message).digest('hex'), `sha512 length ${length}`);
    }
  });
});

describe('HMAC (RFC 2202 / RFC 4231)', () => {
  const hiThere = ascii('Hi There');
  const jefe = ascii('Jefe');
  const jefeData = ascii('what do ya want for nothing?');
  const bigKeyData = ascii('Test Using Larger Than Block-Size Key - Hash Key First');

  it('HMAC-SHA1 test cases 1, 2 and 6 of RFC 2202', () => {
    assert.equal(hex(hmac('SHA1', repeat(0x0b, 20), hiThere)), 'b617318655057264e28bc0b6fb378c8ef146be00');
    assert.equal(hex(hmac('SHA1', jefe, jefeData)), 'effcdf6ae5eb2fa2d27416d5f184df9c259a7c79');
    assert.equal(hex(hmac('SHA1', repeat(0xaa, 80), bigKeyData)), 'aa4ae5e15272d00e95705637ce8a3b55ed402112');
  });

  it('HMAC-SHA256 and HMAC-SHA512 test cases 1, 2 and 6 of RFC 4231', () => {
    assert.equal(hex(hmac('SHA256', repeat(0x0b, 20), hiThere)), 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7');
    assert.equal(hex(hmac('SHA256', jefe, jefeData)), '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
    assert.equal(hex(hmac('SHA256', repeat(0xaa, 131), bigKeyData)), '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54');
    assert.equal(
      hex(hmac('SHA512', repeat(0x0b, 20), hiThere)),
      '87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854',
    );
    assert.equal(
      hex(hmac('SHA512', jefe, jefeData)),
      '164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737',
    );
    assert.equal(
      hex(hmac('SHA512', repeat(0xaa, 131), bigKeyData)),
      '80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598',
    );
  });

  it('agrees with node:crypto for keys shorter and longer than a block', () => {
    for (const keyLength of [0, 1, 20, 63, 64, 65, 127, 128, 129, 200]) {
      const key = new Uint8Array(randomBytes(keyLength));
      const message = new Uint8Array(randomBytes(keyLength + 3));
      for (const [ours, theirs] of [['SHA1', 'sha1'], ['SHA256', 'sha256'], ['SHA512', 'sha512']] as const) {
        assert.equal(hex(hmac(ours, key, message)), createHmac(theirs, key).update(message).digest('hex'), `${ours} key ${keyLength}`);
      }
    }
  });
});

describe('TOTP', () => {
  for (const vector of vectors.totp) {
    it(`${vector.source}: ${vector.totp_algorithm} at t=${vector.unix_time} gives ${vector.expected}`, () => {
      const params = totpParams({ secret: vector.totp_code_base32, algorithm: vector.totp_algorithm, digits: vector.totp_digits, period: vector.totp_period });
      assert.equal(totpCode(params, vector.unix_time * 1000).code, vector.expected);
      if (vector.expected_6_digits) {
        const sixDigits = totpParams({ secret: vector.totp_code_base32, algorithm: vector.totp_algorithm, digits: 6, period: vector.totp_period });
        assert.equal(totpCode(sixDigits, vector.unix_time * 1000).code, vector.expected_6_digits);
      }
    });
  }

  const exchange = vectors.api_key_login_exchange as {
    step7_secret_read: { secret_content: Record<string, unknown> };
    step7b_secret_read_totp_from_share: { secret_content: Record<string, unknown> };
    totp_checks: Array<{ secret: string; unix_time: number; period: number; digits: number; algorithm: string; expected: string }>;
  };
  const secrets: Record<string, unknown> = {
    secret_web: exchange.step7_secret_read.secret_content['website_password_totp_code'],
    secret_totp: exchange.step7b_secret_read_totp_from_share.secret_content['totp_code'],
  };
  for (const check of exchange.totp_checks) {
    it(`worked exchange ${check.secret} at t=${check.unix_time} gives ${check.expected}`, () => {
      const params = totpParams({ secret: secrets[check.secret], algorithm: check.algorithm, digits: check.digits, period: check.period });
      assert.equal(totpCode(params, check.unix_time * 1000).code, check.expected);
    });
  }

  it('accepts numeric strings, lowercase algorithm names and missing fields (defaults SHA1/6/30)', () => {
    const params = totpParams({ secret: 'JBSWY3DPEHPK3PXP', algorithm: 'sha-1', digits: '6', period: ' 30 ' });
    assert.deepEqual({ ...params }, { secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 6, period: 30 });
    const defaults = totpParams({ secret: 'JBSWY3DPEHPK3PXP', algorithm: '', digits: null });
    assert.equal(defaults.algorithm, 'SHA1');
    assert.equal(defaults.digits, 6);
    assert.equal(defaults.period, 30);
    assert.equal(totpCode(defaults, 1767225600_000).code, '260025');
  });

  it('counts the seconds left in the window', () => {
    const params = totpParams({ secret: 'JBSWY3DPEHPK3PXP' });
    assert.equal(totpCode(params, 1767225600_000).secondsRemaining, 30);
    assert.equal(totpCode(params, 1767225629_999).secondsRemaining, 1);
    assert.equal(totpCode(params, 1767225615_500).secondsRemaining, 15);
    const sixty = totpParams({ secret: 'JBSWY3DPEHPK3PXP', period: 60 });
    assert.equal(totpCode(sixty, 1767225610_000).secondsRemaining, 50);
  });

  it('reads otpauth:// URIs, whose parameters win over the separate fields', () => {
    const vector = vectors.totp.find((v) => v.totp_algorithm === 'SHA256' && v.unix_time === 59)!;
    const uri = `otpauth://totp/ACME%20Co:alice@example.com?secret=${vector.totp_code_base32}&issuer=ACME%20Co&algorithm=SHA256&digits=8&period=30`;
    const parts = parseOtpauthUri(uri);
    assert.equal(parts.label, 'ACME Co:alice@example.com');
    assert.equal(parts.issuer, 'ACME Co');
    const params = totpParams({ secret: uri, algorithm: 'SHA1', digits: 6 });
    assert.equal(params.algorithm, 'SHA256');
    assert.equal(params.digits, 8);
    assert.equal(totpCode(params, 59_000).code, vector.expected);
  });
});

describe('base32', () => {
  it('decodes with spaces, dashes, lowercase and with or without padding', () => {
    const expected = '48656c6c6f21deadbeef'; // "Hello!" followed by 0xdeadbeef
    assert.equal(hex(decodeBase32('JBSWY3DPEHPK3PXP')), expected);
    assert.equal(hex(decodeBase32('jbsw-y3dp ehpk\t3pxp')), expected);
    assert.equal(hex(decodeBase32('MZXW6===')), hex(ascii('foo')));
    assert.equal(hex(decodeBase32('MZXW6')), hex(ascii('foo')));
    assert.equal(hex(decodeBase32('mzxw6ytboi')), hex(ascii('foobar')));
  });

  it('rejects foreign characters and empty secrets without echoing the secret', () => {
    for (const bad of ['JBSWY3DPEHPK3PX1', 'JBSW!Y3DP', 'ÄBCD', '   ', '']) {
      assert.throws(
        () => decodeBase32(bad),
        (error: unknown) => error instanceof PsonoError && error.kind === 'invalid-input' && (bad.trim() === '' || !error.message.includes(bad)),
      );
    }
    assert.throws(() => totpParams({ secret: 'JBSWY3DP1' }), (error: unknown) => error instanceof PsonoError && error.kind === 'invalid-input');
    assert.throws(() => totpParams({ secret: 'JBSWY3DP', algorithm: 'MD5' }), /SHA1, SHA256 or SHA512/);
    assert.throws(() => totpParams({ secret: 'JBSWY3DP', digits: 'six' }), /digit count/);
    assert.throws(() => totpParams({ secret: 'JBSWY3DP', period: 0 }), /period/);
    assert.throws(() => totpParams({ secret: undefined }), /no TOTP secret/);
  });
});
