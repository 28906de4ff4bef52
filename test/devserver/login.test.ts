// The dev server's /info/ and /api-key/login/ against the spec's server-side rules (§3, §4),
// driven with raw HTTP and raw crypto (test/devserver/raw-client.ts), plus the spec vectors.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
  boxOpen,
  keyFromHex,
  signDetached,
  signingKeyFromSeed,
  unwrapKey,
  utf8Decode,
  utf8Encode,
  verifyDetached,
  x25519PublicKey,
  bytesToHex,
} from '../../src/core/crypto';
import { startDevServer, type DevServer, type VaultSeed } from '../../devserver/index';
import { vectors } from '../fixtures/vectors';
import { authed, jsonPost, rawFetch, rawLogin } from './raw-client';

const exchange = vectors.api_key_login_exchange as Record<string, Record<string, unknown>>;
const credentials = exchange['credentials'] as Record<string, string>;
const derived = exchange['derived_keys'] as Record<string, string>;
const step1 = exchange['step1_login_request'] as Record<string, unknown> & { request: { body: { info: string; signature: string } } };
const step3 = exchange['step3_decrypted_login_info'] as Record<string, string>;

const seed: VaultSeed = {
  seed: 'login-tests',
  user: { username: 'alice@exämple.com', privateKey: derived['user_private_key_TEST_ONLY']!, secretKey: derived['user_secret_key_TEST_ONLY']! },
  datastores: [{ type: 'password', items: [{ type: 'note', secret: { note_title: 'n', note_notes: 'x' } }] }],
  apiKeys: [
    { name: 'vector', id: credentials['api_key_id']!, privateKey: credentials['api_key_private_key']!, secretKey: credentials['api_key_secret_key']! },
    { name: 'restricted', restrictToSecrets: true },
    { name: 'spare' },
  ],
};

function signedBody(server: DevServer, name: string, info: Record<string, unknown> | string): { info: string; signature: string } {
  const key = server.apiKey(name);
  const infoString = typeof info === 'string' ? info : JSON.stringify(info);
  const signingKey = signingKeyFromSeed(keyFromHex(key.apiKeyPrivateKey, 'seed')).signingKey;
  return { info: infoString, signature: signDetached(utf8Encode(infoString), signingKey) };
}

const SOME_PUBLIC_KEY = bytesToHex(x25519PublicKey(keyFromHex('11'.repeat(32), 'k')));

describe('devserver /info/', () => {
  let server: DevServer;
  before(async () => {
    server = await startDevServer({ seed, serverKeySeed: 'info-tests' });
  });
  after(() => server.close());

  it('is signed with the server Ed25519 key over the exact info string', async () => {
    const response = await rawFetch(`${server.url}/info/`);
    assert.equal(response.status, 200);
    const body = JSON.parse(response.text) as { info: string; signature: string; verify_key: string };
    assert.equal(body.verify_key, server.verifyKey);
    assert.ok(verifyDetached(utf8Encode(body.info), body.signature, server.verifyKey));
    const info = JSON.parse(body.info) as Record<string, unknown>;
    assert.equal(info['public_key'], server.publicKey);
    assert.equal(info['version'], '7.2.3 (Build 2c4590d8)');
    assert.equal(info['type'], 'CE');
    // Python json.dumps separators inside the signed string.
    assert.match(body.info, /^\{"version": "7\.2\.3/);
  });

  it('derives SERVER_PUBLIC_KEY and SERVER_SIGNATURE from one 32-byte secret, and they differ', async () => {
    const again = await startDevServer({ seed, serverKeySeed: 'info-tests' });
    try {
      assert.equal(again.verifyKey, server.verifyKey);
      assert.equal(again.publicKey, server.publicKey);
      assert.notEqual(server.verifyKey, server.publicKey);
    } finally {
      await again.close();
    }
  });

  it('answers other methods with 405', async () => {
    const response = await rawFetch(`${server.url}/info/`, { method: 'POST' });
    assert.equal(response.status, 405);
  });
});

describe('devserver /api-key/login/', () => {
  let server: DevServer;
  before(async () => {
    server = await startDevServer({ seed });
  });
  after(() => server.close());

  it('accepts the spec vector request byte for byte and wraps the vector user keys', async () => {
    const response = await jsonPost(`${server.url}/api-key/login/`, step1.request.body);
    assert.equal(response.status, 200, response.text);
    const body = JSON.parse(response.text) as Record<string, string>;
    assert.deepEqual(Object.keys(body).sort(), ['login_info', 'login_info_nonce', 'login_info_signature', 'server_session_public_key']);
    assert.match(body['login_info_signature']!, /^[0-9a-f]{128}$/);
    assert.ok(verifyDetached(utf8Encode(body['login_info']!), body['login_info_signature']!, server.verifyKey), 'signature covers the hex text');
    assert.notEqual(body['server_session_public_key'], server.publicKey, 'ephemeral per-login key');
    const clientKey = keyFromHex(step1['client_session_private_key_TEST_ONLY'] as string, 'client key');
    const plaintext = utf8Decode(boxOpen(body['login_info']!, body['login_info_nonce']!, body['server_session_public_key']!, clientKey));
    const info = JSON.parse(plaintext) as Record<string, unknown>;
    assert.match(info['token'] as string, /^[0-9a-f]{128}$/);
    assert.match(info['session_secret_key'] as string, /^[0-9a-f]{64}$/);
    assert.match(info['session_valid_till'] as string, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$/);
    const user = info['user'] as Record<string, string>;
    const apiSecret = keyFromHex(credentials['api_key_secret_key']!, 'api secret');
    assert.equal(bytesToHex(unwrapKey(user['secret_key']!, user['secret_key_nonce']!, apiSecret, 'user secret').expose()), step3['unwrapped_user_secret_key']);
    assert.equal(bytesToHex(unwrapKey(user['private_key']!, user['private_key_nonce']!, apiSecret, 'user private').expose()), step3['unwrapped_user_private_key']);
    assert.equal(user['public_key'], derived['user_public_key']);
    // Python json.dumps: ", " / ": " separators and non-ASCII escaped (username has "ä").
    assert.ok(plaintext.startsWith('{"token": "'), plaintext.slice(0, 20));
    assert.ok(plaintext.includes('"username": "alice@ex\\u00e4mple.com"'));
    assert.deepEqual(
      Object.keys(info),
      ['token', 'session_valid_till', 'session_secret_key', 'api_key_restrict_to_secrets', 'api_key_allow_insecure_access', 'api_key_read', 'api_key_write', 'user'],
    );
  });

  it('gives a restricted key no user keys', async () => {
    const session = await rawLogin(server, server.apiKey('restricted'));
    assert.equal(session.loginInfo['api_key_restrict_to_secrets'], true);
    assert.deepEqual(Object.keys(session.loginInfo['user'] as object).sort(), ['public_key', 'username']);
  });

  it('clamps session_duration to [0, 600] and counts from server time', async () => {
    const long = await rawLogin(server, server.apiKey('spare'), { sessionDuration: 5000 });
    const serverDate = Date.parse(long.loginResponse.headers.get('date')!);
    const validTill = Date.parse((long.loginInfo['session_valid_till'] as string).replace(/(\.\d{3})\d+/, '$1'));
    const seconds = (validTill - serverDate) / 1000;
    assert.ok(seconds > 595 && seconds <= 601, `valid for ${seconds} s`);
    const zero = await rawLogin(server, server.apiKey('spare'), { sessionDuration: 0 });
    const response = await authed(server, zero, 'GET', '/datastore/');
    assert.equal(response.status, 401, 'a 0 s session is born expired');
  });

  const errorCases: Array<{ name: string; body: (s: DevServer) => unknown; status: number; json?: unknown; html?: boolean }> = [
    { name: 'info as an object', body: (s) => ({ info: { api_key_id: s.apiKey('spare').apiKeyId }, signature: 'ab' }), status: 400, json: { info: ['Not a valid string.'] } },
    { name: 'missing fields', body: () => ({}), status: 400, json: { info: ['This field is required.'], signature: ['This field is required.'] } },
    { name: 'info not JSON', body: (s) => signedBody(s, 'spare', 'not json'), status: 400, json: { non_field_errors: ['Login info no valid json'] } },
    { name: 'missing api_key_id', body: (s) => signedBody(s, 'spare', { session_public_key: SOME_PUBLIC_KEY }), status: 500, html: true },
    { name: 'missing session_public_key', body: (s) => signedBody(s, 'spare', { api_key_id: s.apiKey('spare').apiKeyId }), status: 500, html: true },
    { name: 'string session_duration', body: (s) => signedBody(s, 'spare', { api_key_id: s.apiKey('spare').apiKeyId, session_public_key: SOME_PUBLIC_KEY, session_duration: '600' }), status: 500, html: true },
    { name: 'non-hex signature', body: (s) => ({ ...signedBody(s, 'spare', { api_key_id: s.apiKey('spare').apiKeyId, session_public_key: SOME_PUBLIC_KEY }), signature: 'zz'.repeat(64) }), status: 500, html: true },
    { name: 'signature by another key', body: (s) => ({ ...signedBody(s, 'vector', { api_key_id: s.apiKey('spare').apiKeyId, session_public_key: SOME_PUBLIC_KEY }) }), status: 400, json: { non_field_errors: ['Signature invalid.'] } },
    { name: 'unknown api key', body: (s) => signedBody(s, 'spare', { api_key_id: '00000000-0000-4000-8000-000000000000', session_public_key: SOME_PUBLIC_KEY }), status: 400, json: { non_field_errors: ['NO_PERMISSION_OR_NOT_EXIST'] } },
    { name: 'malformed api_key_id', body: (s) => signedBody(s, 'spare', { api_key_id: 'x', session_public_key: SOME_PUBLIC_KEY }), status: 400, json: { non_field_errors: ['“x” is not a valid UUID.'] } },
  ];
  for (const testCase of errorCases) {
    it(`rejects ${testCase.name} with ${testCase.status}`, async () => {
      const response = await jsonPost(`${server.url}/api-key/login/`, testCase.body(server));
      assert.equal(response.status, testCase.status, response.text);
      if (testCase.json !== undefined) {
        assert.deepEqual(JSON.parse(response.text), testCase.json);
      }
      if (testCase.html === true) {
        assert.match(response.headers.get('content-type') ?? '', /text\/html/);
      }
    });
  }

  it('rejects a deactivated key, and accepts it again once reactivated', async () => {
    server.setApiKeyActive('spare', false);
    try {
      await assert.rejects(rawLogin(server, server.apiKey('spare')), /400 .*NO_PERMISSION_OR_NOT_EXIST/);
    } finally {
      server.setApiKeyActive('spare', true);
    }
    await rawLogin(server, server.apiKey('spare'));
  });

  it('answers GET with 405 and a non-JSON content type with 415', async () => {
    assert.equal((await rawFetch(`${server.url}/api-key/login/`)).status, 405);
    const body = JSON.stringify(signedBody(server, 'spare', { api_key_id: server.apiKey('spare').apiKeyId, session_public_key: SOME_PUBLIC_KEY }));
    const response = await rawFetch(`${server.url}/api-key/login/`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body });
    assert.equal(response.status, 415);
  });
});
