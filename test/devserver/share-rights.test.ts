// GET /share/ entries and expiring share rights: 7.2 lists the right's type and expiry and ignores
// expired rights, inherited ones included; 3.5 has neither field and no expiry.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { openJson, secretboxOpen, unwrapKey, utf8Decode } from '../../src/core/crypto';
import { describeSeed, startDevServer, type DevServer, type VaultSeed } from '../../devserver/index';
import { authed, rawLogin, userSecretKey, type RawSession } from './raw-client';

const PAST = '2026-01-01T00:00:00+00:00';
const FUTURE = '2099-01-01T00:00:00+00:00';

const seed: VaultSeed = {
  seed: 'share-right-tests',
  user: { username: 'sam@example.com' },
  datastores: [{ type: 'password', folders: [{ share: 'expired' }, { share: 'current' }] }],
  shares: [
    // An expired direct right; `inner` has no direct right and inherits only from it.
    { ref: 'expired', kind: 'folder', name: 'Expired', rightsExpire: PAST, folders: [{ share: 'inner' }] },
    { ref: 'inner', kind: 'folder', name: 'Inner', rights: null, items: [{ type: 'note', ref: 'inner-note', secret: { note_title: 'i', note_notes: 'x' } }] },
    { ref: 'current', kind: 'folder', name: 'Current', rightsExpire: FUTURE },
  ],
  apiKeys: [{ name: 'k' }],
};
const ids = describeSeed(seed);
const id = (ref: string): string => ids.shareIds.get(ref)!;
const innerSecret = ids.items.get('inner-note')!.secretId!;

type Json = Record<string, unknown>;

async function shares(server: DevServer, session: RawSession): Promise<Json[]> {
  const response = await authed(server, session, 'GET', '/share/');
  assert.equal(response.status, 200);
  return (response.json as { shares: Json[] }).shares;
}

describe('devserver share rights on 7.2', () => {
  let server: DevServer;
  let session: RawSession;
  before(async () => {
    server = await startDevServer({ seed });
    session = await rawLogin(server, server.apiKey('k'));
  });
  after(() => server.close());

  it('lists unexpired direct rights with type, type nonce and expiration date', async () => {
    const list = await shares(server, session);
    assert.deepEqual(list.map((entry) => entry['id']), [id('current')]);
    const entry = list[0]!;
    assert.equal(entry['share_right_expiration_date'], FUTURE);
    const userKey = userSecretKey(session, server.apiKey('k'));
    const text = (field: string): string => utf8Decode(secretboxOpen(entry[field] as string, entry[`${field}_nonce`] as string, userKey, field));
    assert.equal(text('share_right_type'), 'folder');
    assert.equal(text('share_right_title'), 'Current');
    const shareKey = unwrapKey(entry['share_right_key'] as string, entry['share_right_key_nonce'] as string, userKey, 'share key');
    const content = (await authed(server, session, 'GET', `/share/${id('current')}/`)).json as Json;
    assert.deepEqual(openJson(content['data'] as string, content['data_nonce'] as string, shareKey, 'share'), { name: 'Current' });
  });

  it('ignores an expired right and the right inherited from it', async () => {
    for (const ref of ['expired', 'inner']) {
      const response = await authed(server, session, 'GET', `/share/${id(ref)}/`);
      assert.equal(response.status, 400, ref);
      assert.deepEqual(response.json, { non_field_errors: ['NO_PERMISSION_OR_NOT_EXIST'] });
    }
    const secret = await authed(server, session, 'GET', `/secret/${innerSecret}/`);
    assert.equal(secret.status, 400);
    const rights = (await authed(server, session, 'GET', '/share/right/')).json as { share_rights: Json[] };
    assert.deepEqual(rights.share_rights.map((entry) => entry['share_id']), [id('current')]);
  });
});

describe('devserver share rights on 3.5', () => {
  let server: DevServer;
  let session: RawSession;
  before(async () => {
    server = await startDevServer({ seed, serverVersion: '3.5' });
    session = await rawLogin(server, server.apiKey('k'));
  });
  after(() => server.close());

  it('has no type or expiry fields and no expiry', async () => {
    const list = await shares(server, session);
    assert.deepEqual(new Set(list.map((entry) => entry['id'])), new Set([id('expired'), id('current')]));
    for (const entry of list) {
      assert.equal('share_right_type' in entry, false);
      assert.equal('share_right_expiration_date' in entry, false);
      assert.equal(entry['share_right_read'], true);
    }
    assert.equal((await authed(server, session, 'GET', `/share/${id('inner')}/`)).status, 200);
    assert.equal((await authed(server, session, 'GET', `/secret/${innerSecret}/`)).status, 200);
  });
});
