// Authenticated requests against the dev server (spec §5, §10): token parsing, validator,
// transport encryption of bodies and responses, permissions, routing rules, logout.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { sealJson } from '../../src/core/crypto';
import { startDevServer, type DevServer, type VaultSeed } from '../../devserver/index';
import { authed, buildValidator, rawFetch, rawLogin, type RawSession } from './raw-client';

const seed: VaultSeed = {
  seed: 'session-tests',
  user: { username: 'bob@example.com' },
  datastores: [{ type: 'password', items: [{ type: 'note', ref: 'n', secret: { note_title: 'n', note_notes: 'x' } }] }],
  apiKeys: [
    { name: 'read' },
    { name: 'write', write: true },
    { name: 'noread', read: false, write: true },
  ],
};

function detail(response: { text: string }): unknown {
  return (JSON.parse(response.text) as { detail?: unknown }).detail;
}

describe('devserver authenticated requests', () => {
  let server: DevServer;
  let session: RawSession;
  before(async () => {
    server = await startDevServer({ seed });
    session = await rawLogin(server, server.apiKey('read'));
  });
  after(() => server.close());

  it('encrypts a successful response with the session key', async () => {
    const response = await authed(server, session, 'GET', '/datastore/');
    assert.equal(response.status, 200);
    assert.equal(response.encrypted, true);
    assert.deepEqual(Object.keys(JSON.parse(response.text) as object).sort(), ['nonce', 'text']);
    const list = response.json as { datastores: Array<{ type: string }> };
    assert.equal(list.datastores.length, 1);
  });

  it('answers authentication failures with plain 401 and WWW-Authenticate: Token', async () => {
    const cases: Array<[string | null, string]> = [
      [null, 'Invalid token header. No token header present.'],
      ['Bearer abc', 'Invalid token header. No token header present.'],
      ['Token', 'Invalid token header. No credentials provided.'],
      ['Token a b', 'Invalid token header. Token string should not contain spaces.'],
      [`Token ${'0'.repeat(128)}`, 'Invalid token or not yet activated.'],
    ];
    for (const [authorization, expected] of cases) {
      const response = await authed(server, session, 'GET', '/datastore/', { authorization });
      assert.equal(response.status, 401, String(authorization));
      assert.equal(response.encrypted, false);
      assert.equal(response.headers.get('www-authenticate'), 'Token');
      assert.equal(detail(response), expected);
    }
    // Keyword is case-insensitive.
    const lower = await authed(server, session, 'GET', '/datastore/', { authorization: `token ${session.token}` });
    assert.equal(lower.status, 200);
  });

  it('rejects broken validators with 401 without ending the session', async () => {
    const missing = await authed(server, session, 'GET', '/datastore/', { validator: null });
    assert.equal(missing.status, 401);
    assert.equal(detail(missing), 'Invalid token header. Incorrect format in token header.');
    const noNonce = await authed(server, session, 'GET', '/datastore/', { validator: '{"text":"00"}' });
    assert.equal(detail(noNonce), 'Invalid token header. Token attribute not present.');
    const garbage = await authed(server, session, 'GET', '/datastore/', { validator: JSON.stringify({ text: '00'.repeat(40), nonce: '00'.repeat(24) }) });
    assert.equal(detail(garbage), 'Invalid token header. Not proper encrypted.');
    assert.equal((await authed(server, session, 'GET', '/datastore/')).status, 200);
  });

  it('deletes the session on a device fingerprint mismatch', async () => {
    const own = await rawLogin(server, server.apiKey('read'));
    const wrong = await authed(server, own, 'GET', '/datastore/', {
      validatorClaims: { request_time: new Date().toISOString(), request_device_fingerprint: 'another-device' },
    });
    assert.equal(wrong.status, 401);
    assert.match(String(detail(wrong)), /^Device Fingerprint Protection: /);
    const after = await authed(server, own, 'GET', '/datastore/');
    assert.equal(detail(after), 'Invalid token or not yet activated.');
  });

  it('accepts request_device_session as the fingerprint alias', async () => {
    const response = await authed(server, session, 'GET', '/datastore/', {
      validatorClaims: { request_time: new Date().toISOString(), request_device_session: session.fingerprint },
    });
    assert.equal(response.status, 200);
  });

  it('allows a constant clock offset but deletes the session when the offset changes by more than 20 s', async () => {
    // Device clock 5 minutes ahead at login, and still 5 minutes ahead later: fine.
    const skewed = await rawLogin(server, server.apiKey('read'), { deviceTime: new Date(Date.now() + 300_000).toISOString() });
    assert.equal((await authed(server, skewed, 'GET', '/datastore/')).status, 200);
    const drifted = await authed(server, skewed, 'GET', '/datastore/', {
      validatorClaims: { request_time: new Date(Date.now() + 300_000 + 30_000).toISOString(), request_device_fingerprint: skewed.fingerprint },
    });
    assert.equal(drifted.status, 401);
    assert.match(String(detail(drifted)), /^Replay Protection: /);
    assert.equal(detail(await authed(server, skewed, 'GET', '/datastore/')), 'Invalid token or not yet activated.');
  });

  it('checks nothing for a session without fingerprint and device time', async () => {
    const bare = await rawLogin(server, server.apiKey('read'), { deviceFingerprint: null, deviceTime: null });
    assert.equal((await authed(server, bare, 'GET', '/datastore/', { validator: null })).status, 200);
    assert.equal((await authed(server, bare, 'GET', '/datastore/', { validator: 'garbage' })).status, 200);
  });

  it('crashes (500) on a fingerprint-only session and deletes a time-only session (spec §4.1)', async () => {
    const fingerprintOnly = await rawLogin(server, server.apiKey('read'), { deviceTime: null });
    const crashed = await authed(server, fingerprintOnly, 'GET', '/datastore/');
    assert.equal(crashed.status, 500);
    assert.match(crashed.headers.get('content-type') ?? '', /text\/html/);
    const timeOnly = await rawLogin(server, server.apiKey('read'), { deviceFingerprint: null });
    const rejected = await authed(server, timeOnly, 'GET', '/datastore/');
    assert.equal(rejected.status, 401);
    assert.equal(detail(await authed(server, timeOnly, 'GET', '/datastore/')), 'Invalid token or not yet activated.');
  });

  it('requires encrypted request bodies: plain → 400 Invalid request (encrypted), wrong type → 415', async () => {
    const own = await rawLogin(server, server.apiKey('read'));
    const plainBody = await authed(server, own, 'POST', '/authentication/logout/', { rawBody: '{}' });
    assert.equal(plainBody.status, 400);
    assert.equal(plainBody.encrypted, true);
    assert.deepEqual(plainBody.json, { detail: 'Invalid request' });
    const wrongType = await authed(server, own, 'POST', '/authentication/logout/', { body: {}, contentType: 'text/plain' });
    assert.equal(wrongType.status, 415);
    assert.equal(wrongType.encrypted, true);
    // The session survived both.
    assert.equal((await authed(server, own, 'GET', '/datastore/')).status, 200);
  });

  it('logs out with an empty body or an encrypted {}; the token then answers 401', async () => {
    for (const body of [undefined, {}]) {
      const own = await rawLogin(server, server.apiKey('read'));
      const response = await authed(server, own, 'POST', '/authentication/logout/', body === undefined ? {} : { body });
      assert.equal(response.status, 200);
      assert.equal(response.encrypted, true, 'still encrypted with the old session key');
      assert.deepEqual(response.json, { success: 'Successfully logged out.' });
      assert.equal((await authed(server, own, 'GET', '/datastore/')).status, 401);
    }
  });

  it('applies read/write permissions after authentication, with encrypted 403s', async () => {
    const readOnly = await rawLogin(server, server.apiKey('read'));
    const bulk = await authed(server, readOnly, 'POST', '/bulk-secret-read/', { body: { secret_ids: [] } });
    assert.equal(bulk.status, 403);
    assert.equal(bulk.encrypted, true);
    assert.deepEqual(bulk.json, { detail: 'You do not have permission to perform this action.' });

    const noRead = await rawLogin(server, server.apiKey('noread'));
    const list = await authed(server, noRead, 'GET', '/datastore/');
    assert.equal(list.status, 403);
    assert.equal(list.encrypted, true);
    // Logout needs no write permission.
    const logout = await authed(server, readOnly, 'POST', '/authentication/logout/');
    assert.equal(logout.status, 200);

    const writer = await rawLogin(server, server.apiKey('write'));
    const wrongMethod = await authed(server, writer, 'PUT', '/datastore/', { body: {} });
    assert.equal(wrongMethod.status, 405);
    assert.equal(wrongMethod.encrypted, true);
  });

  it('keeps flags of open sessions when the key is edited (§10.2)', async () => {
    const own = await rawLogin(server, server.apiKey('read'));
    server.setApiKeyFlags('read', { read: false });
    try {
      assert.equal((await authed(server, own, 'GET', '/datastore/')).status, 200);
      const fresh = await rawLogin(server, server.apiKey('read'));
      assert.equal(fresh.loginInfo['api_key_read'], false);
      assert.equal((await authed(server, fresh, 'GET', '/datastore/')).status, 403);
    } finally {
      server.setApiKeyFlags('read', { read: true });
    }
  });

  it('needs the trailing slash (301 to it) and answers unknown paths with Django HTML 404', async () => {
    const redirect = await rawFetch(`${server.url}/datastore`, { headers: { Authorization: `Token ${session.token}` } });
    assert.equal(redirect.status, 301);
    assert.equal(redirect.headers.get('location'), `${new URL(server.url).pathname}/datastore/`);
    const unknown = await rawFetch(`${server.url}/nothing-here/`);
    assert.equal(unknown.status, 404);
    assert.match(unknown.headers.get('content-type') ?? '', /text\/html/);
    assert.match(unknown.text, /<h1>Not Found<\/h1>/);
    const outsideBase = await rawFetch(`${new URL(server.url).origin}/datastore/`);
    assert.equal(outsideBase.status, 404);
  });

  it('ends other sessions on login when multiple sessions are not allowed', async () => {
    const single = await startDevServer({ seed, allowMultipleSessions: false });
    try {
      const first = await rawLogin(single, single.apiKey('read'));
      const second = await rawLogin(single, single.apiKey('write'));
      assert.equal((await authed(single, first, 'GET', '/datastore/')).status, 401);
      assert.equal((await authed(single, second, 'GET', '/datastore/')).status, 200);
      assert.equal(single.stats.activeSessions(), 1);
    } finally {
      await single.close();
    }
  });

  it('builds validators the server can open (sanity check of the test client)', () => {
    const validator = JSON.parse(buildValidator(session)) as { text: string; nonce: string };
    assert.match(validator.nonce, /^[0-9a-f]{48}$/);
    assert.notEqual(JSON.stringify(sealJson({}, session.sessionKey)), buildValidator(session));
  });
});
