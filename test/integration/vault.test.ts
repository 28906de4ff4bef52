/** The core vault reader over a real session (NodeHttpTransport) against the dev server. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';

import { credentialFields, startDevServer, type DevServer, type DevServerApiKey, type VaultSeed } from '../../devserver/index';
import { parseCredentials, PsonoSession, SessionlessApi } from '../../src/core/session';
import { itemActions, loadRestrictedVault, loadVault, isRecord } from '../../src/core/vault';
import { NodeHttpTransport } from '../../src/platform/http-transport';

const seed = JSON.parse(readFileSync(new URL('../fixtures/vaults/cli-vault.json', import.meta.url), 'utf8')) as VaultSeed;
const id = (n: number): string => `10000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const secretId = (n: number): string => `20000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const shareId = (n: number): string => `30000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

let server: DevServer;
const transport = new NodeHttpTransport();

before(async () => {
  server = await startDevServer({ seed });
});

after(async () => {
  transport.close();
  await server?.close();
});

function credentials(key: DevServerApiKey) {
  return parseCredentials(credentialFields(key));
}

async function login(name: string): Promise<PsonoSession> {
  return PsonoSession.login(credentials(server.apiKey(name)), { transport, deviceFingerprint: randomUUID(), deviceDescription: 'vault integration test' });
}

describe('loadVault against the dev server', () => {
  it('indexes datastores and shares, skips the unreadable share with a warning, and counts what it skipped', async () => {
    const session = await login('tray');
    try {
      const vault = await loadVault(session, { concurrency: 2 });
      assert.equal(vault.entries.length, 17);
      assert.deepEqual(vault.warnings.map((w) => [w.kind, w.id]), [['share-unreadable', shareId(4)]]);
      assert.equal(vault.stats.datastores, 2);
      assert.equal(vault.stats.sharesFetched, 3);
      assert.equal(vault.stats.sharesSkipped, 1);
      assert.equal(vault.stats.filesSkipped, 1);
      assert.ok(vault.stats.timings.totalMs >= vault.stats.timings.sharesMs);
      const router = vault.find(id(50))!;
      assert.deepEqual([router.path, router.shareId, router.description], [['Work', 'Team Shared', 'Infrastructure'], shareId(2), 'admin']);
      const mail = vault.find(secretId(1))!;
      assert.deepEqual([mail.id, mail.urlHost, mail.tags], [id(1), 'mail.example.com', ['mail']]);
    } finally {
      await session.logout();
    }
  });

  it('reads a secret once on demand, from a nested share, and forgets everything on wipe', async () => {
    const session = await login('tray');
    try {
      const vault = await loadVault(session);
      server.stats.reset();
      const first = await vault.item(id(40));
      const second = await vault.item(id(40));
      assert.equal(server.stats.requests.filter((r) => r.path === `/secret/${secretId(40)}/`).length, 1);
      assert.deepEqual(itemActions(first.model), ['totp']);
      assert.equal(second.model.title, 'VPN token');
      const db = await vault.item(id(42));
      assert.equal(db.model.password, 'c0rrect-h0rse');
      const key = vault.itemKey(vault.find(id(42))!)!;
      vault.wipe();
      assert.ok(key.wiped);
      assert.equal(vault.find(id(42)), undefined);
    } finally {
      await session.logout();
    }
  });

  it('a restricted key indexes its attached secrets session-less', async () => {
    const key = credentials(server.apiKey('restricted'));
    const api = new SessionlessApi(key, { transport });
    const vault = await loadRestrictedVault({
      secretIds: async () => (await api.inspect()).secrets.map((s) => s.secretId),
      readSecret: async (secret) => {
        const value = await api.readSecret(secret);
        assert.ok(isRecord(value));
        return value;
      },
    });
    assert.deepEqual(vault.entries.map((e) => [e.id, e.type, e.title]).sort(), [
      [secretId(1), 'website_password', 'Example Mail'],
      [secretId(40), 'totp', 'VPN token'],
    ]);
    server.stats.reset();
    const { model } = await vault.item(secretId(1));
    assert.equal(model.username, 'alice');
    assert.equal(server.stats.requests.length, 0, 'served from the cache filled while indexing');
    api.wipe();
  });
});
