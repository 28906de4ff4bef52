/**
 * The built CLI does not wait long for the logout: it is sent once the output is written, and the
 * process ends after a short bound even if the server never answers it. A proxy in front of the
 * dev server holds every logout answer back.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';

import { cliEnvironment, startDevServer, type DevServer, type VaultSeed } from '../../devserver/index';
import { buildCli, runCli, type BuiltCli } from './cli-helpers';

const seed: VaultSeed = {
  seed: 'cli-exit',
  user: { username: 'eve@example.com' },
  datastores: [{ type: 'password', items: [{ type: 'note', secret: { note_title: 'Kept', note_notes: 'n' } }] }],
  apiKeys: [{ name: 'tray' }],
};

describe('psono-tray exit', () => {
  let server: DevServer;
  let cli: BuiltCli;
  let proxy: http.Server;
  let proxyUrl: string;
  let heldLogouts = 0;
  const held: http.ServerResponse[] = [];

  before(async () => {
    [server, cli] = await Promise.all([startDevServer({ seed }), buildCli()]);
    const target = new URL(server.url);
    proxy = http.createServer((request, response) => {
      if (request.url?.endsWith('/authentication/logout/')) {
        // Read the request, never answer it.
        heldLogouts += 1;
        request.resume();
        held.push(response);
        return;
      }
      const forwarded = http.request({ host: target.hostname, port: target.port, path: request.url, method: request.method, headers: request.headers }, (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      });
      request.pipe(forwarded);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}${target.pathname}`;
  });

  after(async () => {
    held.forEach((response) => response.destroy());
    await new Promise<void>((resolve) => proxy?.close(() => resolve()));
    await server?.close();
    cli?.cleanup();
  });

  it('a logout the server does not answer holds the process for a moment at most', async () => {
    const started = Date.now();
    const result = await runCli(cli, ['ls'], { ...cliEnvironment(server.apiKey('tray')), PSONO_SERVER_URL: proxyUrl });
    const elapsed = Date.now() - started;
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Kept/);
    assert.equal(heldLogouts, 1, 'the logout was sent');
    // The whole run, node start-up and a loaded machine included; the bound itself is 300 ms.
    assert.ok(elapsed < 3_000, `took ${elapsed} ms`);
  });
});
