/**
 * The built CLI remembers keys it has seen unrestricted (src/cli/key-memory.ts): the next cold call
 * logs in straight away, without the inspection and without GET /info/, and the file holds neither
 * the key id nor the server URL. Restricted keys are never remembered; a file others could write is
 * not trusted.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';

import { cliEnvironment, startDevServer, type DevServer, type VaultSeed } from '../../devserver/index';
import { buildCli, runCli, type BuiltCli } from './cli-helpers';

const seed: VaultSeed = {
  seed: 'cli-key-memory',
  user: { username: 'kim@example.com' },
  datastores: [{ type: 'password', items: [{ type: 'note', ref: 'kept', secret: { note_title: 'Remembered', note_notes: 'n' } }] }],
  apiKeys: [{ name: 'tray' }, { name: 'restricted', restrictToSecrets: true, secrets: ['kept'] }],
};

describe('psono: the key memory', () => {
  let server: DevServer;
  let cli: BuiltCli;
  let cache: string;

  before(async () => {
    [server, cli] = await Promise.all([startDevServer({ seed }), buildCli()]);
  });
  after(async () => {
    await server?.close();
    cli?.cleanup();
  });
  beforeEach(() => {
    cache = mkdtempSync(join(tmpdir(), 'psono-tray-key-memory-'));
    server.stats.reset();
  });

  const ls = async (key: string): Promise<string[]> => {
    server.stats.reset();
    const result = await runCli(cli, ['ls', '--json'], { ...cliEnvironment(server.apiKey(key)), XDG_CACHE_HOME: cache });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Remembered/);
    return server.stats.requests.map((r) => `${r.method} ${r.path}`).filter((line) => !line.startsWith('GET /datastore') && !line.includes('logout'));
  };
  const file = (): string => join(cache, 'psono', 'unrestricted-keys');

  it('the second call of an unrestricted key sends the login alone before the reads', async () => {
    assert.deepEqual((await ls('tray')).sort(), ['GET /info/', 'POST /api-key-access/inspect/', 'POST /api-key/login/']);
    assert.deepEqual(await ls('tray'), ['POST /api-key/login/']);
    assert.equal(statSync(file()).mode & 0o777, 0o600);
    assert.equal(statSync(join(cache, 'psono')).mode & 0o777, 0o700);
    const stored = readFileSync(file(), 'utf8');
    assert.match(stored, /^[0-9a-f]{64}\n$/);
    const key = server.apiKey('tray');
    assert.ok(!stored.includes(key.apiKeyId) && !stored.includes(new URL(key.serverUrl).host));
  });

  it('a restricted key is never remembered: it is inspected each time and never logs in', async () => {
    for (let run = 0; run < 2; run++) {
      const requests = await ls('restricted');
      assert.ok(requests.includes('POST /api-key-access/inspect/'));
      assert.ok(!requests.includes('POST /api-key/login/'));
    }
  });

  it('a memory file that others may write is ignored', async () => {
    await ls('tray');
    chmodSync(file(), 0o666);
    assert.ok((await ls('tray')).includes('POST /api-key-access/inspect/'));
  });
});
