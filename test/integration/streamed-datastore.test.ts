/**
 * A large datastore answer over real HTTP (NodeHttpTransport, dev server): the session decodes the
 * transport envelope while it arrives (StreamedEnvelope) and the vault is the same as when the
 * whole body is parsed after the transfer.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';

import { credentialFields, startDevServer, type DevServer } from '../../devserver/index';
import { StreamedSecretbox } from '../../src/core/crypto';
import type { BodyObserver, HttpRequest, HttpTransport } from '../../src/core/http';
import { parseCredentials, PsonoSession } from '../../src/core/session';
import type { StreamedEnvelope } from '../../src/core/session/responses';
import { loadVault, type Vault, type VaultSource } from '../../src/core/vault';
import { NodeHttpTransport } from '../../src/platform/http-transport';

let server: DevServer;
const transport = new NodeHttpTransport();

before(async () => {
  server = await startDevServer({
    seed: {
      seed: 'streamed-datastore',
      user: { username: 'streamed@example.com' },
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

/** Per request path: whether the observer read the envelope while it arrived (take() gave a box). */
type Taken = Map<string, boolean>;

/** The real transport, with each body observer either watched (taken) or left out (whole-body path). */
function transportThat(mode: 'streams' | 'parses-after', taken: Taken): HttpTransport {
  return {
    send(request: HttpRequest) {
      const { bodyObserver, ...rest } = request;
      if (bodyObserver === undefined || mode === 'parses-after') {
        return transport.send(rest);
      }
      const envelope = bodyObserver as BodyObserver & StreamedEnvelope;
      const take = envelope.take.bind(envelope);
      envelope.take = () => {
        const result = take();
        taken.set(new URL(request.url).pathname, result !== null);
        return result;
      };
      return transport.send({ ...rest, bodyObserver: envelope });
    },
    closeIdle: () => transport.closeIdle(),
  };
}

/** Loads the vault; `answers` collects every decrypted answer by path. */
async function load(mode: 'streams' | 'parses-after', taken: Taken, answers = new Map<string, unknown>()): Promise<Vault> {
  const session = await PsonoSession.login(parseCredentials(credentialFields(server.apiKey('tray'))), {
    transport: transportThat(mode, taken),
    deviceFingerprint: randomUUID(),
    deviceDescription: 'streamed datastore test',
  });
  const source: VaultSource = {
    get: async (path, read) => {
      const answer = await session.get(path, read);
      answers.set(path, answer);
      return answer;
    },
    userSecretKey: () => session.userSecretKey(),
  };
  try {
    return await loadVault(source);
  } finally {
    await session.logout();
  }
}

describe('a large datastore answer read while it arrives', () => {
  it('is decoded on the way in, and gives the same vault as parsing the body afterwards', async () => {
    const taken: Taken = new Map();
    const streamed = await load('streams', taken);
    const afterwards = await load('parses-after', new Map());
    try {
      const datastoreReads = [...taken].filter(([path]) => /\/datastore\/[0-9a-f-]{36}\/$/.test(path));
      assert.equal(datastoreReads.length, 1, 'the password datastore was read once');
      assert.equal(datastoreReads[0]![1], true, 'its envelope was decoded while it arrived');
      // Small answers (the shares here) decline: they take the whole-body path.
      assert.ok([...taken].every(([path, took]) => took || path.includes('/share/')), JSON.stringify([...taken]));
      assert.ok(streamed.entries.length > 1000);
      const summary = (vault: Vault): string[] => vault.entries.map((entry) => `${entry.id}|${entry.title}|${entry.path.join('/')}|${entry.urlHost}`);
      assert.deepEqual(summary(streamed), summary(afterwards));
    } finally {
      streamed.wipe();
      afterwards.wipe();
    }
  });

  it("hands the datastore's data to the loader decoded, and the loader releases it", async () => {
    const answers = new Map<string, unknown>();
    const vault = await load('streams', new Map(), answers);
    try {
      const [, answer] = [...answers].find(([path]) => /\/datastore\/[0-9a-f-]{36}\/$/.test(path))!;
      const data = (answer as Record<string, unknown>)['data'];
      assert.ok(data instanceof StreamedSecretbox, 'decoded into a box, not copied as hex');
      assert.equal(data.toJSON(), '', 'released (zeroed and freed) once the datastore was read');
      assert.equal(data.addDigits(new Uint8Array([48, 48]), 0, 2), false);
    } finally {
      vault.wipe();
    }
  });
});
