// Against what a real Psono server (CE 7.2.3, and older) sends, where our dev server cannot
// show the difference: response key orders and separators of the Python renderers, error bodies of
// older servers, and a Date header that comes from the reverse proxy rather than from Psono.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inspect } from 'node:util';

import { openJson, parseJsonFast, sealJson, secretboxSeal, utf8Encode } from '../../../src/core/crypto';
import { PsonoError } from '../../../src/core/errors';
import { PsonoSession } from '../../../src/core/session';
import { isAccessDenied } from '../../../src/core/vault/loader';
import { deps, DEVICE_TIME_MS, json, rejectsWith, routes, ScriptedTransport, sessionKey, str, vectorCredentials } from './session-fixture';

const bigHex = '0f1e2d3c4b5a6978'.repeat(8192); // above parseJsonFast's shortcut threshold

function sameAsJsonParse(text: string): void {
  assert.deepEqual(parseJsonFast(text, 'test'), JSON.parse(text));
}

describe('parseJsonFast on real server layouts', () => {
  it('DRF compact envelope in either key order (restapi/renderers.py: text, nonce)', () => {
    sameAsJsonParse(`{"text":"${bigHex}","nonce":"${'ab'.repeat(24)}"}`);
    sameAsJsonParse(`{"nonce":"${'ab'.repeat(24)}","text":"${bigHex}"}`);
  });

  it('Python json.dumps separators (", " and ": ") fall back to JSON.parse', () => {
    sameAsJsonParse(`{"text": "${bigHex}", "nonce": "${'ab'.repeat(24)}"}`);
  });

  it('GET /datastore/<id>/ in the server view order (data first, write_date last)', () => {
    sameAsJsonParse(
      JSON.stringify({
        data: bigHex,
        data_nonce: 'cd'.repeat(24),
        type: 'password',
        description: 'Default',
        secret_key: 'ef'.repeat(80),
        secret_key_nonce: '01'.repeat(24),
        is_default: true,
        write_date: '2026-01-14T08:30:12.345678+00:00',
      }),
    );
  });

  it('GET /secret/<id>/ (dates before data) and GET /share/<id>/ (rights object after data)', () => {
    sameAsJsonParse(
      JSON.stringify({ create_date: '2025-11-02T12:00:00+00:00', write_date: '2026-01-14T08:30:12+00:00', data: bigHex, data_nonce: '9c'.repeat(24), type: 'password', read_count: 3 }),
    );
    sameAsJsonParse(JSON.stringify({ id: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d', data: bigHex, data_nonce: '1d'.repeat(24), user_id: null, rights: { read: true, write: false, grant: false } }));
  });

  it('a description that contains the marker text or braces before the long value', () => {
    sameAsJsonParse(JSON.stringify({ description: 'my "text":"x" {note}', data: bigHex }));
    sameAsJsonParse(JSON.stringify({ description: '"data":"', data: bigHex }));
  });
});

describe('no secret material in parse errors', () => {
  it('a decrypted payload that is not JSON does not end up quoted in the error or its cause', () => {
    // V8's SyntaxError messages quote part of the input, e.g. `Unexpected token … "tok3n-s3cre"…`.
    const plaintext = '{"website_password_password": hunter2-s3cret-value}';
    assert.throws(() => parseJsonFast(plaintext, 'secret'), (error: unknown) => error instanceof PsonoError && error.kind === 'malformed-response');
    try {
      parseJsonFast(plaintext, 'secret');
    } catch (error) {
      assert.doesNotMatch(inspect(error, { depth: 5 }), /s3cret|hunter2/);
    }
    const sealed = secretboxSeal(utf8Encode(plaintext), sessionKey());
    try {
      openJson(sealed.text, sealed.nonce, sessionKey(), 'secret');
      assert.fail('expected a malformed-response');
    } catch (error) {
      assert.doesNotMatch(inspect(error, { depth: 5 }), /s3cret|hunter2/);
    }
  });

  it('also when the shortcut for a long value is taken and the rest of the document is broken', () => {
    const broken = `{"text":"${bigHex}","nonce": hunter2-s3cret}`;
    assert.throws(() => parseJsonFast(broken, 'response'), (error: unknown) => error instanceof PsonoError && !/s3cret|hunter2/.test(inspect(error, { depth: 5 })));
  });
});

describe('older servers and reverse proxies', () => {
  it('an older server refusing a share with a bare (encrypted) string body counts as no access', async () => {
    // psono-server ShareView.get before NO_PERMISSION_OR_NOT_EXIST: Response("The share does not exist …", 400).
    const refusal = json(400, sealJson("The share does not exist or you don't have read permissions", sessionKey()));
    const transport = new ScriptedTransport(routes([['GET /share/9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d/', refusal]]));
    const session = await PsonoSession.login(vectorCredentials(), deps(transport));
    const error = await rejectsWith(session.get('/share/9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d/'), 'not-found');
    assert.equal(error.details.status, 400);
    assert.ok(isAccessDenied(error), 'the vault loader skips the share instead of failing the load');
    assert.doesNotMatch(error.message, /share does not exist/, 'free text from the body is not copied');
  });

  it("older servers' object refusals in free text are not-found, not a malformed request or a missing key flag", async () => {
    // Before the NO_PERMISSION_OR_NOT_EXIST codes: serializers raised this text (400), views answered 403 {message, resource_id}.
    const legacy = "You don't have permission to access or it does not exist.";
    const secretId = '5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f';
    const transport = new ScriptedTransport(
      routes([
        [`GET /secret/${secretId}/`, json(400, sealJson({ non_field_errors: [legacy] }, sessionKey()))],
        ['GET /datastore/2d9c1b7e-0a4f-4c3b-8e5d-6f7a8b9c0d1e/', json(403, sealJson({ message: legacy, resource_id: secretId }, sessionKey()))],
      ]),
    );
    const session = await PsonoSession.login(vectorCredentials(), deps(transport));
    const secretError = await rejectsWith(session.get(`/secret/${secretId}/`), 'not-found');
    assert.equal(secretError.details.status, 400);
    const datastoreError = await rejectsWith(session.get('/datastore/2d9c1b7e-0a4f-4c3b-8e5d-6f7a8b9c0d1e/'), 'not-found');
    assert.equal(datastoreError.details.status, 403);
  });

  it('a 403 "no permission" on a GET although the key may read points at the password-change gate (spec §5.5)', async () => {
    // psono-server permissions.py: from 2026-10-01 a user flagged require_password_change gets the
    // generic DRF 403 on nearly every endpoint, exactly like a key without the read flag.
    const denied = json(403, sealJson({ detail: 'You do not have permission to perform this action.' }, sessionKey()));
    const transport = new ScriptedTransport(routes([['GET /datastore/', denied], ['POST /datastore/', denied]]));
    const session = await PsonoSession.login(vectorCredentials(), deps(transport));
    assert.equal(session.flags.read, true);
    const readError = await rejectsWith(session.get('/datastore/'), 'password-change-required');
    assert.match(readError.message, /Log in to the Psono web client, change the password/);
    // The vector key has no write flag: there the plain explanation is the right one.
    const writeError = await rejectsWith(session.post('/datastore/', {}), 'write-not-allowed');
    assert.doesNotMatch(writeError.message, /password/i);
  });

  it("a proxy Date header ahead of Psono's clock by more than the session does not make every request log in", async () => {
    // nginx replaces the upstream Date with its own; here its clock is 11 minutes ahead of Psono's.
    const clock = { now: DEVICE_TIME_MS };
    const proxyAhead = json(200, str('step2_login_response', 'response_body_text'), { date: new Date(DEVICE_TIME_MS + 660_000).toUTCString() });
    const transport = new ScriptedTransport(routes([['POST /api-key/login/', proxyAhead], ['GET /datastore/', json(200, sealJson({ datastores: [] }, sessionKey()))]]));
    const session = await PsonoSession.login(vectorCredentials(), deps(transport, clock));
    assert.equal(session.expiresAt, DEVICE_TIME_MS + 600_000, 'falls back to valid_till on the local clock, capped at the requested 600 s');
    await session.get('/datastore/');
    clock.now += 60_000;
    await session.get('/datastore/');
    assert.equal(transport.count('POST', '/api-key/login/'), 1);
  });

  it('a proxy Date header far behind never stretches the session beyond what was requested', async () => {
    const clock = { now: DEVICE_TIME_MS };
    const proxyBehind = json(200, str('step2_login_response', 'response_body_text'), { date: new Date(DEVICE_TIME_MS - 3_600_000).toUTCString() });
    const transport = new ScriptedTransport(routes([['POST /api-key/login/', proxyBehind]]));
    const session = await PsonoSession.login(vectorCredentials(), deps(transport, clock));
    assert.equal(session.expiresAt, DEVICE_TIME_MS + 600_000);
  });
});
