/**
 * The built `psono-tray` CLI and main's setup check against the dev server speaking psono-server
 * 7.2 (its default) and 3.5 (`serverVersion: '3.5'`): read-disabled keys are refused, never listed
 * as an empty vault; the 7.x password-change gate says what to do; the 7.x additions (encrypted
 * bodies only, JSON-only unauthenticated endpoints, `read_count`, share-right fields, expiring
 * rights) leave the listing and the secrets as they are on 3.5.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';

import { cliEnvironment, credentialFields, describeSeed, startDevServer, type DevServer, type VaultSeed } from '../../devserver/index';
import { PsonoError } from '../../src/core/errors';
import type { HttpRequest, HttpResponse, HttpTransport } from '../../src/core/http';
import { parseCredentials, PsonoSession } from '../../src/core/session';
import { createLogger } from '../../src/main/log';
import { PsonoVaultService } from '../../src/main/vault/psono-vault-service';
import { NodeHttpTransport } from '../../src/platform/http-transport';
import { buildCli, runCli, type BuiltCli, type CliRun } from './cli-helpers';

const seed: VaultSeed = {
  seed: 'server-versions',
  user: { username: 'vera@example.com' },
  datastores: [
    {
      type: 'password',
      folders: [
        { name: 'Work', items: [{ type: 'website_password', ref: 'mail', secret: { website_password_title: 'Mail', website_password_url: 'https://mail.example.com', website_password_password: 'mail-pass-7' } }] },
        { share: 'ended' },
        { share: 'team' },
      ],
      items: [{ type: 'note', ref: 'wifi', secret: { note_title: 'Wifi', note_notes: 'guest' } }],
    },
  ],
  shares: [
    // 7.x ignores a right from its expiry on, and so does every right inherited from it.
    { ref: 'ended', kind: 'folder', name: 'Ended', rightsExpire: '2026-01-01T00:00:00+00:00', items: [{ type: 'note', ref: 'old', secret: { note_title: 'Old', note_notes: 'x' } }] },
    { ref: 'team', kind: 'folder', name: 'Team', rightsExpire: '2099-01-01T00:00:00+00:00', items: [{ type: 'note', ref: 'plan', secret: { note_title: 'Plan', note_notes: 'y' } }] },
  ],
  apiKeys: [
    { name: 'tray' },
    { name: 'rw', write: true },
    { name: 'restricted', restrictToSecrets: true, secrets: ['mail'] },
    { name: 'no-read', read: false },
    { name: 'restricted-no-read', read: false, restrictToSecrets: true, secrets: ['mail'] },
  ],
};

const gatedSeed: VaultSeed = {
  seed: 'server-versions-gate',
  user: { username: 'gina@example.com', requirePasswordChange: true },
  datastores: [{ type: 'password', items: [{ type: 'note', secret: { note_title: 'Gated', note_notes: 'z' } }] }],
  apiKeys: [{ name: 'tray' }],
};

const READ_REFUSED = /not allowed to read\. Allow "read" for this key in Psono/;
const GATE = /until its owner changes the account password\. Log in to the Psono web client, change the password/;

let cli: BuiltCli;

before(async () => {
  cli = await buildCli();
});

after(() => {
  cli?.cleanup();
});

function assertFailsWith(result: CliRun, pattern: RegExp): void {
  assert.equal(result.code, 1, `exit code (stdout: ${result.stdout}, stderr: ${result.stderr})`);
  assert.equal(result.stdout, '', 'nothing listed');
  assert.match(result.stderr, pattern);
}

async function setupCheckError(server: DevServer, keyName: string): Promise<PsonoError> {
  const transport = new NodeHttpTransport();
  const service = new PsonoVaultService({ transport, deviceFingerprint: randomUUID(), deviceDescription: 'server-versions test', log: createLogger('Vault', () => undefined) });
  try {
    await service.check(parseCredentials(credentialFields(server.apiKey(keyName))));
  } catch (error) {
    assert.ok(error instanceof PsonoError, String(error));
    return error;
  } finally {
    transport.close();
  }
  assert.fail('the setup check succeeded');
}

for (const version of ['7.2', '3.5'] as const) {
  describe(`psono-server ${version}`, () => {
    let server: DevServer;
    const wire = (): string[] => server.stats.requests.map((request) => `${request.method} ${request.path} ${request.status}`);

    before(async () => {
      server = await startDevServer({ seed, ...(version === '3.5' ? { serverVersion: '3.5' } : {}) });
    });

    after(async () => {
      await server?.close();
    });

    it('lists every readable entry and reads secrets; the session is logged out', async () => {
      server.stats.reset();
      const ls = await runCli(cli, ['ls', '--json'], cliEnvironment(server.apiKey('tray')));
      assert.equal(ls.code, 0, ls.stderr);
      const titles = (JSON.parse(ls.stdout) as Array<{ title: string }>).map((entry) => entry.title).sort();
      // The expired right hides its share on 7.x only; 3.5 has no expiry.
      assert.deepEqual(titles, version === '7.2' ? ['Mail', 'Plan', 'Wifi'] : ['Mail', 'Old', 'Plan', 'Wifi']);
      assert.equal(server.stats.activeSessions(), 0, 'logged out before exit');
      assert.ok(wire().includes('POST /authentication/logout/ 200'), wire().join());
      const mail = describeSeed(seed).items.get('mail')!;
      const password = await runCli(cli, ['get', mail.linkId, '--field', 'password'], cliEnvironment(server.apiKey('tray')));
      assert.equal(password.stdout, 'mail-pass-7\n', password.stderr);
    });

    it('a restricted key reads its secret session-less (7.x adds read_count to the answer)', async () => {
      const mailSecretId = describeSeed(seed).items.get('mail')!.secretId!;
      const password = await runCli(cli, ['get', mailSecretId, '--field', 'password'], cliEnvironment(server.apiKey('restricted')));
      assert.equal(password.code, 0, password.stderr);
      assert.equal(password.stdout, 'mail-pass-7\n');
    });

    it('session bodies are sealed: a POST with a body is answered, a GET and the logout carry none', async () => {
      const sent: HttpRequest[] = [];
      const inner = new NodeHttpTransport();
      const recording: HttpTransport = {
        send: (request: HttpRequest): Promise<HttpResponse> => {
          sent.push(request);
          return inner.send(request);
        },
      };
      const session = await PsonoSession.login(parseCredentials(credentialFields(server.apiKey('rw'))), {
        transport: recording,
        deviceFingerprint: randomUUID(),
        deviceDescription: 'server-versions test',
      });
      try {
        const mail = describeSeed(seed).items.get('mail')!;
        if (version === '7.2') {
          const read = await session.post('/bulk-secret-read/', { secret_ids: [mail.secretId] });
          assert.ok(typeof read === 'object' && read !== null, 'a decrypted answer');
          // 7.x field errors are codes: mapped to invalid-input, the code kept as the detail.
          await assert.rejects(session.post('/bulk-secret-read/', { secret_ids: ['not-a-uuid'] }), (error: unknown) => {
            assert.ok(error instanceof PsonoError);
            assert.equal(error.kind, 'invalid-input');
            assert.match(error.message, /IS_NOT_A_VALID_UUID/);
            return true;
          });
        }
        await session.get('/datastore/');
      } finally {
        await session.logout();
        inner.close();
      }
      for (const request of sent.filter((entry) => !/\/(info|api-key\/login)\/$/.test(entry.url))) {
        if (request.method === 'GET' || request.url.endsWith('/authentication/logout/')) {
          assert.ok(request.body === undefined || request.body === '', `${request.method} ${request.url} has no body`);
        } else {
          assert.deepEqual(Object.keys(JSON.parse(request.body ?? '') as object).sort(), ['nonce', 'text'], `${request.url} is sealed`);
          assert.equal(request.headers['Content-Type'], 'application/json');
        }
      }
      assert.equal(server.stats.activeSessions(), 0, 'the logout was accepted');
    });

    it('a read-disabled key fails with read-not-allowed and what to do, without a login', async () => {
      server.stats.reset();
      assertFailsWith(await runCli(cli, ['ls'], cliEnvironment(server.apiKey('no-read'))), READ_REFUSED);
      assert.ok(!wire().some((line) => line.includes('/api-key/login/') || line.includes('/datastore/')), wire().join());
    });

    it('a read-disabled restricted key fails the same way instead of listing nothing', async () => {
      assertFailsWith(await runCli(cli, ['ls', '--json'], cliEnvironment(server.apiKey('restricted-no-read'))), READ_REFUSED);
    });

    it('the setup check refuses both read-disabled keys with read-not-allowed', async () => {
      for (const key of ['no-read', 'restricted-no-read']) {
        const error = await setupCheckError(server, key);
        assert.equal(error.kind, 'read-not-allowed', key);
        assert.match(error.message, READ_REFUSED);
      }
    });
  });
}

describe('the password-change gate', () => {
  it('7.2: ls and the setup check say to change the password in the Psono web client', async () => {
    const server = await startDevServer({ seed: gatedSeed });
    try {
      assertFailsWith(await runCli(cli, ['ls'], cliEnvironment(server.apiKey('tray'))), GATE);
      const error = await setupCheckError(server, 'tray');
      assert.equal(error.kind, 'password-change-required');
      assert.equal(server.stats.activeSessions(), 0, 'the gate lets the logout through');
    } finally {
      await server.close();
    }
  });

  it('3.5: no gate, the vault lists', async () => {
    const server = await startDevServer({ seed: gatedSeed, serverVersion: '3.5' });
    try {
      const ls = await runCli(cli, ['ls'], cliEnvironment(server.apiKey('tray')));
      assert.equal(ls.code, 0, ls.stderr);
      assert.match(ls.stdout, /Gated/);
    } finally {
      await server.close();
    }
  });
});
