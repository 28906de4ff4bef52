/**
 * The dev server in its own process (forked by app-heap.test.ts), behind a small recording reverse
 * proxy, so a heap snapshot of the app's process holds neither the server's state nor the test's
 * fixtures. The proxy remembers every session token it sees in an Authorization header: the test
 * greps the app's heap for them. Protocol on the IPC channel:
 *   parent → { type: 'start', seed }   child → { type: 'ready', key }   (key.serverUrl is the proxy)
 *   parent → { type: 'tokens' }        child → { type: 'tokens', tokens }
 *   parent → { type: 'close' }         child exits
 * Nothing is printed: tokens and keys travel only over IPC.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { startDevServer, type DevServer, type VaultSeed } from '../../devserver/index';

type Command = { type: 'start'; seed: VaultSeed } | { type: 'tokens' } | { type: 'close' };

if (process.send === undefined) {
  console.error('heap-devserver.process.ts is forked by app-heap.test.ts (needs an IPC channel)');
  process.exit(2);
}
const send = process.send.bind(process);

const tokens = new Set<string>();
let server: DevServer | null = null;

function recordToken(incoming: IncomingMessage): void {
  const match = /^Token\s+(\S+)$/i.exec(incoming.headers.authorization ?? '');
  if (match?.[1]) {
    tokens.add(match[1]);
  }
}

async function start(seed: VaultSeed): Promise<void> {
  const dev = await startDevServer({ seed });
  server = dev;
  const target = new URL(dev.url);
  const proxy = createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    recordToken(incoming);
    const upstream = request(
      { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    upstream.on('error', () => outgoing.destroy());
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address() as AddressInfo;
  const proxied = new URL(dev.url);
  proxied.port = String(port);
  const key = dev.apiKey('tray');
  send({ type: 'ready', key: { ...key, serverUrl: proxied.href.replace(/\/$/, '') } });
}

process.on('message', (command: Command) => {
  if (command.type === 'start') {
    start(command.seed).catch((error: unknown) => {
      console.error(`dev server failed to start: ${error instanceof Error ? error.name : 'error'}`);
      process.exit(1);
    });
  } else if (command.type === 'tokens') {
    send({ type: 'tokens', tokens: [...tokens] });
  } else {
    void (server?.close() ?? Promise.resolve()).finally(() => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(0));
