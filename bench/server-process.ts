/**
 * The dev server in its own process, so its CPU work runs beside the client's as it would on a
 * real server instead of inside the client's event loop. Reports its URL and API key on stdout's
 * IPC channel; answers `cpu` with its own CPU time so the report can say how much of the request
 * time the server spent.
 */
import { startDevServer } from '../devserver/index';
import { cryptoBackendName, enableFastCrypto } from '../src/core/crypto';
import { benchSeed, coldCliSeed } from './seed';
import type { ServerShape } from './server';

interface Command {
  readonly type: 'cpu' | 'close' | 'latency';
  readonly ms?: number;
}

const items = Number(process.argv[2]);
const shares = Number(process.argv[3] ?? 100);
const shape = JSON.parse(process.argv[4] ?? '{}') as ServerShape;
if (!Number.isInteger(items) || items < 0 || process.send === undefined) {
  console.error('usage: (forked by bench/server.ts) server-process.ts <items> [shares] [shape JSON]');
  process.exit(2);
}
const send = process.send.bind(process);

// A real Psono server encrypts with libsodium (PyNaCl); the dev server's crypto is core's, so switch it too.
await enableFastCrypto();
const started = performance.now();
const server = await startDevServer({
  seed: shape.vault === 'cold-cli' ? coldCliSeed(items) : benchSeed(items, shares),
  serverKeySeed: 'bench',
  ...(shape.serial === true ? { serial: true } : {}),
  ...(shape.requestMs === undefined ? {} : { requestMs: shape.requestMs }),
  ...(shape.byteUs === undefined ? {} : { byteUs: shape.byteUs }),
});
send({ type: 'ready', url: server.url, key: server.apiKey('bench'), startMs: performance.now() - started, crypto: cryptoBackendName() });

process.on('message', (command: Command) => {
  if (command.type === 'cpu') {
    const usage = process.cpuUsage();
    send({ type: 'cpu', cpuMs: (usage.user + usage.system) / 1000, requests: server.stats.requests.length });
  } else if (command.type === 'latency') {
    // Delays every answer, in parallel for concurrent requests: a stand-in for a network round trip.
    server.faults.latencyMs = command.ms ?? 0;
    send({ type: 'latency', ms: server.faults.latencyMs });
  } else if (command.type === 'close') {
    void server.close().finally(() => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(0));
