// The session client against the repo's dev server over real HTTP(S) on 127.0.0.1. Every error
// kind is produced by a real fault (closed port, bad certificate, server switches), not by a mock.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';

import { credentialFields, startDevServer, type DevServer, type DevServerApiKey, type VaultSeed } from '../../devserver/index';
import { bytesToHex, openJson, randomBytes, unwrapKey } from '../../src/core/crypto';
import { PsonoError } from '../../src/core/errors';
import type { HttpRequest, HttpResponse, HttpTransport } from '../../src/core/http';
import { openKeyAccess, parseCredentials, PsonoSession, SessionlessApi, type ApiKeyCredentials, type SessionDeps } from '../../src/core/session';
import { NodeHttpTransport } from '../../src/platform/http-transport';

const seed: VaultSeed = {
  seed: 'session-integration',
  user: { username: 'alice@example.com' },
  datastores: [
    {
      type: 'password',
      folders: [
        {
          name: 'Work',
          items: [
            {
              type: 'website_password',
              ref: 'mail',
              secret: { website_password_title: 'Example Mail', website_password_username: 'alice', website_password_password: 'pä$$wörd-integration' },
            },
          ],
        },
      ],
      items: [{ type: 'note', secret: { note_title: 'Wifi', note_notes: 'guest / hunter2' } }],
    },
    { type: 'user' },
    { type: 'settings' },
  ],
  apiKeys: [
    { name: 'tray' },
    { name: 'restricted', restrictToSecrets: true, secrets: ['mail'] },
    { name: 'no-read', read: false },
    { name: 'inactive', active: false },
    { name: 'to-revoke' },
  ],
};

const randomHex = (): string => bytesToHex(randomBytes(32));

function credentialsFrom(key: DevServerApiKey, overrides: Partial<DevServerApiKey> = {}): ApiKeyCredentials {
  return parseCredentials(credentialFields({ ...key, ...overrides }));
}

async function rejectsWith(promise: Promise<unknown>, kind: string): Promise<PsonoError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof PsonoError, `expected a PsonoError, got ${String(error)}`);
    assert.equal(error.kind, kind, `expected ${kind}, got ${error.kind}: ${error.message}`);
    return error;
  }
  assert.fail(`expected a ${kind} failure, but it succeeded`);
}

/** Counts what goes over a real transport (the dev server's own stats give the server's view). */
class CountingTransport implements HttpTransport {
  readonly sent: string[] = [];
  constructor(private readonly inner: HttpTransport) {}
  send(request: HttpRequest): Promise<HttpResponse> {
    this.sent.push(`${request.method} ${new URL(request.url).pathname}`);
    return this.inner.send(request);
  }
}

let server: DevServer;
let transport: NodeHttpTransport;
const sessions: PsonoSession[] = [];

function deps(extra: Partial<SessionDeps> = {}): SessionDeps {
  return { transport, deviceFingerprint: '3f1c9a2e-7b4d-4e8f-a6c5-0d9e8f7a6b5c', deviceDescription: 'Psono Tray integration test', timeoutMs: 10_000, ...extra };
}

async function login(name = 'tray', extra: Partial<SessionDeps> = {}): Promise<PsonoSession> {
  const session = await PsonoSession.login(credentialsFrom(server.apiKey(name)), deps(extra));
  sessions.push(session);
  return session;
}

const logins = (): number => server.stats.requests.filter((r) => r.path === '/api-key/login/').length;

before(async () => {
  server = await startDevServer({ seed });
  transport = new NodeHttpTransport();
});

after(async () => {
  sessions.forEach((session) => session.wipe());
  transport.close();
  await server.close();
});

beforeEach(() => {
  // Every test starts from a healthy server.
  Object.assign(server.faults, {
    latencyMs: 0,
    failNext5xx: { count: 0, status: 500 },
    maintenance: false,
    malformedBody: 0,
    tamperCiphertext: 0,
    unencryptedResponse: 0,
    wrongInfoSignature: false,
    wrongLoginSignature: false,
    clockSkewSeconds: 0,
    sessionSeconds: null,
    singleSession: false,
    rateLimitLogin: 0,
  });
  server.stats.reset();
});

describe('happy path', () => {
  it('logs in, lists datastores and opens the password datastore with the user secret key', async () => {
    const session = await login();
    assert.equal(session.username, 'alice@example.com');
    assert.equal(session.restricted, false);
    assert.match(session.serverVersion ?? '', /^\d+\.\d+\.\d+/);
    const list = (await session.get('/datastore/')) as { datastores: Array<{ id: string; type: string; is_default: boolean }> };
    const password = list.datastores.find((d) => d.type === 'password' && d.is_default);
    assert.ok(password, 'the default password datastore is listed');
    const datastore = (await session.get(`/datastore/${password.id}/`)) as Record<string, string>;
    const datastoreKey = unwrapKey(datastore['secret_key']!, datastore['secret_key_nonce']!, session.userSecretKey(), 'datastore key');
    const content = openJson(datastore['data']!, datastore['data_nonce']!, datastoreKey) as { folders: Array<{ name: string }> };
    assert.deepEqual(content.folders.map((f) => f.name), ['Work']);
    assert.deepEqual(server.stats.requests.map((r) => `${r.method} ${r.path} ${r.status}`), [
      'GET /info/ 200',
      'POST /api-key/login/ 200',
      'GET /datastore/ 200',
      `GET /datastore/${password.id}/ 200`,
    ]);
  });

  it('logout ends the token on the server and wipes the keys', async () => {
    // Remember the headers of the last authenticated request to replay them after logout.
    let lastAuth: Record<string, string> = {};
    const recording: HttpTransport = {
      send: (request) => {
        if (request.headers['Authorization'] !== undefined && !request.url.endsWith('/logout/')) {
          lastAuth = { ...request.headers };
        }
        return transport.send(request);
      },
    };
    const session = await login('tray', { transport: recording });
    await session.get('/datastore/');
    const replay = () => transport.send({ method: 'GET', url: `${server.url}/datastore/`, headers: lastAuth, timeoutMs: 10_000 });
    assert.equal((await replay()).status, 200, 'the replayed headers work while the session lives');
    const before = server.stats.activeSessions();
    const key = session.userSecretKey();
    await session.logout();
    assert.equal(server.stats.activeSessions(), before - 1);
    assert.deepEqual(server.stats.requests.at(-1), { method: 'POST', path: '/authentication/logout/', status: 200 });
    assert.equal(key.wiped, true);
    await rejectsWith(session.get('/datastore/'), 'session-expired');
    assert.equal((await replay()).status, 401, 'the old token no longer works');
  });

  it('a restricted key gets no user keys; the session-less API reads its secret', async () => {
    const session = await login('restricted');
    assert.equal(session.restricted, true);
    assert.throws(() => session.userSecretKey(), (error: unknown) => error instanceof PsonoError && error.kind === 'read-not-allowed');
    const api = new SessionlessApi(credentialsFrom(server.apiKey('restricted')), { transport });
    const inspection = await api.inspect();
    assert.equal(inspection.restrictToSecrets, true);
    assert.equal(inspection.secrets.length, 1);
    const secret = (await api.readSecret(inspection.secrets[0]!.secretId)) as Record<string, string>;
    assert.equal(secret['website_password_password'], 'pä$$wörd-integration');
    api.wipe();
  });
});

describe('openKeyAccess: restricted keys never log in (spec, happy path; §4.2, §6.7)', () => {
  const wire = (): string[] => server.stats.requests.map((r) => `${r.method} ${r.path} ${r.status}`);
  /** The requests other than GET /info/, in order; /info/ runs alongside them and must be among them once. */
  const besideInfo = (): string[] => {
    const all = wire();
    assert.deepEqual(all.filter((line) => line.startsWith('GET /info/ ')), ['GET /info/ 200']);
    return all.filter((line) => !line.startsWith('GET /info/ '));
  };

  it('a restricted key is inspected, not logged in, so the owner\'s other sessions survive ALLOW_MULTIPLE_SESSIONS=false', async () => {
    const browser = await login('tray');
    server.faults.singleSession = true;
    server.stats.reset();
    const access = await openKeyAccess(credentialsFrom(server.apiKey('restricted')), deps());
    assert.equal(access.restricted, true);
    assert.ok(access.restricted);
    assert.deepEqual(besideInfo(), ['POST /api-key-access/inspect/ 200']);
    assert.equal(access.inspection.secrets.length, 1);
    assert.match(access.server?.fingerprint ?? '', /\S/);
    const secret = (await access.api.readSecret(access.inspection.secrets[0]!.secretId)) as Record<string, string>;
    assert.equal(secret['website_password_password'], 'pä$$wörd-integration');
    access.api.wipe();
    // The other session still works without logging in again: the server did not end it.
    await browser.get('/datastore/');
    assert.equal(logins(), 0);
  });

  it('an unrestricted key: the identity check alongside the inspection, then the login (the check is not repeated)', async () => {
    const access = await openKeyAccess(credentialsFrom(server.apiKey('tray')), deps());
    assert.equal(access.restricted, false);
    assert.ok(!access.restricted);
    sessions.push(access.session);
    assert.deepEqual(besideInfo(), ['POST /api-key-access/inspect/ 200', 'POST /api-key/login/ 200']);
    assert.match(access.session.serverVersion ?? '', /^\d+\.\d+\.\d+/);
    assert.equal(access.session.username, 'alice@example.com');
  });

  it('a server that fails its identity check: what came back alongside is not used', async () => {
    await rejectsWith(openKeyAccess(credentialsFrom(server.apiKey('restricted'), { serverSignature: randomHex() }), deps()), 'server-identity-mismatch');
    // Only the key id went out (the inspection); no secret is read.
    assert.deepEqual(besideInfo(), ['POST /api-key-access/inspect/ 200']);
    server.stats.reset();
    const active = server.stats.activeSessions();
    const pinnedElsewhere = credentialsFrom(server.apiKey('tray'), { serverSignature: randomHex() });
    await rejectsWith(openKeyAccess(pinnedElsewhere, deps()), 'server-identity-mismatch');
    // The signed login went out alongside /info/; its answer opened nothing and nothing followed.
    assert.deepEqual(besideInfo(), ['POST /api-key-access/inspect/ 200', 'POST /api-key/login/ 200']);
    assert.equal(server.stats.activeSessions(), active + 1, 'no logout with a token of an unverified server');
  });

  it('a key known as unrestricted logs in alone: no /info/, no inspection, the signed login answer proves the server', async () => {
    const access = await openKeyAccess(credentialsFrom(server.apiKey('tray')), deps(), { restricted: false });
    assert.ok(!access.restricted);
    sessions.push(access.session);
    assert.deepEqual(wire(), ['POST /api-key/login/ 200']);
    assert.equal(access.session.username, 'alice@example.com');
  });

  it('a key known as unrestricted, pinned to another server key: the login answer is refused and nothing else is sent', async () => {
    const active = server.stats.activeSessions();
    const pinnedElsewhere = credentialsFrom(server.apiKey('tray'), { serverSignature: randomHex() });
    await rejectsWith(openKeyAccess(pinnedElsewhere, deps(), { restricted: false }), 'server-identity-mismatch');
    assert.deepEqual(wire(), ['POST /api-key/login/ 200']);
    assert.equal(server.stats.activeSessions(), active + 1, 'no logout with a token of an unverified server');
  });

  it('a key known as unrestricted that is restricted now: the session ends, /info/ is verified, the key reads session-less', async () => {
    const active = server.stats.activeSessions();
    const access = await openKeyAccess(credentialsFrom(server.apiKey('restricted')), deps(), { restricted: false });
    assert.ok(access.restricted);
    assert.match(access.server?.fingerprint ?? '', /\S/);
    assert.deepEqual(besideInfo(), ['POST /api-key/login/ 200', 'POST /authentication/logout/ 200', 'POST /api-key-access/inspect/ 200']);
    assert.equal(server.stats.activeSessions(), active, 'the login\'s session was ended');
    access.api.wipe();
  });

  it('an inspection the server refuses falls back to the login, which says why', async () => {
    await rejectsWith(openKeyAccess(credentialsFrom(server.apiKey('inactive')), deps()), 'key-inactive');
    assert.deepEqual(besideInfo(), ['POST /api-key-access/inspect/ 400', 'POST /api-key/login/ 400']);
  });

  it('an inspection that cannot reach the server is reported as such, without a login', async () => {
    const unreachable: HttpTransport = {
      send: (request) => (request.url.endsWith('/api-key-access/inspect/') ? Promise.reject(new PsonoError('network', { detail: '(test)' })) : transport.send(request)),
    };
    await rejectsWith(openKeyAccess(credentialsFrom(server.apiKey('restricted')), deps({ transport: unreachable })), 'network');
    assert.equal(logins(), 0);
  });

  it('a key restricted between the inspection and the login: the session ends at once and the key reads session-less', async () => {
    // A proxy in front of the real server that shows the first inspection as unrestricted, as if
    // the key's flags changed just after it.
    let rewritten = 0;
    const flipping: HttpTransport = {
      send: async (request) => {
        const response = await transport.send(request);
        if (rewritten === 0 && request.url.endsWith('/api-key-access/inspect/')) {
          rewritten += 1;
          const text = new TextDecoder().decode(response.body).replace(/"restrict_to_secrets":\s*true/, '"restrict_to_secrets": false');
          return { status: response.status, headers: response.headers, body: new TextEncoder().encode(text) };
        }
        return response;
      },
    };
    const active = server.stats.activeSessions();
    const access = await openKeyAccess(credentialsFrom(server.apiKey('restricted')), deps({ transport: flipping }));
    assert.equal(rewritten, 1);
    assert.equal(access.restricted, true);
    assert.ok(access.restricted);
    assert.equal(access.inspection.secrets.length, 1);
    assert.deepEqual(besideInfo(), [
      'POST /api-key-access/inspect/ 200',
      'POST /api-key/login/ 200',
      'POST /authentication/logout/ 200',
      'POST /api-key-access/inspect/ 200',
    ]);
    assert.equal(server.stats.activeSessions(), active, 'the login\'s session was ended');
    access.api.wipe();
  });
});

describe('on the wire', () => {
  it('sends Accept */*, no cookies, Content-Type only with a body, and an empty logout body', async () => {
    const seen: Array<{ method: string; path: string; headers: http.IncomingHttpHeaders; bytes: number }> = [];
    const target = new URL(server.url);
    // A recording reverse proxy in front of the dev server, which also tries to plant a cookie.
    const proxy = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks);
        seen.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers, bytes: body.length });
        const upstream = http.request({ host: target.hostname, port: target.port, method: request.method, path: request.url, headers: request.headers }, (answer) => {
          response.writeHead(answer.statusCode ?? 502, { ...answer.headers, 'set-cookie': 'sessionid=planted; Path=/' });
          answer.pipe(response);
        });
        upstream.end(body);
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const key = { ...server.apiKey('tray'), serverUrl: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/server` };
      const session = await PsonoSession.login(credentialsFrom(key), deps());
      sessions.push(session);
      await session.get('/datastore/');
      await session.logout();
      assert.deepEqual(seen.map((r) => `${r.method} ${r.path}`), ['GET /server/info/', 'POST /server/api-key/login/', 'GET /server/datastore/', 'POST /server/authentication/logout/']);
      for (const request of seen) {
        assert.equal(request.headers['accept'], '*/*', request.path);
        assert.equal(request.headers['cookie'], undefined, request.path);
        assert.equal(request.headers['content-type'] !== undefined, request.bytes > 0, `${request.path}: Content-Type iff body`);
      }
      const logout = seen.at(-1)!;
      assert.equal(logout.bytes, 0);
      assert.equal(logout.headers['content-length'], '0');
      assert.match(String(seen[2]!.headers['authorization']), /^Token [0-9a-f]{128}$/);
      assert.ok(seen[2]!.headers['authorization-validator'], 'the validator travels on every authenticated request');
    } finally {
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  });
});

describe('renewal, invisible to the caller', () => {
  it('re-logs in before a 2-second session expires', async () => {
    server.faults.sessionSeconds = 2;
    const session = await login();
    await session.get('/datastore/');
    const expiresAt = session.expiresAt!;
    const loginsBefore = logins(); // 1, or 2 if this busy machine already reached the renewal margin
    // Waiting for time to pass is the point of this test: the server's 2-second session must run out.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt - Date.now()) + 300));
    await session.get('/datastore/');
    assert.equal(logins(), loginsBefore + 1);
    assert.ok(!server.stats.requests.some((r) => r.status === 401), 'renewed before the server refused');
    assert.ok(session.expiresAt! > expiresAt);
  });

  it('on a 401 logs in once and retries once', async () => {
    const session = await login();
    server.expireAllSessions();
    const list = await session.get('/datastore/');
    assert.ok(list !== null);
    assert.deepEqual(server.stats.requests.slice(-3).map((r) => `${r.method} ${r.path} ${r.status}`), [
      'GET /datastore/ 401',
      'POST /api-key/login/ 200',
      'GET /datastore/ 200',
    ]);
  });

  it('concurrent requests after a 401 share one re-login', async () => {
    const session = await login();
    server.stats.reset();
    server.expireAllSessions();
    const results = await Promise.all(Array.from({ length: 6 }, () => session.get('/datastore/')));
    assert.equal(results.length, 6);
    assert.equal(logins(), 1, 'one login for six requests');
  });

  it('recovers from a one-time jump of the server clock with a fresh login', async () => {
    const session = await login();
    server.faults.clockSkewSeconds = 120;
    await session.get('/datastore/');
    assert.ok(server.stats.requests.some((r) => r.status === 401), 'the replay check fired');
    assert.equal(logins(), 2);
  });
});

describe('every error kind from a real fault', () => {
  it('network: nothing listens on the port', async () => {
    const probe = http.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const key = { ...server.apiKey('tray'), serverUrl: `http://127.0.0.1:${port}/server` };
    await rejectsWith(PsonoSession.login(credentialsFrom(key), deps()), 'network');
  });

  it('timeout: the server is slower than the deadline', async () => {
    server.faults.latencyMs = 2_000;
    await rejectsWith(PsonoSession.login(credentialsFrom(server.apiKey('tray')), deps({ timeoutMs: 300 })), 'timeout');
  });

  it('server-identity-mismatch: wrong configured SERVER_SIGNATURE (both fingerprints shown)', async () => {
    const error = await rejectsWith(PsonoSession.login(credentialsFrom(server.apiKey('tray'), { serverSignature: randomHex() }), deps()), 'server-identity-mismatch');
    assert.ok(error.details.expectedFingerprint && error.details.actualFingerprint);
    assert.ok(error.message.includes(error.details.actualFingerprint));
  });

  it('server-identity-mismatch: the login answer is signed with another key', async () => {
    server.faults.wrongLoginSignature = true;
    await rejectsWith(PsonoSession.login(credentialsFrom(server.apiKey('tray')), deps()), 'server-identity-mismatch');
  });

  it('server-identity-mismatch: /info/ is signed with another key', async () => {
    server.faults.wrongInfoSignature = true;
    await rejectsWith(PsonoSession.login(credentialsFrom(server.apiKey('tray')), deps()), 'server-identity-mismatch');
  });

  it('bad-api-key: wrong API_KEY_PRIVATE_KEY (server says "Signature invalid.")', async () => {
    await rejectsWith(PsonoSession.login(credentialsFrom(server.apiKey('tray'), { apiKeyPrivateKey: randomHex() }), deps()), 'bad-api-key');
  });

  it('bad-api-key: wrong API_KEY_SECRET_KEY (user keys do not unwrap)', async () => {
    const error = await rejectsWith(PsonoSession.login(credentialsFrom(server.apiKey('tray'), { apiKeySecretKey: randomHex() }), deps()), 'bad-api-key');
    assert.equal(error.details.field, 'API_KEY_SECRET_KEY');
  });

  it('key-inactive: deactivated key', async () => {
    await rejectsWith(PsonoSession.login(credentialsFrom(server.apiKey('inactive')), deps()), 'key-inactive');
  });

  it('key-inactive, and no login loop: a key revoked while its session was deleted', async () => {
    const session = await login('to-revoke');
    server.setApiKeyActive('to-revoke', false);
    server.expireAllSessions();
    await rejectsWith(session.get('/datastore/'), 'key-inactive');
    const loginsSoFar = logins();
    await rejectsWith(session.get('/datastore/'), 'key-inactive');
    assert.equal(logins(), loginsSoFar, 'a lasting login failure is not retried against the server');
    server.setApiKeyActive('to-revoke', true);
  });

  it('read-not-allowed: key with read disabled', async () => {
    const session = await login('no-read');
    await rejectsWith(session.get('/datastore/'), 'read-not-allowed');
  });

  it('not-found: unknown datastore, unknown secret, unknown path', async () => {
    const session = await login();
    const unknown = '0f0e0d0c-0b0a-4909-8807-060504030201';
    await rejectsWith(session.get(`/datastore/${unknown}/`), 'not-found');
    await rejectsWith(session.get(`/secret/${unknown}/`), 'not-found');
    await rejectsWith(session.get('/no-such-endpoint/'), 'not-found');
  });

  it('session-expired: the session was deleted and the renewed one is born expired', async () => {
    const session = await login();
    server.expireAllSessions();
    server.faults.sessionSeconds = 0;
    await rejectsWith(session.get('/datastore/'), 'session-expired');
    assert.equal(logins(), 2, 'exactly one renewal attempt');
  });

  it('clock-skew: the local clock keeps jumping, so the replay check fails even after a fresh login', async () => {
    let offset = 0;
    // Every read of the clock is a minute later than the previous one: a clock being stepped repeatedly.
    const jumpingClock = (): number => Date.now() + (offset += 60_000);
    const session = await login('tray', { clock: jumpingClock });
    await rejectsWith(session.get('/datastore/'), 'clock-skew');
  });

  it('rate-limited: logins are throttled, with Retry-After', async () => {
    server.faults.rateLimitLogin = 42;
    const error = await rejectsWith(PsonoSession.login(credentialsFrom(server.apiKey('tray')), deps()), 'rate-limited');
    assert.equal(error.details.retryAfterSeconds, 42);
  });

  it('server-maintenance: 423 on /info/ and on an authenticated request', async () => {
    const session = await login();
    server.faults.maintenance = true;
    await rejectsWith(session.get('/datastore/'), 'server-maintenance');
    await rejectsWith(PsonoSession.login(credentialsFrom(server.apiKey('tray')), deps()), 'server-maintenance');
  });

  it('server-error: 5xx', async () => {
    const session = await login();
    server.faults.failNext5xx = { count: 1, status: 502 };
    const error = await rejectsWith(session.get('/datastore/'), 'server-error');
    assert.equal(error.details.status, 502);
  });

  it('malformed-response: a body that is not JSON, and a plain body where an envelope belongs', async () => {
    const session = await login();
    server.faults.malformedBody = 1;
    await rejectsWith(session.get('/datastore/'), 'malformed-response');
    server.faults.unencryptedResponse = 1;
    const plain = await rejectsWith(session.get('/datastore/'), 'malformed-response');
    assert.match(plain.message, /unencrypted/);
  });

  it('decrypt-failed: one flipped ciphertext byte', async () => {
    const session = await login();
    server.faults.tamperCiphertext = 1;
    await rejectsWith(session.get('/datastore/'), 'decrypt-failed');
    // The session itself is fine afterwards.
    assert.ok((await session.get('/datastore/')) !== null);
  });
});

describe('TLS', () => {
  let dir: string;
  let certPem: string;
  let proxy: https.Server;
  let proxyPort: number;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'psono-tls-'));
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '2',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
    ], { stdio: 'ignore' });
    certPem = readFileSync(join(dir, 'cert.pem'), 'utf8');
    // A TLS-terminating reverse proxy in front of the dev server, like a real deployment.
    const target = new URL(server.url);
    proxy = https.createServer({ key: readFileSync(join(dir, 'key.pem')), cert: certPem }, (request, response) => {
      const upstream = http.request(
        { host: target.hostname, port: target.port, method: request.method, path: request.url, headers: request.headers },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
      );
      upstream.on('error', () => response.destroy());
      request.pipe(upstream);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyPort = (proxy.address() as AddressInfo).port;
  });

  after(async () => {
    proxy.closeAllConnections();
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  const viaProxy = (host = '127.0.0.1'): DevServerApiKey => ({ ...server.apiKey('tray'), serverUrl: `https://${host}:${proxyPort}/server` });

  it('tls: a self-signed certificate is refused without the CA option', async () => {
    const error = await rejectsWith(PsonoSession.login(credentialsFrom(viaProxy()), deps()), 'tls');
    assert.match(error.message, /DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED/);
  });

  it('succeeds with the certificate as custom CA bundle, end to end over TLS', async () => {
    const tlsTransport = new CountingTransport(new NodeHttpTransport({ caBundlePem: certPem }));
    try {
      const session = await PsonoSession.login(credentialsFrom(viaProxy()), deps({ transport: tlsTransport }));
      sessions.push(session);
      assert.ok((await session.get('/datastore/')) !== null);
      await session.logout();
      assert.deepEqual(tlsTransport.sent, ['GET /server/info/', 'POST /server/api-key/login/', 'GET /server/datastore/', 'POST /server/authentication/logout/']);
    } finally {
      ((tlsTransport as unknown as { inner: NodeHttpTransport }).inner).close();
    }
  });

  it('tls: the certificate does not name the host, even with the CA trusted', async () => {
    const tlsTransport = new NodeHttpTransport({ caBundlePem: certPem });
    try {
      await rejectsWith(PsonoSession.login(credentialsFrom(viaProxy('localhost')), deps({ transport: tlsTransport })), 'tls');
    } finally {
      tlsTransport.close();
    }
  });

  it('tls: https to a plain-http port fails the handshake', async () => {
    const key = { ...server.apiKey('tray'), serverUrl: server.url.replace('http://', 'https://') };
    await rejectsWith(PsonoSession.login(credentialsFrom(key), deps()), 'tls');
  });

  it('refuses a CA bundle that holds no certificate', () => {
    assert.throws(() => new NodeHttpTransport({ caBundlePem: 'not a certificate' }), (error: unknown) => error instanceof PsonoError && error.kind === 'invalid-input');
  });
});
