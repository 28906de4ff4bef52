/** The built CLI over a generated 10,000-item vault (items spread over folders and nested shares). */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';

import { cliEnvironment, startDevServer, type DevServer } from '../../devserver/index';
import { buildCli, runCli, type BuiltCli } from './cli-helpers';

let server: DevServer;
let cli: BuiltCli;

before(async () => {
  [server, cli] = await Promise.all([
    startDevServer({
      seed: {
        seed: 'cli-large',
        user: { username: 'bulk@example.com' },
        datastores: [{ type: 'password' }],
        apiKeys: [{ name: 'tray' }],
        generate: { items: 10_000, shares: 12, depth: 3, secretBytes: 256 },
      },
    }),
    buildCli(),
  ]);
});

after(async () => {
  await server?.close();
  cli?.cleanup();
});

describe('psono on a 10,000-item vault', { timeout: 300_000 }, () => {
  it('ls --json returns all 10,000 entries with unique ids, without reading a secret', async () => {
    server.stats.reset();
    const result = await runCli(cli, ['ls', '--json'], cliEnvironment(server.apiKey('tray')));
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, '');
    const entries = JSON.parse(result.stdout) as Array<{ id: string; secret_id: string; title: string; path: string[] }>;
    assert.equal(entries.length, 10_000);
    assert.equal(new Set(entries.map((entry) => entry.id)).size, 10_000);
    assert.ok(entries.every((entry) => entry.title !== '' && Array.isArray(entry.path)));
    const paths = server.stats.requests.map((request) => request.path);
    assert.equal(paths.filter((path) => path.startsWith('/share/')).length, 12, 'each share fetched once');
    assert.ok(!paths.some((path) => path.startsWith('/secret/')));
  });

  it('search and get work on the large vault', async () => {
    const env = cliEnvironment(server.apiKey('tray'));
    const listed = JSON.parse((await runCli(cli, ['ls', '--json'], env)).stdout) as Array<{ id: string; title: string }>;
    const target = listed[7_777]!;
    const found = await runCli(cli, ['search', target.title, '--json'], env);
    assert.equal(found.code, 0, found.stderr);
    assert.ok((JSON.parse(found.stdout) as Array<{ id: string }>).some((entry) => entry.id === target.id));
    const title = await runCli(cli, ['get', target.id, '--field', 'title'], env);
    assert.equal(title.code, 0, title.stderr);
    assert.ok(title.stdout.length > 1);
  });

  it('stops quietly when the reader of its 2 MB output goes away (ls --json | head -c 100)', async () => {
    const child = spawn(process.execPath, [cli.path, 'ls', '--json'], { env: { PATH: process.env['PATH'] ?? '', ...cliEnvironment(server.apiKey('tray')) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    // Like `head`: take the first chunk, then close the pipe while the CLI is still writing.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(stderr, '');
    assert.equal(code, 0);
  });
});
