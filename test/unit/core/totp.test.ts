import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { PsonoError } from '../../../src/core/errors';
import { decodeBase32, parseOtpauthUri, totpCode, totpParams } from '../../../src/core/totp';
import { vectors } from '../../fixtures/vectors';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const ascii = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'utf8'));

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
