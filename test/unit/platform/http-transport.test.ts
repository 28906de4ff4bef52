// The Node transport's body handling, over real HTTP on loopback: a body with a Content-Length
// and a chunked one both come back as the same bytes, and the size limit holds either way.
import assert from 'node:assert/strict';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';

import { PsonoError } from '../../../src/core/errors';
import { NodeHttpTransport } from '../../../src/platform/http-transport';

/** UTF-8 whose multi-byte characters straddle the chunk boundaries below. */
const BODY = Buffer.from(`{"title":"${'Grüße 🌍 '.repeat(20_000)}"}`, 'utf8');
const CHUNK = 4099;

let server: http.Server;
const connectionNumber = new Map<object, number>();
let baseUrl = '';

before(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/connection/') {
      // Which connection served this request: keep-alive reuse shows as the same number.
      res.end(String(connectionNumber.get(req.socket)));
      return;
    }
    if (req.url === '/headers/') {
      // Duplicates of a single-valued header, of a list header and of set-cookie; mixed-case names.
      res.setHeader('Retry-After', ['7', '9']);
      res.setHeader('X-Multi', ['a', 'b', 'c']);
      res.setHeader('set-cookie', ['one=1', 'two=2']);
      res.setHeader('X-MiXeD-Case', 'kept');
      res.setHeader('Content-Type', ['text/plain', 'application/json']);
      res.end('ok');
      return;
    }
    const declared = req.url === '/declared/' || req.url === '/declared-large/';
    res.writeHead(200, declared ? { 'Content-Type': 'application/json', 'Content-Length': String(BODY.length) } : { 'Content-Type': 'application/json' });
    // Written in odd-sized pieces so the client sees many chunks.
    for (let at = 0; at < BODY.length; at += CHUNK) {
      res.write(BODY.subarray(at, at + CHUNK));
    }
    res.end();
  });
  server.on('connection', (socket) => connectionNumber.set(socket, connectionNumber.size + 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function get(transport: NodeHttpTransport, path: string): ReturnType<NodeHttpTransport['send']> {
  return transport.send({ method: 'GET', url: `${baseUrl}${path}`, headers: {}, timeoutMs: 10_000 });
}

const text = (body: Uint8Array): string => Buffer.from(body).toString('utf8');

describe('NodeHttpTransport bodies', () => {
  test('a body with Content-Length and a chunked one, in many pieces, arrive as the same bytes', async () => {
    const transport = new NodeHttpTransport();
    try {
      for (const path of ['/declared/', '/chunked/']) {
        const response = await get(transport, path);
        assert.equal(response.status, 200, path);
        assert.equal(response.headers['transfer-encoding'], path === '/chunked/' ? 'chunked' : undefined, path);
        assert.ok(Buffer.from(response.body).equals(BODY), path);
      }
    } finally {
      transport.close();
    }
  });

  test("response headers follow Node's rules: lower-case names, first of single-valued duplicates, others joined", async () => {
    const transport = new NodeHttpTransport();
    try {
      const response = await get(transport, '/headers/');
      const expected = await new Promise<Record<string, string>>((resolve, reject) => {
        http.get(`${baseUrl}/headers/`, (res) => {
          res.resume();
          const joined: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined) {
              joined[name] = Array.isArray(value) ? value.join(', ') : value;
            }
          }
          resolve(joined);
        }).on('error', reject);
      });
      const dropVarying = (headers: Readonly<Record<string, string>>): Record<string, string> =>
        Object.fromEntries(Object.entries(headers).filter(([name]) => name !== 'date' && name !== 'connection' && name !== 'keep-alive'));
      assert.deepEqual(dropVarying(response.headers), dropVarying(expected));
      assert.equal(response.headers['retry-after'], '7');
      assert.equal(response.headers['x-multi'], 'a, b, c');
      assert.equal(response.headers['x-mixed-case'], 'kept');
      assert.equal(response.headers['content-type'], 'text/plain');
    } finally {
      transport.close();
    }
  });

  test('keeps connections alive across requests, and closeIdle drops them', async () => {
    const transport = new NodeHttpTransport();
    // undici may alternate between two connections for back-to-back requests (it checks an idle
    // connection for a pending close before reusing it), so reuse shows as few distinct numbers.
    const connectionsOf = async (requests: number): Promise<Set<string>> => {
      const seen = new Set<string>();
      for (let i = 0; i < requests; i++) {
        seen.add(text((await get(transport, '/connection/')).body));
      }
      return seen;
    };
    try {
      const before = await connectionsOf(10);
      assert.ok(before.size <= 2, `10 requests on ${before.size} connections`);
      transport.closeIdle();
      const after = await connectionsOf(10);
      assert.ok(after.size <= 2, `10 requests on ${after.size} connections`);
      assert.deepEqual([...after].filter((connection) => before.has(connection)), [], 'no connection from before closeIdle is used again');
    } finally {
      transport.close();
    }
  });

  test('the size limit refuses a declared length up front and a chunked body as it grows', async () => {
    const transport = new NodeHttpTransport({ maxResponseBytes: BODY.length - 1 });
    try {
      for (const path of ['/declared-large/', '/chunked/']) {
        await assert.rejects(get(transport, path), (error: unknown) => error instanceof PsonoError && error.kind === 'malformed-response' && /too large/.test(error.message), path);
      }
      const exact = new NodeHttpTransport({ maxResponseBytes: BODY.length });
      try {
        assert.equal((await get(exact, '/declared/')).body.length, BODY.length);
        assert.equal((await get(exact, '/chunked/')).body.length, BODY.length);
      } finally {
        exact.close();
      }
    } finally {
      transport.close();
    }
  });
});

/**
 * A bare TCP server speaking just enough HTTP/1.1 to misbehave on purpose: `answer` decides per
 * request (its path, method and number on its connection) what to write before closing, if at all.
 */
async function misbehavingServer(answer: (request: { method: string; path: string; numberOnConnection: number }, socket: net.Socket) => void): Promise<{ url: string; seen: string[]; close: () => Promise<void> }> {
  const seen: string[] = [];
  const sockets = new Set<net.Socket>();
  const tcp = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let pending = Buffer.alloc(0);
    let numberOnConnection = 0;
    socket.on('data', (data: Buffer) => {
      pending = Buffer.concat([pending, data]);
      for (;;) {
        const headEnd = pending.indexOf('\r\n\r\n');
        if (headEnd < 0) {
          return;
        }
        const head = pending.subarray(0, headEnd).toString('latin1');
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        if (pending.length < headEnd + 4 + length) {
          return;
        }
        pending = pending.subarray(headEnd + 4 + length);
        const [method = '', path = ''] = head.split(' ');
        numberOnConnection += 1;
        seen.push(`${method} ${path}`);
        answer({ method, path, numberOnConnection }, socket);
      }
    });
  });
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(tcp.address() as AddressInfo).port}`,
    seen,
    close: async () => {
      for (const socket of sockets) {
        socket.destroy();
      }
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
    },
  };
}

const OK = 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nKeep-Alive: timeout=30\r\n\r\n{}';

describe('NodeHttpTransport when the server drops connections', () => {
  test('a GET whose kept-alive connection the server dropped is sent again on a fresh one; a POST, PUT or DELETE is not', async () => {
    // Every connection serves one request; a second request on it is dropped unanswered, as by a
    // server whose keep-alive timeout ran out just as the request went out.
    const server = await misbehavingServer(({ numberOnConnection }, socket) => (numberOnConnection === 1 ? socket.write(OK) : socket.destroy()));
    const transport = new NodeHttpTransport();
    try {
      for (let i = 0; i < 6; i++) {
        const response = await transport.send({ method: 'GET', url: `${server.url}/get/`, headers: {}, timeoutMs: 5_000 });
        assert.equal(text(response.body), '{}');
      }
      const gets = server.seen.filter((request) => request === 'GET /get/').length;
      assert.ok(gets > 6, `some GETs hit a dropped connection and were sent again (${gets} received for 6)`);

      // Psono's PUT creates objects (spec §11): like a POST, it must never reach the server twice.
      for (const method of ['POST', 'PUT', 'DELETE'] as const) {
        const failures: PsonoError[] = [];
        for (let i = 0; i < 6; i++) {
          await transport.send({ method, url: `${server.url}/write/`, headers: {}, body: '{"n":1}', timeoutMs: 5_000 }).catch((error: unknown) => {
            assert.ok(error instanceof PsonoError, String(error));
            failures.push(error);
          });
        }
        assert.ok(failures.length > 0, `some ${method}s hit a dropped connection`);
        assert.ok(failures.every((error) => error.kind === 'network'), failures.map((error) => error.kind).join());
        assert.equal(server.seen.filter((request) => request === `${method} /write/`).length, 6, `no ${method} was sent twice`);
      }
    } finally {
      transport.close();
      await server.close();
    }
  });

  test('a server that drops every request: one retry for a GET, then a network error', async () => {
    const server = await misbehavingServer((_request, socket) => socket.destroy());
    const transport = new NodeHttpTransport();
    try {
      await assert.rejects(transport.send({ method: 'GET', url: `${server.url}/x/`, headers: {}, timeoutMs: 5_000 }), (error: unknown) => error instanceof PsonoError && error.kind === 'network');
      assert.deepEqual(server.seen, ['GET /x/', 'GET /x/']);
    } finally {
      transport.close();
      await server.close();
    }
  });

  test('an answer cut off after its headers is a network error, not retried', async () => {
    const server = await misbehavingServer((_request, socket) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"partial":');
      setTimeout(() => socket.destroy(), 20);
    });
    const transport = new NodeHttpTransport();
    try {
      await assert.rejects(
        transport.send({ method: 'GET', url: `${server.url}/cut/`, headers: {}, timeoutMs: 5_000 }),
        (error: unknown) => error instanceof PsonoError && error.kind === 'network' && /broke off mid-response/.test(error.message),
      );
      assert.deepEqual(server.seen, ['GET /cut/']);
    } finally {
      transport.close();
      await server.close();
    }
  });

  test('the deadline covers a body that stops arriving', async () => {
    const server = await misbehavingServer((_request, socket) => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n{"slow":'));
    const transport = new NodeHttpTransport();
    try {
      const started = performance.now();
      await assert.rejects(transport.send({ method: 'GET', url: `${server.url}/slow/`, headers: {}, timeoutMs: 300 }), (error: unknown) => error instanceof PsonoError && error.kind === 'timeout');
      assert.ok(performance.now() - started < 3_000, 'gave up at the deadline');
    } finally {
      transport.close();
      await server.close();
    }
  });
});
