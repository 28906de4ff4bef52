// Session rules that need precise control of time and answers: status → error kind tables,
// expiry conversion through the Date header, the login throttle, credential validation.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { sealJson, secretboxSeal, utf8Encode } from '../../../src/core/crypto';
import { PsonoError } from '../../../src/core/errors';
import { parseCredentials, parseServerTime, PsonoSession } from '../../../src/core/session';
import {
  deps,
  DEVICE_TIME_MS,
  json,
  loginOk,
  rejectsWith,
  routes,
  ScriptedTransport,
  sessionKey,
  str,
  vectorCredentials,
  type Handler,
} from './session-fixture';

const sealed = (status: number, body: unknown, headers: Record<string, string> = {}): Handler => json(status, sealJson(body, sessionKey()), headers);
const html = (status: number): Handler => () => ({ status, headers: { 'content-type': 'text/html' }, body: '<html><body>Server Error</body></html>' });

describe('login answers → error kinds (spec §4.5)', () => {
  const cases: Array<[string, Handler, string, Partial<{ retryAfterSeconds: number; status: number }>?]> = [
    ['400 NO_PERMISSION_OR_NOT_EXIST', json(400, { non_field_errors: ['NO_PERMISSION_OR_NOT_EXIST'] }), 'key-inactive'],
    ['400 Signature invalid.', json(400, { non_field_errors: ['Signature invalid.'] }), 'bad-api-key'],
    ['400 User account has been disabled.', json(400, { non_field_errors: ['User account has been disabled.'] }), 'key-inactive'],
    ['400 E-mail is not yet verified.', json(400, { non_field_errors: ['E-mail is not yet verified.'] }), 'key-inactive'],
    ['400 Login info no valid json', json(400, { non_field_errors: ['Login info no valid json'] }), 'malformed-response'],
    ['423 MAINTENANCE_MODE_ACTIVE', json(423, { non_field_errors: ['MAINTENANCE_MODE_ACTIVE'] }), 'server-maintenance'],
    ['429 with Retry-After seconds', json(429, { detail: 'Request was throttled. Expected available in 77 seconds.' }, { 'retry-after': '17' }), 'rate-limited', { retryAfterSeconds: 17 }],
    ['429 with only the DRF detail', json(429, { detail: 'Request was throttled. Expected available in 77 seconds.' }), 'rate-limited', { retryAfterSeconds: 77 }],
    ['500 HTML', html(500), 'server-error', { status: 500 }],
    ['502 HTML', html(502), 'server-error', { status: 502 }],
    ['301 redirect', () => ({ status: 301, headers: { location: 'https://elsewhere/' }, body: '' }), 'malformed-response'],
    ['200 that is not JSON', json(200, '<html>portal</html>'), 'malformed-response'],
    ['200 JSON without login_info', json(200, { ok: true }), 'malformed-response'],
  ];
  for (const [name, handler, kind, details] of cases) {
    it(`${name} → ${kind}`, async () => {
      const transport = new ScriptedTransport(routes([['POST /api-key/login/', handler]]));
      const error = await rejectsWith(PsonoSession.login(vectorCredentials(), deps(transport, undefined, { checkServerFirst: false })), kind);
      for (const [key, value] of Object.entries(details ?? {})) {
        assert.equal(error.details[key as keyof typeof error.details], value, key);
      }
    });
  }

  it('a 429 on login blocks further logins until Retry-After has passed, without asking the server', async () => {
    const clock = { now: DEVICE_TIME_MS };
    const transport = new ScriptedTransport(
      routes([['POST /api-key/login/', [loginOk(), json(429, { detail: 'throttled' }, { 'retry-after': '120' }), loginOk()]]]),
    );
    const session = await PsonoSession.login(vectorCredentials(), deps(transport, clock, { checkServerFirst: false }));
    clock.now = session.expiresAt! + 1; // past expiry: the next call must renew
    await rejectsWith(session.get('/datastore/'), 'rate-limited');
    clock.now += 60_000;
    const waiting = await rejectsWith(session.get('/datastore/'), 'rate-limited');
    assert.equal(waiting.details.retryAfterSeconds, 60);
    assert.equal(transport.count('POST', '/api-key/login/'), 2, 'the blocked attempt did not reach the server');
    clock.now += 61_000;
    transport.routes.set('GET /datastore/', json(200, sealJson({ datastores: [] }, sessionKey())));
    assert.deepEqual(await session.get('/datastore/'), { datastores: [] });
    assert.equal(transport.count('POST', '/api-key/login/'), 3);
  });
});

describe('authenticated answers → error kinds (spec §5.4, §5.5, §6)', () => {
  const cases: Array<[string, 'GET' | 'POST', Handler, string, number?]> = [
    // The vector key may read, so a permission 403 on a GET is the 7.x password-change gate.
    ['403 permission on GET (encrypted)', 'GET', sealed(403, { detail: 'You do not have permission to perform this action.' }), 'password-change-required'],
    ['400 IS_NOT_A_VALID_UUID (7.x field code)', 'POST', sealed(400, { secret_ids: { '0': ['IS_NOT_A_VALID_UUID'] } }), 'invalid-input'],
    ['400 DATASTORE_DOES_NOT_EXIST', 'POST', sealed(400, { non_field_errors: ['DATASTORE_DOES_NOT_EXIST'] }), 'not-found'],
    ['403 permission on POST (encrypted)', 'POST', sealed(403, { detail: 'You do not have permission to perform this action.' }), 'write-not-allowed'],
    ['403 {"message":"NO_PERMISSION_OR_NOT_EXIST"} (datastore)', 'GET', sealed(403, { message: 'NO_PERMISSION_OR_NOT_EXIST' }), 'not-found'],
    ['400 NO_PERMISSION_OR_NOT_EXIST (share/secret)', 'GET', sealed(400, { non_field_errors: ['NO_PERMISSION_OR_NOT_EXIST'] }), 'not-found'],
    ['400 SECRET_ID_MALFORMED', 'GET', sealed(400, { non_field_errors: ['SECRET_ID_MALFORMED'] }), 'not-found'],
    ['404 Django HTML', 'GET', html(404), 'not-found'],
    ['400 Invalid request (plain body sent)', 'POST', sealed(400, { detail: 'Invalid request' }), 'invalid-input'],
    ['423 maintenance (plain)', 'GET', json(423, { non_field_errors: ['SERVER_DISABLED'] }), 'server-maintenance'],
    ['429 encrypted with Retry-After', 'GET', sealed(429, { detail: 'Request was throttled. Expected available in 5 seconds.' }, { 'retry-after': '5' }), 'rate-limited'],
    ['503 HTML', 'GET', html(503), 'server-error', 503],
    ['encrypted error body that does not open', 'GET', json(400, { text: 'aa'.repeat(40), nonce: 'bb'.repeat(24) }), 'decrypt-failed'],
    ['2xx plain JSON (no envelope)', 'GET', json(200, { datastores: [] }), 'malformed-response'],
    ['2xx envelope whose plaintext is not JSON', 'GET', json(200, secretboxSeal(utf8Encode('{not json'), sessionKey())), 'malformed-response'],
  ];

  for (const [name, method, handler, kind, status] of cases) {
    it(`${name} → ${kind}`, async () => {
      const transport = new ScriptedTransport(routes([[`${method} /thing/`, handler]]));
      const session = await PsonoSession.login(vectorCredentials(), deps(transport));
      const error = await rejectsWith(method === 'GET' ? session.get('/thing/') : session.post('/thing/', { a: 1 }), kind);
      if (status !== undefined) {
        assert.equal(error.details.status, status);
      }
      assert.equal(transport.count('POST', '/api-key/login/'), 1, 'errors other than 401 never trigger a login');
    });
  }

  it('an empty 2xx body is null (the server skips encryption for nothing)', async () => {
    const transport = new ScriptedTransport(routes([['POST /thing/', () => ({ status: 200, headers: {}, body: '' })]]));
    const session = await PsonoSession.login(vectorCredentials(), deps(transport));
    assert.equal(await session.post('/thing/'), null);
    const request = transport.requests.at(-1)!;
    assert.equal(request.body, '', 'no body means an empty body, not an encrypted "undefined"');
    assert.equal(request.headers['Content-Type'], undefined);
  });

  it('refuses paths without the trailing slash (spec §1) before sending anything', async () => {
    const transport = new ScriptedTransport(routes());
    const session = await PsonoSession.login(vectorCredentials(), deps(transport));
    const sent = transport.requests.length;
    await rejectsWith(session.get('/datastore'), 'invalid-input');
    await rejectsWith(session.get('datastore/'), 'invalid-input');
    assert.equal(transport.requests.length, sent);
  });

  it('a persistent "Replay Protection" 401 is clock-skew; other persistent 401s are session-expired', async () => {
    const replay = json(401, { detail: 'Replay Protection: Time difference too big' }, { 'www-authenticate': 'Token' });
    const invalid = json(401, { detail: 'Invalid token or not yet activated.' }, { 'www-authenticate': 'Token' });
    const transport = new ScriptedTransport(routes([['GET /a/', [replay, replay]], ['GET /b/', [invalid, invalid]]]));
    const session = await PsonoSession.login(vectorCredentials(), deps(transport));
    await rejectsWith(session.get('/a/'), 'clock-skew');
    assert.equal(transport.count('POST', '/api-key/login/'), 2);
    // The renewed session was created in that call and then refused; the next call starts from a new login.
    await rejectsWith(session.get('/b/'), 'session-expired');
    assert.equal(transport.count('POST', '/api-key/login/'), 3, 'one login per call at most once the session is gone');
  });
});

describe('expiry in local time (spec §10.3)', () => {
  it('uses valid_till − Date, so a local clock an hour off does not matter', async () => {
    const localNow = DEVICE_TIME_MS + 3_600_000; // the local clock is an hour ahead of the server
    const clock = { now: localNow };
    const transport = new ScriptedTransport(routes([['GET /datastore/', json(200, sealJson({ datastores: [] }, sessionKey()))]]));
    const session = await PsonoSession.login(vectorCredentials(), deps(transport, clock));
    // Date header = server 10:00:00, valid_till = 10:10:00.123 → 600.123 s minus 1 s Date resolution.
    assert.equal(session.expiresAt, localNow + 599_123);
    clock.now = localNow + 599_123 - 30_001; // just before the 30 s renewal margin
    await session.get('/datastore/');
    assert.equal(transport.count('POST', '/api-key/login/'), 1);
    clock.now = localNow + 599_123 - 29_999; // inside the margin: renew first
    await session.get('/datastore/');
    assert.equal(transport.count('POST', '/api-key/login/'), 2);
  });

  it('an early renewal that fails transiently falls back to the still-valid session; an expired one does not', async () => {
    const clock = { now: DEVICE_TIME_MS };
    const down = (): never => {
      throw new PsonoError('network');
    };
    const transport = new ScriptedTransport(
      routes([
        ['POST /api-key/login/', [loginOk(), down, down]],
        ['GET /datastore/', json(200, sealJson({ datastores: [] }, sessionKey()))],
      ]),
    );
    const session = await PsonoSession.login(vectorCredentials(), deps(transport, clock));
    clock.now = session.expiresAt! - 10_000; // inside the renewal margin, still valid
    assert.deepEqual(await session.get('/datastore/'), { datastores: [] });
    assert.equal(transport.count('POST', '/api-key/login/'), 2, 'the renewal was tried');
    clock.now = session.expiresAt! + 1;
    await rejectsWith(session.get('/datastore/'), 'network');
  });

  it('without a Date header trusts valid_till on the local clock, capped at the requested duration', async () => {
    const clock = { now: DEVICE_TIME_MS - 3_600_000 }; // local clock an hour behind
    const noDate = json(200, str('step2_login_response', 'response_body_text'));
    const transport = new ScriptedTransport(routes([['POST /api-key/login/', noDate]]));
    const session = await PsonoSession.login(vectorCredentials(), deps(transport, clock));
    assert.equal(session.expiresAt, clock.now + 600_000);
  });

  it('short sessions renew a quarter of their life early, not 30 s (which would be before every request)', async () => {
    const clock = { now: DEVICE_TIME_MS };
    const twoSecondInfo = str('step2_login_response', 'response_body_text');
    // Same answer, but the Date header says the server is 598 s into the 600 s session.
    const late = json(200, twoSecondInfo, { date: new Date(DEVICE_TIME_MS + 598_000).toUTCString() });
    const transport = new ScriptedTransport(routes([['POST /api-key/login/', late], ['GET /x/', json(200, sealJson({}, sessionKey()))]]));
    const session = await PsonoSession.login(vectorCredentials(), deps(transport, clock));
    assert.equal(session.expiresAt, DEVICE_TIME_MS + 1_123);
    await session.get('/x/');
    assert.equal(transport.count('POST', '/api-key/login/'), 1, 'no renewal right after logging in');
  });

  it('parses Python isoformat with microseconds and offsets', () => {
    assert.equal(parseServerTime('2026-01-15T10:10:00.123456+00:00'), Date.parse('2026-01-15T10:10:00.123Z'));
    assert.equal(parseServerTime('2026-01-15T10:10:00+00:00'), Date.parse('2026-01-15T10:10:00Z'));
    assert.equal(parseServerTime('2026-01-15T12:10:00.5+02:00'), Date.parse('2026-01-15T10:10:00.500Z'));
    assert.equal(parseServerTime('2026-01-15T10:10:00'), Date.parse('2026-01-15T10:10:00Z'));
    assert.ok(Number.isNaN(parseServerTime('soon')));
  });
});

describe('closing', () => {
  it('wipe() during a request reports session-expired, not a wiped-buffer crash', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const transport = new ScriptedTransport(routes());
    const session = await PsonoSession.login(vectorCredentials(), deps(transport));
    const slow = { send: async (request: Parameters<typeof transport.send>[0]) => { await gate; return json(200, sealJson({}, sessionKey()))(request); } };
    Object.assign(transport, { send: slow.send });
    const pending = session.get('/datastore/');
    session.wipe();
    release();
    await rejectsWith(pending, 'session-expired');
  });

  it('logout asks the server to close its connection and drops the idle ones: they may still reference the token', async () => {
    const transport = new ScriptedTransport(routes([['POST /authentication/logout/', json(200, '')]]));
    let closedIdle = 0;
    Object.assign(transport, { closeIdle: () => closedIdle++ });
    const session = await PsonoSession.login(vectorCredentials(), deps(transport));
    assert.equal(closedIdle, 0);
    await session.logout();
    const logout = transport.requests.find((request) => request.url.endsWith('/authentication/logout/'))!;
    assert.equal(logout.headers['Connection'], 'close');
    assert.ok(closedIdle >= 1);
    // A wipe without a logout (the server is gone) drops them too.
    const other = await PsonoSession.login(vectorCredentials(), deps(transport));
    const before = closedIdle;
    other.wipe();
    assert.equal(closedIdle, before + 1);
  });

  it('logout is best effort: a dead server does not make it throw, and keys are wiped', async () => {
    const transport = new ScriptedTransport(routes([['POST /authentication/logout/', () => { throw new PsonoError('network'); }]]));
    const session = await PsonoSession.login(vectorCredentials(), deps(transport));
    const key = session.userSecretKey();
    await session.logout();
    assert.equal(key.wiped, true);
    assert.equal(session.closed, true);
  });
});

describe('pasted credentials', () => {
  const good = {
    serverUrl: ' https://psono.example.com/server/ ',
    apiKeyId: '6B0E7F3A-2C41-4D8E-9A57-1F2E3D4C5B6A',
    privateKey: str('credentials', 'api_key_private_key').toUpperCase(),
    secretKey: `${str('credentials', 'api_key_secret_key').slice(0, 32)}\n${str('credentials', 'api_key_secret_key').slice(32)}`,
    serverSignature: str('credentials', 'server_signature'),
    serverPublicKey: '',
  };

  it('normalises case, whitespace, wrapped lines and the trailing slash', () => {
    const credentials = parseCredentials(good);
    assert.equal(credentials.serverUrl, 'https://psono.example.com/server');
    assert.equal(credentials.apiKeyId, '6b0e7f3a-2c41-4d8e-9a57-1f2e3d4c5b6a');
    assert.equal(credentials.serverPublicKey, null);
    assert.equal(String(credentials.privateKey), '[redacted]');
  });

  const bad: Array<[string, Partial<typeof good>, string]> = [
    ['a short secret key', { secretKey: str('credentials', 'api_key_secret_key').slice(2) }, 'API_KEY_SECRET_KEY'],
    ['a non-hex private key', { privateKey: `${str('credentials', 'api_key_private_key').slice(1)}g` }, 'API_KEY_PRIVATE_KEY'],
    ['an ftp URL', { serverUrl: 'ftp://psono.example.com' }, 'SERVER_URL'],
    ['a URL with a query', { serverUrl: 'https://psono.example.com/server?x=1' }, 'SERVER_URL'],
    ['a key id that is not a UUID', { apiKeyId: str('credentials', 'api_key_private_key') }, 'API_KEY_ID'],
    ['the same value as signature and public key', { serverPublicKey: str('credentials', 'server_signature') }, 'SERVER_SIGNATURE'],
    ['the private key pasted into the secret key box', { secretKey: str('credentials', 'api_key_private_key') }, 'API_KEY_SECRET_KEY'],
    ['an empty signature', { serverSignature: '  ' }, 'SERVER_SIGNATURE'],
  ];
  for (const [name, overrides, field] of bad) {
    it(`${name} → invalid-input naming ${field}, without echoing the value`, () => {
      const input = { ...good, ...overrides };
      assert.throws(
        () => parseCredentials(input),
        (error: unknown) => {
          assert.ok(error instanceof PsonoError && error.kind === 'invalid-input');
          assert.equal(error.details.field, field);
          assert.ok(error.message.includes(field));
          for (const value of [input.privateKey, input.secretKey, input.apiKeyId]) {
            const compact = value.replace(/\s+/g, '');
            if (compact.length >= 8) {
              assert.ok(!JSON.stringify(error.toJSON()).toLowerCase().includes(compact.toLowerCase().slice(0, 16)), 'value echoed');
            }
          }
          return true;
        },
      );
    });
  }
});
