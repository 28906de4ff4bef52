// What a client sees differ between the dev server as psono-server 3.5 and as 7.2 (the default):
// request bodies, content types, added fields, headers, error codes (docs/PSONO-SERVERS.md).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { startDevServer, describeSeed, type DevServer, type VaultSeed } from '../../devserver/index';
import { authed, formData, jsonPost, rawFetch, rawLogin, type RawSession } from './raw-client';

const seed: VaultSeed = {
  seed: 'version-tests',
  user: { username: 'vera@example.com' },
  datastores: [{ type: 'password', items: [{ type: 'note', ref: 'n', secret: { note_title: 'n', note_notes: 'x' } }] }],
  apiKeys: [{ name: 'rw', write: true, secrets: ['n'] }, { name: 'noread', read: false, write: true }],
};
const ids = describeSeed(seed);
const noteSecretId = ids.items.get('n')!.secretId!;
const NO_PERMISSION = { detail: 'You do not have permission to perform this action.' };

type Json = Record<string, unknown>;

async function infoDocument(server: DevServer): Promise<Json> {
  const response = await rawFetch(`${server.url}/info/`);
  return JSON.parse((JSON.parse(response.text) as { info: string }).info) as Json;
}

function accessSecret(server: DevServer, body: Json): Promise<{ status: number; headers: Headers; text: string }> {
  return jsonPost(`${server.url}/api-key-access/secret/`, body);
}

describe('devserver as psono-server 7.2 (default)', () => {
  let server: DevServer;
  let session: RawSession;
  before(async () => {
    server = await startDevServer({ seed });
    session = await rawLogin(server, server.apiKey('rw'));
  });
  after(() => server.close());

  it('is 7.2 unless told otherwise', async () => {
    assert.equal(server.serverVersion, '7.2');
    assert.match(String((await infoDocument(server))['version']), /^7\.2\.3 /);
  });

  it('refuses a plain session body with an encrypted 400 Invalid request', async () => {
    const response = await authed(server, session, 'POST', '/authentication/logout/', { rawBody: '{"session_id":""}' });
    assert.equal(response.status, 400);
    assert.equal(response.encrypted, true);
    assert.deepEqual(response.json, { detail: 'Invalid request' });
  });

  it('takes only JSON on the unauthenticated endpoints: a form body gets 415', async () => {
    await assert.rejects(rawLogin(server, server.apiKey('rw'), { encoding: 'multipart' }), /login failed: 415/);
    const urlEncoded = await rawFetch(`${server.url}/api-key/login/`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'info=x&signature=y' });
    assert.equal(urlEncoded.status, 415);
    const inspect = await rawFetch(`${server.url}/api-key-access/inspect/`, { method: 'POST', body: formData({ api_key_id: server.apiKey('rw').apiKeyId }) });
    assert.equal(inspect.status, 415);
  });

  it('carries read_count in secret answers and counts every read', async () => {
    const first = (await authed(server, session, 'GET', `/secret/${noteSecretId}/`)).json as Json;
    const second = (await authed(server, session, 'GET', `/secret/${noteSecretId}/`)).json as Json;
    assert.equal(typeof first['read_count'], 'number');
    assert.equal(second['read_count'], (first['read_count'] as number) + 1);
    const access = await accessSecret(server, { api_key_id: server.apiKey('rw').apiKeyId, secret_id: noteSecretId });
    assert.equal(access.status, 200);
    assert.equal((JSON.parse(access.text) as Json)['read_count'], (first['read_count'] as number) + 2);
    assert.equal(access.headers.get('content-type'), 'application/json; charset=utf-8');
  });

  it('lists the later /info/ fields', async () => {
    const info = await infoDocument(server);
    for (const field of ['domain_synonyms', 'excluded_domains', 'favicon_service_url', 'avatar_dimension_x', 'avatar_dimension_y', 'avatar_max_size_kb']) {
      assert.ok(field in info, field);
    }
    assert.equal(info['avatar_max_size_kb'], 100);
  });

  it('sends the locale and opener-policy headers', async () => {
    for (const response of [await rawFetch(`${server.url}/info/`), await authed(server, session, 'GET', '/datastore/')]) {
      assert.equal(response.headers.get('content-language'), 'en');
      assert.equal(response.headers.get('vary'), 'Origin, Accept-Language');
      assert.equal(response.headers.get('cross-origin-opener-policy'), 'same-origin');
    }
  });

  it('answers a malformed bulk-read id with IS_NOT_A_VALID_UUID', async () => {
    const response = await authed(server, session, 'POST', '/bulk-secret-read/', { body: { secret_ids: [noteSecretId, 'nonsense'] } });
    assert.equal(response.status, 400);
    assert.deepEqual(response.json, { secret_ids: { 1: ['IS_NOT_A_VALID_UUID'] } });
  });

  it('lets a read-disabled key log in and refuses every GET and the bulk read with 403', async () => {
    const noread = await rawLogin(server, server.apiKey('noread'));
    assert.equal(noread.loginInfo['api_key_read'], false);
    for (const path of ['/datastore/', `/datastore/${ids.datastoreIds[0]!}/`, '/share/', `/secret/${noteSecretId}/`]) {
      const response = await authed(server, noread, 'GET', path);
      assert.equal(response.status, 403, path);
      assert.equal(response.encrypted, true);
      assert.deepEqual(response.json, NO_PERMISSION);
    }
    const bulk = await authed(server, noread, 'POST', '/bulk-secret-read/', { body: { secret_ids: [noteSecretId] } });
    assert.equal(bulk.status, 403);
  });

  it('floors the session length at sessionMinSeconds', async () => {
    const floored = await startDevServer({ seed, sessionMinSeconds: 300 });
    try {
      const short = await rawLogin(floored, floored.apiKey('rw'), { sessionDuration: 5 });
      const validTill = Date.parse(String(short.loginInfo['session_valid_till']));
      assert.ok(validTill - Date.now() > 250_000, 'valid for about 300 s');
    } finally {
      await floored.close();
    }
  });
});

describe('devserver as psono-server 3.5', () => {
  let server: DevServer;
  let session: RawSession;
  before(async () => {
    server = await startDevServer({ seed, serverVersion: '3.5' });
    session = await rawLogin(server, server.apiKey('rw'));
  });
  after(() => server.close());

  it('says 3.5.3', async () => {
    assert.equal(server.serverVersion, '3.5');
    assert.match(String((await infoDocument(server))['version']), /^3\.5\.3 /);
  });

  it('passes a plain session body through', async () => {
    const response = await authed(server, session, 'POST', '/authentication/logout/', { rawBody: '{}' });
    assert.equal(response.status, 200);
    assert.deepEqual(response.json, { success: 'Successfully logged out.' });
    session = await rawLogin(server, server.apiKey('rw'));
  });

  it('also takes multipart form bodies on the unauthenticated endpoints', async () => {
    const formLogin = await rawLogin(server, server.apiKey('rw'), { encoding: 'multipart' });
    assert.equal((await authed(server, formLogin, 'GET', '/datastore/')).status, 200);
    const inspect = await rawFetch(`${server.url}/api-key-access/inspect/`, { method: 'POST', body: formData({ api_key_id: server.apiKey('rw').apiKeyId }) });
    assert.equal(inspect.status, 200);
  });

  it('has no read_count, no later /info/ fields, no locale headers, no bulk read', async () => {
    const secret = (await authed(server, session, 'GET', `/secret/${noteSecretId}/`)).json as Json;
    assert.equal(typeof secret['data'], 'string');
    assert.equal('read_count' in secret, false);
    const access = await accessSecret(server, { api_key_id: server.apiKey('rw').apiKeyId, secret_id: noteSecretId });
    assert.equal('read_count' in (JSON.parse(access.text) as Json), false);
    assert.equal(access.headers.get('content-type'), 'application/json');
    const info = await infoDocument(server);
    assert.equal('domain_synonyms' in info, false);
    assert.equal('avatar_max_size_kb' in info, false);
    const list = await authed(server, session, 'GET', '/datastore/');
    assert.equal(list.headers.get('content-language'), null);
    assert.equal(list.headers.get('cross-origin-opener-policy'), null);
    assert.equal(list.headers.get('vary'), 'Origin');
    assert.equal((await authed(server, session, 'POST', '/bulk-secret-read/', { body: { secret_ids: [noteSecretId] } })).status, 404);
  });

  it('has no session floor', async () => {
    const floored = await startDevServer({ seed, serverVersion: '3.5', sessionMinSeconds: 300 });
    try {
      const short = await rawLogin(floored, floored.apiKey('rw'), { sessionDuration: 5 });
      assert.ok(Date.parse(String(short.loginInfo['session_valid_till'])) - Date.now() < 10_000);
    } finally {
      await floored.close();
    }
  });

  it('lets a read-disabled key log in and refuses every GET with 403', async () => {
    const noread = await rawLogin(server, server.apiKey('noread'));
    for (const path of ['/datastore/', '/share/', `/secret/${noteSecretId}/`]) {
      const response = await authed(server, noread, 'GET', path);
      assert.equal(response.status, 403, path);
      assert.deepEqual(response.json, NO_PERMISSION);
    }
  });

  it('refuses an unknown version', async () => {
    await assert.rejects(startDevServer({ seed, serverVersion: '5.0' }), /unknown server version/);
  });
});
