// The seeded vault, decrypted over raw HTTP the way the spec describes (§6, §7, §8): datastores,
// share_index in the closest root with relative paths, stripped mount nodes, rights, secrets,
// and the session-less /api-key-access/* endpoints (§6.7).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { bytesToHex, sealJson } from '../../src/core/crypto';
import { describeSeed, startDevServer, type DevServer, type VaultSeed } from '../../devserver/index';
import { authed, jsonPost, keyFromHex, openJson, rawFetch, rawLogin, unwrapKey, userSecretKey, type RawSession } from './raw-client';

const MAIL_SECRET = {
  website_password_title: 'Mail',
  website_password_url: 'https://mail.example.com/login',
  website_password_username: 'carol',
  website_password_password: 'pä$$wörd-🔑',
  website_password_totp_code: 'JBSWY3DPEHPK3PXP',
  tags: ['mail'],
};

const seed: VaultSeed = {
  seed: 'vault-tests',
  user: { username: 'carol@example.com' },
  datastores: [
    {
      type: 'password',
      id: '2d9c1b7e-0a4f-4c3b-8e5d-6f7a8b9c0d1e',
      folders: [
        { name: 'Work', id: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d', items: [{ type: 'website_password', ref: 'mail', secret: MAIL_SECRET }], folders: [{ share: 'team', id: 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e' }] },
        { name: 'Also here', folders: [{ share: 'team', name: 'Team (second mount)' }] },
        { name: 'Trash', deleted: true, items: [{ type: 'note', secret: { note_title: 'gone', note_notes: '' } }] },
        { share: 'locked' },
        { share: 'orphan' },
      ],
      items: [
        { type: 'note', ref: 'deleted-note', deleted: true, secret: { note_title: 'Old', note_notes: 'x' } },
        { type: 'file', name: 'scan.pdf', extra: { file_id: '00000000-0000-4000-8000-000000000001', file_title: 'scan.pdf' } },
      ],
    },
    { type: 'user' },
    { type: 'settings', settings: [{ key: 'setting_clipboard_clear_delay', value: 20 }] },
    { type: 'password', isDefault: false, description: 'Empty', neverWritten: true },
  ],
  shares: [
    {
      ref: 'team', kind: 'folder', name: 'Team Shared',
      items: [{ type: 'totp', ref: 'vpn', secret: { totp_title: 'VPN', totp_code: 'JBSWY3DPEHPK3PXP', totp_digits: 8 } }, { share: 'db' }, { type: 'note', deleted: true, secret: { note_title: 'trash in share', note_notes: '' } }],
      folders: [{ name: 'Inner', folders: [{ share: 'nested', id: 'c3d4e5f6-a7b8-4c9d-8e1f-2a3b4c5d6e7f' }] }],
    },
    { ref: 'nested', kind: 'folder', name: 'Nested', rights: null, items: [{ type: 'bookmark', ref: 'bm', secret: { bookmark_title: 'Docs', bookmark_url: 'https://doc.example.com/x' } }] },
    { ref: 'db', kind: 'item', item: { type: 'application_password', ref: 'db', secret: { application_password_title: 'DB', application_password_username: 'dbadmin', application_password_password: 's3cret' } } },
    { ref: 'locked', kind: 'folder', name: 'Locked', rights: { read: false, write: false, grant: false }, items: [{ type: 'note', ref: 'locked-note', secret: { note_title: 'secret', note_notes: 'x' } }] },
    { ref: 'orphan', kind: 'folder', name: 'No right at all', rights: null, items: [] },
  ],
  apiKeys: [
    { name: 'full' },
    { name: 'rw', write: true },
    { name: 'restricted', restrictToSecrets: true, secrets: ['mail', 'vpn', 'locked-note'] },
    { name: 'insecure', restrictToSecrets: true, allowInsecureAccess: true, secrets: ['mail'] },
    { name: 'restricted-write', restrictToSecrets: true, write: true, secrets: ['bm'] },
  ],
};

type Json = Record<string, unknown>;

describe('devserver seeded vault', () => {
  let server: DevServer;
  let session: RawSession;
  const ids = describeSeed(seed);

  before(async () => {
    server = await startDevServer({ seed });
    session = await rawLogin(server, server.apiKey('full'));
  });
  after(() => server.close());

  async function get(path: string): Promise<{ status: number; json: Json }> {
    const response = await authed(server, session, 'GET', path);
    return { status: response.status, json: response.json as Json };
  }

  async function readDatastore(id: string): Promise<Json> {
    const { status, json } = await get(`/datastore/${id}/`);
    assert.equal(status, 200);
    const key = unwrapKey(json['secret_key'] as string, json['secret_key_nonce'] as string, userSecretKey(session, server.apiKey('full')), 'datastore key');
    return openJson(json['data'] as string, json['data_nonce'] as string, key) as Json;
  }

  async function readShare(id: string, keyHex: string): Promise<{ status: number; content?: Json; meta: Json }> {
    const { status, json } = await get(`/share/${id}/`);
    if (status !== 200) {
      return { status, meta: json };
    }
    return { status, meta: json, content: openJson(json['data'] as string, json['data_nonce'] as string, keyFromHex(keyHex, 'share key')) as Json };
  }

  it('lists the datastores with type, description and is_default', async () => {
    const { json } = await get('/datastore/');
    const list = json['datastores'] as Json[];
    assert.deepEqual(list.map((d) => [d['type'], d['description'], d['is_default']]), [
      ['password', 'Default', true], ['user', 'default', true], ['settings', 'key-value-settings', true], ['password', 'Empty', false],
    ]);
    assert.equal(list[0]!['id'], '2d9c1b7e-0a4f-4c3b-8e5d-6f7a8b9c0d1e');
  });

  it('stores the datastore as the web client would: share_index at the root, stripped mounts, trash kept', async () => {
    const root = await readDatastore('2d9c1b7e-0a4f-4c3b-8e5d-6f7a8b9c0d1e');
    assert.equal(root['datastore_id'], '2d9c1b7e-0a4f-4c3b-8e5d-6f7a8b9c0d1e');
    const folders = root['folders'] as Json[];
    const work = folders[0]!;
    const mount = (work['folders'] as Json[])[0]!;
    const teamId = ids.shareIds.get('team')!;
    assert.deepEqual(Object.keys(mount).sort(), ['id', 'name', 'share_id', 'share_secret_key']);
    assert.equal(mount['share_id'], teamId);
    const index = root['share_index'] as Record<string, { paths: string[][]; secret_key: string }>;
    // Only shares mounted directly in this root; "nested" and "db" live in team's own index.
    assert.deepEqual(Object.keys(index).sort(), [teamId, ids.shareIds.get('locked')!, ids.shareIds.get('orphan')!].sort());
    const secondMount = ((folders[1]!['folders'] as Json[])[0]!);
    assert.equal(secondMount['name'], 'Team (second mount)');
    assert.deepEqual(index[teamId]!.paths, [
      ['a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d', 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e'],
      [folders[1]!['id'] as string, secondMount['id'] as string],
    ]);
    assert.equal(index[teamId]!.secret_key, mount['share_secret_key']);
    assert.equal(folders[2]!['deleted'], true);
    const items = root['items'] as Json[];
    assert.equal(items[0]!['deleted'], true);
    assert.equal(items[1]!['type'], 'file');
    assert.equal(items[1]!['secret_id'], undefined, 'file items have no secret');
    const mail = (work['items'] as Json[])[0]!;
    assert.equal(mail['name'], 'Mail');
    assert.equal(mail['description'], 'carol');
    assert.equal(mail['urlfilter'], 'mail.example.com');
    assert.match(mail['password_hash'] as string, /^[0-9a-f]{5}$/);
    assert.deepEqual(mail['tags'], ['mail']);
  });

  it('puts nested share_index entries in the closest share root, paths relative to it', async () => {
    const root = await readDatastore('2d9c1b7e-0a4f-4c3b-8e5d-6f7a8b9c0d1e');
    const teamId = ids.shareIds.get('team')!;
    const entry = (root['share_index'] as Record<string, { secret_key: string }>)[teamId]!;
    const team = await readShare(teamId, entry.secret_key);
    assert.equal(team.status, 200);
    assert.deepEqual(team.meta['rights'], { read: true, write: true, grant: true });
    assert.equal(team.meta['user_id'], ids.userId);
    const content = team.content!;
    assert.equal(content['name'], 'Team Shared');
    assert.equal(content['id'], undefined);
    const index = content['share_index'] as Record<string, { paths: string[][]; secret_key: string }>;
    const nestedId = ids.shareIds.get('nested')!;
    const dbId = ids.shareIds.get('db')!;
    const inner = (content['folders'] as Json[])[0]!;
    const itemMount = (content['items'] as Json[])[1]!;
    assert.deepEqual(index[nestedId]!.paths, [[inner['id'] as string, 'c3d4e5f6-a7b8-4c9d-8e1f-2a3b4c5d6e7f']]);
    assert.deepEqual(index[dbId]!.paths, [[itemMount['id'] as string]], 'last path element is an item for item shares');
    assert.deepEqual(Object.keys(itemMount).sort(), ['description', 'id', 'name', 'share_id', 'share_secret_key', 'type']);
    assert.equal((content['items'] as Json[])[2]!['deleted'], true);

    // Item share: a single item object without id.
    const db = await readShare(dbId, index[dbId]!.secret_key);
    assert.equal(db.content!['id'], undefined);
    assert.equal(db.content!['type'], 'application_password');
    assert.equal(db.content!['description'], 'dbadmin');
    // Share with no direct right is readable through the parent (inheritance).
    const nested = await readShare(nestedId, index[nestedId]!.secret_key);
    assert.equal(nested.status, 200);
    assert.equal(((nested.content!['items'] as Json[])[0]!)['urlfilter'], 'doc.example.com');
  });

  it('refuses shares the user cannot read, and their secrets', async () => {
    for (const ref of ['locked', 'orphan']) {
      const { status, json } = await get(`/share/${ids.shareIds.get(ref)!}/`);
      assert.equal(status, 400, ref);
      assert.deepEqual(json, { non_field_errors: ['NO_PERMISSION_OR_NOT_EXIST'] });
    }
    assert.deepEqual((await get('/share/not-a-uuid/')).json, { non_field_errors: ['SHARE_ID_MALFORMED'] });
    const lockedSecret = await get(`/secret/${ids.items.get('locked-note')!.secretId!}/`);
    assert.equal(lockedSecret.status, 400);
    const rights = (await get('/share/right/')).json['share_rights'] as Json[];
    const locked = rights.find((r) => r['share_id'] === ids.shareIds.get('locked'));
    assert.deepEqual(locked, { share_id: ids.shareIds.get('locked'), read: false, write: false, grant: false });
    assert.equal(rights.some((r) => r['share_id'] === ids.shareIds.get('orphan')), false, 'no direct right → not listed');
  });

  it('returns secrets that decrypt with the item key, counting reads, type always "password"', async () => {
    const mail = ids.items.get('mail')!;
    const first = await get(`/secret/${mail.secretId!}/`);
    assert.equal(first.status, 200);
    assert.equal(first.json['type'], 'password');
    assert.deepEqual(openJson(first.json['data'] as string, first.json['data_nonce'] as string, keyFromHex(mail.secretKeyHex!, 'k')), MAIL_SECRET);
    const second = await get(`/secret/${mail.secretId!}/`);
    assert.equal(second.json['read_count'], (first.json['read_count'] as number) + 1);
    assert.match(first.json['create_date'] as string, /\+00:00$/);
    // Deleted items' secrets stay readable; reachable through the nested share too.
    assert.equal((await get(`/secret/${ids.items.get('deleted-note')!.secretId!}/`)).status, 200);
    assert.equal((await get(`/secret/${ids.items.get('bm')!.secretId!}/`)).status, 200);
    assert.deepEqual((await get('/secret/xyz/')).json, { non_field_errors: ['SECRET_ID_MALFORMED'] });
    assert.equal((await get('/secret/00000000-0000-4000-8000-000000000000/')).status, 400);
  });

  it('bulk-reads the readable secrets for a read+write key and silently skips the unreadable ones', async () => {
    const writer = await rawLogin(server, server.apiKey('rw'));
    const wanted = ['mail', 'locked-note', 'vpn'].map((ref) => ids.items.get(ref)!.secretId!);
    const response = await authed(server, writer, 'POST', '/bulk-secret-read/', { body: { secret_ids: wanted } });
    assert.equal(response.status, 200);
    const secrets = (response.json as { secrets: Json[] }).secrets;
    assert.deepEqual(secrets.map((s) => s['id']), [wanted[0], wanted[2]]);
    assert.deepEqual(openJson(secrets[0]!['data'] as string, secrets[0]!['data_nonce'] as string, keyFromHex(ids.items.get('mail')!.secretKeyHex!, 'k')), MAIL_SECRET);
  });

  it('answers 403 for a datastore that is not the user\'s and 500 for a malformed id', async () => {
    const missing = await get('/datastore/00000000-0000-4000-8000-000000000000/');
    assert.equal(missing.status, 403);
    assert.deepEqual(missing.json, { message: 'NO_PERMISSION_OR_NOT_EXIST' });
    const malformed = await authed(server, session, 'GET', '/datastore/nope/');
    assert.equal(malformed.status, 500);
    assert.equal(malformed.encrypted, false);
  });

  it('stores settings as a key/value array and a never-written datastore as empty strings', async () => {
    const list = (await get('/datastore/')).json['datastores'] as Json[];
    const settings = await readDatastore(list[2]!['id'] as string);
    assert.deepEqual(settings, [{ key: 'setting_clipboard_clear_delay', value: 20 }]);
    const empty = await get(`/datastore/${list[3]!['id'] as string}/`);
    assert.equal(empty.json['data'], '');
    assert.equal(empty.json['data_nonce'], '');
  });

  it('gives deterministic ids: the same seed describes the same ids', () => {
    const again = describeSeed(seed);
    assert.deepEqual([...again.shareIds], [...ids.shareIds]);
    assert.equal(again.items.get('vpn')!.secretId, ids.items.get('vpn')!.secretId);
    assert.equal(again.items.get('vpn')!.secretKeyHex, ids.items.get('vpn')!.secretKeyHex);
  });
});

describe('devserver /api-key-access/*', () => {
  let server: DevServer;
  const ids = describeSeed(seed);
  before(async () => {
    server = await startDevServer({ seed });
  });
  after(() => server.close());

  it('inspect answers text/html with a Python-JSON body listing the attached secrets', async () => {
    const key = server.apiKey('restricted');
    const response = await jsonPost(`${server.url}/api-key-access/inspect/`, { api_key_id: key.apiKeyId });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    assert.ok(response.text.startsWith('{"allow_insecure_access": false, "restrict_to_secrets": true'));
    const body = JSON.parse(response.text) as { api_key_secrets: Array<{ secret_id: string; write_date: string }> };
    assert.deepEqual(body.api_key_secrets.map((s) => s.secret_id), ['mail', 'vpn', 'locked-note'].map((ref) => ids.items.get(ref)!.secretId));
  });

  it('inspect refuses Accept: application/json with 406 and other methods with an empty 405', async () => {
    const key = server.apiKey('restricted');
    assert.equal((await jsonPost(`${server.url}/api-key-access/inspect/`, { api_key_id: key.apiKeyId }, { Accept: 'application/json' })).status, 406);
    const get = await rawFetch(`${server.url}/api-key-access/inspect/`);
    assert.equal(get.status, 405);
    assert.equal(get.text, '');
  });

  it('secret decrypts in two steps with the API key secret key', async () => {
    const key = server.apiKey('restricted');
    const response = await jsonPost(`${server.url}/api-key-access/secret/`, { api_key_id: key.apiKeyId, secret_id: ids.items.get('mail')!.secretId });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/json; charset=utf-8');
    const body = JSON.parse(response.text) as Record<string, string>;
    const secretKey = unwrapKey(body['secret_key']!, body['secret_key_nonce']!, keyFromHex(key.apiKeySecretKey, 'api secret'), 'secret key');
    assert.equal(bytesToHex(secretKey.expose()), ids.items.get('mail')!.secretKeyHex);
    assert.deepEqual(openJson(body['data']!, body['data_nonce']!, secretKey), MAIL_SECRET);
  });

  it('refuses unattached or unreadable secrets and inactive keys with a non-JSON 400', async () => {
    const key = server.apiKey('restricted');
    const unattached = await jsonPost(`${server.url}/api-key-access/secret/`, { api_key_id: key.apiKeyId, secret_id: ids.items.get('bm')!.secretId });
    assert.equal(unattached.status, 400);
    assert.throws(() => JSON.parse(unattached.text) as unknown);
    const lostAccess = await jsonPost(`${server.url}/api-key-access/secret/`, { api_key_id: key.apiKeyId, secret_id: ids.items.get('locked-note')!.secretId });
    assert.equal(lostAccess.status, 400);
    server.setApiKeyActive('restricted', false);
    try {
      assert.equal((await jsonPost(`${server.url}/api-key-access/inspect/`, { api_key_id: key.apiKeyId })).status, 400);
    } finally {
      server.setApiKeyActive('restricted', true);
    }
    const multipart = await rawFetch(`${server.url}/api-key-access/secret/`, { method: 'POST', headers: { 'Content-Type': 'multipart/form-data; boundary=x' }, body: '--x--' });
    assert.equal(multipart.status, 415);
  });

  it('PUT replaces the secret data for write keys only', async () => {
    const writer = server.apiKey('restricted-write');
    const secretId = ids.items.get('bm')!.secretId!;
    const sealed = sealJson({ bookmark_title: 'Docs v2' }, keyFromHex(ids.items.get('bm')!.secretKeyHex!, 'k'));
    const put = await rawFetch(`${server.url}/api-key-access/secret/`, {
      method: 'PUT', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ api_key_id: writer.apiKeyId, secret_id: secretId, data: sealed.text, data_nonce: sealed.nonce }),
    });
    assert.equal(put.status, 200);
    const read = JSON.parse((await jsonPost(`${server.url}/api-key-access/secret/`, { api_key_id: writer.apiKeyId, secret_id: secretId })).text) as Record<string, string>;
    assert.equal(read['data'], sealed.text);
    const reader = server.apiKey('restricted');
    const denied = await rawFetch(`${server.url}/api-key-access/secret/`, {
      method: 'PUT', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ api_key_id: reader.apiKeyId, secret_id: ids.items.get('mail')!.secretId, data: sealed.text, data_nonce: sealed.nonce }),
    });
    assert.equal(denied.status, 400);
  });

  it('decrypts server-side only for keys with allow_insecure_access', async () => {
    const insecure = server.apiKey('insecure');
    const response = await jsonPost(`${server.url}/api-key-access/secret/`, {
      api_key_id: insecure.apiKeyId, secret_id: ids.items.get('mail')!.secretId, api_key_secret_key: insecure.apiKeySecretKey, json_filter: 'website_password_username',
    });
    assert.equal(response.status, 200);
    assert.equal(JSON.parse(response.text), 'carol');
    const restricted = server.apiKey('restricted');
    const refused = await jsonPost(`${server.url}/api-key-access/secret/`, {
      api_key_id: restricted.apiKeyId, secret_id: ids.items.get('mail')!.secretId, api_key_secret_key: restricted.apiKeySecretKey,
    });
    assert.equal(refused.status, 400);
  });
});
