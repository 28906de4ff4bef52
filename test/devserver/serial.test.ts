// Serial mode: one request at a time, each paying its cost (per request and per response byte)
// while holding the queue, as a single-process deployment serves.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { startDevServer, type DevServer, type DevServerOptions, type VaultSeed } from '../../devserver/index';
import { rawFetch } from './raw-client';

const seed: VaultSeed = { seed: 'serial-tests', user: { username: 'sue@example.com' }, datastores: [{ type: 'password' }], apiKeys: [{ name: 'k' }] };

async function withServer(options: Omit<DevServerOptions, 'seed'>, run: (server: DevServer) => Promise<void>): Promise<void> {
  const server = await startDevServer({ seed, ...options });
  try {
    await run(server);
  } finally {
    await server.close();
  }
}

/** Sends the requests at once; returns when each finished (ms after the start) in send order. */
async function parallelInfo(server: DevServer, count: number): Promise<number[]> {
  // The first answer of a server also pays one-off work (signing /info/): keep it out of the timing.
  await rawFetch(`${server.url}/info/`);
  const started = performance.now();
  return Promise.all(Array.from({ length: count }, async () => {
    await rawFetch(`${server.url}/info/`);
    return performance.now() - started;
  }));
}

describe('devserver serial mode', () => {
  it('serves parallel requests one after another, each paying requestMs', async () => {
    await withServer({ serial: true, requestMs: 200 }, async (server) => {
      const finished = await parallelInfo(server, 2);
      assert.ok(Math.max(...finished) >= 400, `the second answer waits for the first: ${finished.join(', ')}`);
    });
  });

  it('without serial the same cost is paid in parallel', async () => {
    await withServer({ requestMs: 200 }, async (server) => {
      const finished = await parallelInfo(server, 3);
      assert.ok(Math.min(...finished) >= 200, 'every answer pays its cost');
      assert.ok(Math.max(...finished) < 600, `not one after another: ${finished.join(', ')}`);
    });
  });

  it('answers in arrival order, a cheap request waiting for an expensive one', async () => {
    // /info/ (~1.5 KB, ~150 ms) before the 404 page (~0.2 KB, ~20 ms): in parallel the 404 would finish first.
    await withServer({ serial: true, byteUs: 100 }, async (server) => {
      const order: string[] = [];
      const send = async (path: string): Promise<void> => {
        await rawFetch(`${server.url}${path}`);
        order.push(path);
      };
      const first = send('/info/');
      await new Promise((resolve) => setTimeout(resolve, 10));
      await Promise.all([first, send('/nothing-here/')]);
      assert.deepEqual(order, ['/info/', '/nothing-here/']);
      assert.deepEqual(server.stats.requests.map((entry) => entry.path), ['/info/', '/nothing-here/']);
    });
  });

  it('charges byteUs per response byte', async () => {
    await withServer({ serial: true, byteUs: 200 }, async (server) => {
      const size = Buffer.byteLength((await rawFetch(`${server.url}/info/`)).text);
      const started = performance.now();
      await rawFetch(`${server.url}/info/`);
      const elapsed = performance.now() - started;
      assert.ok(size > 1000, 'the /info/ answer is over a KiB');
      assert.ok(elapsed >= (size * 200) / 1000 - 5, `${size} bytes at 200 µs each took ${elapsed.toFixed(0)} ms`);
    });
  });
});
