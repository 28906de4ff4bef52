// The password-change gate of psono-server 7.x: a user flagged `require_password_change` gets 403
// on every session request of their API keys except logout; 3.5 has no gate.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { startDevServer, type DevServer, type VaultSeed } from '../../devserver/index';
import { authed, rawLogin } from './raw-client';

const seed: VaultSeed = {
  seed: 'gate-tests',
  user: { username: 'gina@example.com', requirePasswordChange: true },
  datastores: [{ type: 'password' }],
  apiKeys: [{ name: 'rw', write: true }],
};

async function withServer(options: { serverVersion?: string }, run: (server: DevServer) => Promise<void>): Promise<void> {
  const server = await startDevServer({ seed, ...options });
  try {
    await run(server);
  } finally {
    await server.close();
  }
}

describe('devserver password-change gate', () => {
  it('7.2: the key logs in, then every request but logout is 403', async () => {
    await withServer({}, async (server) => {
      const session = await rawLogin(server, server.apiKey('rw'));
      for (const [method, path] of [['GET', '/datastore/'], ['GET', '/share/right/'], ['POST', '/bulk-secret-read/']] as const) {
        const response = await authed(server, session, method, path, method === 'POST' ? { body: { secret_ids: [] } } : {});
        assert.equal(response.status, 403, path);
        assert.equal(response.encrypted, true);
        assert.deepEqual(response.json, { detail: 'You do not have permission to perform this action.' });
      }
      const logout = await authed(server, session, 'POST', '/authentication/logout/');
      assert.equal(logout.status, 200);
    });
  });

  it('7.2: the gate only applies from its start date (2026-10-01)', async () => {
    await withServer({}, async (server) => {
      server.faults.clockSkewSeconds = -Math.ceil((Date.now() - Date.UTC(2026, 8, 30)) / 1000);
      const session = await rawLogin(server, server.apiKey('rw'), { deviceFingerprint: null, deviceTime: null });
      assert.equal((await authed(server, session, 'GET', '/datastore/', { validator: null })).status, 200);
    });
  });

  it('3.5: no gate', async () => {
    await withServer({ serverVersion: '3.5' }, async (server) => {
      const session = await rawLogin(server, server.apiKey('rw'));
      assert.equal((await authed(server, session, 'GET', '/datastore/')).status, 200);
    });
  });
});
