/**
 * A datastore answer of megabytes over real HTTP (NodeHttpTransport, dev server): it arrives in
 * many pieces, and the session and the loader read every entry of it.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';

import { credentialFields, startDevServer, type DevServer } from '../../devserver/index';
import type { HttpTransport } from '../../src/core/http';
import { parseCredentials, PsonoSession } from '../../src/core/session';
import { loadVault } from '../../src/core/vault';
import { NodeHttpTransport } from '../../src/platform/http-transport';

let server: DevServer;
const transport = new NodeHttpTransport();

before(async () => {
  server = await startDevServer({
    seed: {
      seed: 'large-datastore',
      user: { username: 'large@example.com' },
      datastores: [{ type: 'password' }],
      apiKeys: [{ name: 'tray' }],
      generate: { items: 1500, shares: 6, depth: 2, secretBytes: 64 },
    },
  });
});

after(async () => {
  transport.close();
  await server?.close();
});

describe('a large datastore answer', () => {
  it('is read whole: every generated entry, each share once', async () => {
    const sizes = new Map<string, number>();
    const measuring: HttpTransport = {
      send: async (request) => {
        const response = await transport.send(request);
        sizes.set(new URL(request.url).pathname, response.body.length);
        return response;
      },
      closeIdle: () => transport.closeIdle(),
    };
    const session = await PsonoSession.login(parseCredentials(credentialFields(server.apiKey('tray'))), {
      transport: measuring,
      deviceFingerprint: randomUUID(),
      deviceDescription: 'large datastore test',
    });
    server.stats.reset();
    const vault = await loadVault(session);
    try {
      const datastore = [...sizes].find(([path]) => /\/datastore\/[0-9a-f-]{36}\/$/.test(path));
      assert.ok(datastore !== undefined && datastore[1] > 256 * 1024, `the datastore answer is large (${datastore?.[1]} bytes)`);
      assert.equal(vault.entries.length, 1500);
      assert.equal(new Set(vault.entries.map((entry) => entry.id)).size, 1500);
      const shares = server.stats.requests.filter((request) => request.path.startsWith('/share/')).length;
      assert.equal(shares, 6, 'each share fetched once');
    } finally {
      vault.wipe();
      await session.logout();
    }
  });
});
