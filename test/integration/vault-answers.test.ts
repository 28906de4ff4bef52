/**
 * Over a real session against the dev server: a datastore whose content is another datastore's is
 * malformed-response, and a never-written datastore is an empty vault without an error.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';

import { credentialFields, startDevServer, type DevServer, type VaultSeed } from '../../devserver/index';
import { PsonoError } from '../../src/core/errors';
import { parseCredentials, PsonoSession } from '../../src/core/session';
import { loadVault } from '../../src/core/vault';
import { NodeHttpTransport } from '../../src/platform/http-transport';

const DEFAULT = 'd0000000-0000-4000-8000-00000000000a';
const OTHER = 'd0000000-0000-4000-8000-00000000000b';

const note = (title: string) => ({ type: 'note', secret: { note_title: title, note_notes: 'x' } });

function seedWith(defaultStore: Record<string, unknown>): VaultSeed {
  return {
    seed: 'vault-answers',
    user: { username: 'alice@example.com' },
    datastores: [
      { type: 'password', id: DEFAULT, description: 'Default', ...defaultStore },
      { type: 'password', id: OTHER, description: 'Other', isDefault: false, items: [note('in other')] },
    ],
    apiKeys: [{ name: 'tray' }],
  } as VaultSeed;
}

const transport = new NodeHttpTransport();
const servers: DevServer[] = [];

async function loadFrom(seed: VaultSeed) {
  const server = await startDevServer({ seed });
  servers.push(server);
  const session = await PsonoSession.login(parseCredentials(credentialFields(server.apiKey('tray'))), { transport, deviceFingerprint: randomUUID(), deviceDescription: 'vault answers test' });
  try {
    return await loadVault(session);
  } finally {
    await session.logout();
  }
}

after(async () => {
  transport.close();
  await Promise.all(servers.map((server) => server.close()));
});

describe('datastore answers from the dev server', () => {
  it('a datastore whose content names another datastore is malformed-response, not an empty vault', async () => {
    await assert.rejects(loadFrom(seedWith({ raw: { datastore_id: OTHER, items: [] } })), (error: unknown) => {
      assert.ok(error instanceof PsonoError, String(error));
      assert.equal(error.kind, 'malformed-response');
      assert.match(error.details.detail ?? '', new RegExp(`datastore ${DEFAULT}: the content is another datastore`));
      return true;
    });
  });

  it('a never-written datastore is empty, and the other datastore still lists', async () => {
    const vault = await loadFrom(seedWith({ neverWritten: true }));
    assert.deepEqual(vault.entries.map((entry) => [entry.title, entry.datastoreId]), [['in other', OTHER]]);
    assert.deepEqual(vault.warnings, []);
  });
});
