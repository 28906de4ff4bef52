// Every fault switch of the dev server changes its behaviour as documented (devserver/types.ts).
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';

import { utf8Encode, verifyDetached } from '../../src/core/crypto';
import { startDevServer, type DevServer, type VaultSeed } from '../../devserver/index';
import { authed, buildValidator, decodeEnvelope, rawFetch, rawLogin, type RawSession } from './raw-client';

const seed: VaultSeed = {
  seed: 'fault-tests',
  user: { username: 'dave@example.com' },
  datastores: [{ type: 'password' }],
  apiKeys: [{ name: 'k' }],
};

describe('devserver fault switches', () => {
  let server: DevServer;
  let session: RawSession;
  let pristine: string;
  before(async () => {
    server = await startDevServer({ seed });
    pristine = JSON.stringify(server.faults);
    session = await rawLogin(server, server.apiKey('k'));
  });
  afterEach(() => {
    Object.assign(server.faults, JSON.parse(pristine) as object);
  });
  after(() => server.close());

  it('latencyMs delays responses', async () => {
    server.faults.latencyMs = 300;
    const started = performance.now();
    await rawFetch(`${server.url}/info/`);
    assert.ok(performance.now() - started >= 290);
  });

  it('failNext5xx answers the next N requests with an HTML 5xx, then recovers', async () => {
    server.faults.failNext5xx = { count: 2, status: 503 };
    for (let i = 0; i < 2; i++) {
      const response = await authed(server, session, 'GET', '/datastore/');
      assert.equal(response.status, 503);
      assert.match(response.headers.get('content-type') ?? '', /text\/html/);
      assert.equal(response.encrypted, false);
    }
    assert.equal((await authed(server, session, 'GET', '/datastore/')).status, 200);
  });

  it('maintenance answers 423 everywhere, unencrypted', async () => {
    server.faults.maintenance = true;
    const info = await rawFetch(`${server.url}/info/`);
    assert.equal(info.status, 423);
    assert.deepEqual(JSON.parse(info.text), { non_field_errors: ['MAINTENANCE_MODE_ACTIVE'] });
    const list = await authed(server, session, 'GET', '/datastore/');
    assert.equal(list.status, 423);
    assert.equal(list.encrypted, false);
  });

  it('malformedBody sends 200 with a body that is not JSON (truncated or HTML)', async () => {
    for (const kind of ['truncated', 'not-json'] as const) {
      server.faults.malformedBody = 1;
      server.faults.malformedBodyKind = kind;
      const response = await authed(server, session, 'GET', '/datastore/');
      assert.equal(response.status, 200);
      assert.throws(() => JSON.parse(response.text) as unknown, kind);
    }
    assert.equal((await authed(server, session, 'GET', '/datastore/')).encrypted, true);
  });

  it('tamperCiphertext flips a byte so the envelope no longer opens', async () => {
    server.faults.tamperCiphertext = 1;
    const response = await rawFetch(`${server.url}/datastore/`, { headers: authHeaders(session) });
    assert.equal(response.status, 200);
    assert.throws(() => decodeEnvelope(response.text, session.sessionKey));
    assert.equal((await authed(server, session, 'GET', '/datastore/')).encrypted, true);
  });

  it('unencryptedResponse sends a 2xx body as plain JSON', async () => {
    server.faults.unencryptedResponse = 1;
    const response = await authed(server, session, 'GET', '/datastore/');
    assert.equal(response.status, 200);
    assert.equal(response.encrypted, false);
    assert.ok(Array.isArray((response.json as { datastores: unknown }).datastores));
  });

  it('wrongInfoSignature and wrongLoginSignature sign with another key', async () => {
    server.faults.wrongInfoSignature = true;
    const info = JSON.parse((await rawFetch(`${server.url}/info/`)).text) as { info: string; signature: string; verify_key: string };
    assert.equal(info.verify_key, server.verifyKey);
    assert.equal(verifyDetached(utf8Encode(info.info), info.signature, server.verifyKey), false);
    server.faults.wrongLoginSignature = true;
    await assert.rejects(rawLogin(server, server.apiKey('k')), /signature does not verify/);
    server.faults.wrongLoginSignature = false;
    await rawLogin(server, server.apiKey('k'));
  });

  it('clockSkewSeconds shifts server time: the Date header, valid_till, and the replay window', async () => {
    server.faults.clockSkewSeconds = 3600;
    const skewed = await rawLogin(server, server.apiKey('k'));
    const serverDate = Date.parse(skewed.loginResponse.headers.get('date')!);
    assert.ok(serverDate - Date.now() > 3500_000);
    assert.equal((await authed(server, skewed, 'GET', '/datastore/')).status, 200, 'a constant skew is fine');
    server.faults.clockSkewSeconds = 3600 + 60;
    const drifted = await authed(server, skewed, 'GET', '/datastore/');
    assert.equal(drifted.status, 401);
    assert.match(drifted.text, /Replay Protection/);
  });

  it('sessionSeconds shortens sessions; jumping the clock past valid_till gives 401', async () => {
    server.faults.sessionSeconds = 2;
    const short = await rawLogin(server, server.apiKey('k'), { deviceFingerprint: null, deviceTime: null });
    const validTill = Date.parse((short.loginInfo['session_valid_till'] as string).replace(/(\.\d{3})\d+/, '$1'));
    const serverDate = Date.parse(short.loginResponse.headers.get('date')!);
    assert.ok(validTill - serverDate <= 3000, 'about 2 s');
    assert.equal((await authed(server, short, 'GET', '/datastore/', { validator: null })).status, 200);
    server.faults.clockSkewSeconds = 5;
    const expired = await authed(server, short, 'GET', '/datastore/', { validator: null });
    assert.equal(expired.status, 401);
    assert.match(expired.text, /Invalid token or not yet activated/);
  });

  it('singleSession ends the previous session on login', async () => {
    server.faults.singleSession = true;
    const first = await rawLogin(server, server.apiKey('k'));
    const second = await rawLogin(server, server.apiKey('k'));
    assert.equal((await authed(server, first, 'GET', '/datastore/')).status, 401);
    assert.equal((await authed(server, second, 'GET', '/datastore/')).status, 200);
  });

  it('rateLimitLogin answers 429 with Retry-After', async () => {
    server.faults.rateLimitLogin = 42;
    const response = await rawFetch(`${server.url}/api-key/login/`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    assert.equal(response.status, 429);
    assert.equal(response.headers.get('retry-after'), '42');
    assert.deepEqual(JSON.parse(response.text), { detail: 'Request was throttled. Expected available in 42 seconds.' });
  });

  it('expireAllSessions ends every session; stats record requests and count active sessions', async () => {
    const own = await rawLogin(server, server.apiKey('k'));
    assert.ok(server.stats.activeSessions() >= 1);
    server.stats.reset();
    await authed(server, own, 'GET', '/datastore/');
    assert.deepEqual(server.stats.requests, [{ method: 'GET', path: '/datastore/', status: 200 }]);
    server.expireAllSessions();
    assert.equal(server.stats.activeSessions(), 0);
    assert.equal((await authed(server, own, 'GET', '/datastore/')).status, 401);
    session = await rawLogin(server, server.apiKey('k'));
  });
});

function authHeaders(session: RawSession): Record<string, string> {
  return {
    Authorization: `Token ${session.token}`,
    'Authorization-Validator': buildValidator(session),
  };
}
