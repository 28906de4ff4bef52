// The api_key_login throttle scope: off by default; with loginThrottlePerHour = N the (N+1)th
// login within the hour is refused with 429 and a Retry-After.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { startDevServer, type VaultSeed } from '../../devserver/index';
import { jsonPost, rawLogin } from './raw-client';

const seed: VaultSeed = { seed: 'throttle-tests', user: { username: 'tom@example.com' }, datastores: [{ type: 'password' }], apiKeys: [{ name: 'k' }] };

describe('devserver login throttle', () => {
  it('refuses logins beyond N per hour with 429 and Retry-After, counting failed ones too', async () => {
    const server = await startDevServer({ seed, loginThrottlePerHour: 3 });
    try {
      await rawLogin(server, server.apiKey('k'));
      await rawLogin(server, server.apiKey('k'));
      assert.equal((await jsonPost(`${server.url}/api-key/login/`, {})).status, 400);
      const refused = await jsonPost(`${server.url}/api-key/login/`, {});
      assert.equal(refused.status, 429);
      const wait = Number(refused.headers.get('retry-after'));
      assert.ok(wait > 3500 && wait <= 3600, `Retry-After ${wait}`);
      assert.deepEqual(JSON.parse(refused.text), { detail: `Request was throttled. Expected available in ${wait} seconds.` });
      await assert.rejects(rawLogin(server, server.apiKey('k')), /login failed: 429/);
    } finally {
      await server.close();
    }
  });

  it('is off by default', async () => {
    const server = await startDevServer({ seed });
    try {
      for (let i = 0; i < 65; i++) {
        assert.equal((await jsonPost(`${server.url}/api-key/login/`, {})).status, 400);
      }
    } finally {
      await server.close();
    }
  });
});
