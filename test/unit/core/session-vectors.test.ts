// Replays the spec's worked API-key exchange (psono-vectors.json → api_key_login_exchange) through the
// real session code. The transport here is a script of the vector's HTTP answers, so every byte the
// client sends and every decryption it does is checked against libsodium-generated data.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { bytesToHex, keyFromHex, openJson, unwrapKey, x25519PublicKey } from '../../../src/core/crypto';
import { PsonoError } from '../../../src/core/errors';
import { buildLoginRequest, checkServer, parseCredentials, PsonoSession, SessionlessApi, type ApiKeyCredentials } from '../../../src/core/session';
import {
  DESCRIPTION,
  deps,
  DEVICE_TIME_MS,
  exchange,
  FINGERPRINT,
  json,
  loginOk,
  obj,
  pick,
  rejectsWith,
  routes,
  ScriptedTransport,
  sessionKey,
  str,
  tamperHex,
  vectorCredentials,
  vectorKeyPair,
  type Handler,
  type Json,
} from './session-fixture';

describe('login request (step1) is byte-exact', () => {
  it('builds the vector info string, signature and body from the vector inputs', () => {
    const credentials = vectorCredentials();
    const request = buildLoginRequest({
      apiKeyId: credentials.apiKeyId,
      privateKeySeed: credentials.privateKey,
      sessionKeyPair: vectorKeyPair(),
      deviceFingerprint: FINGERPRINT,
      deviceDescription: DESCRIPTION,
      deviceTimeMs: DEVICE_TIME_MS,
    });
    assert.equal(request.infoString, str('step1_login_request', 'info_string'));
    assert.equal(bytesToHex(new TextEncoder().encode(request.infoString)), str('step1_login_request', 'info_utf8_hex'));
    assert.equal(request.signature, str('step1_login_request', 'signature'));
    assert.equal(request.bodyText, str('step1_login_request', 'request', 'body_text'));
  });

  it('refuses a login without a device fingerprint (it must travel with device_time, spec §4.1)', () => {
    const credentials = vectorCredentials();
    assert.throws(
      () => buildLoginRequest({ apiKeyId: credentials.apiKeyId, privateKeySeed: credentials.privateKey, sessionKeyPair: vectorKeyPair(), deviceFingerprint: '', deviceDescription: 'x', deviceTimeMs: 0 }),
      (error: unknown) => error instanceof PsonoError && error.kind === 'invalid-input',
    );
  });
});

describe('the whole exchange against the vector answers', () => {
  it('checks /info/, logs in, unwraps the user keys and reads every step', async () => {
    const transport = new ScriptedTransport(
      routes([
        ['GET /datastore/', json(200, str('step4_datastore_list', 'response_body_text'))],
        [`GET ${str('step5_datastore_read', 'request', 'path')}`, json(200, str('step5_datastore_read', 'response_body_text'))],
        [`GET ${str('step6_share_read', 'request', 'path')}`, json(200, str('step6_share_read', 'response_body_text'))],
        [`GET ${str('step6b_nested_share_read', 'request', 'path')}`, json(200, str('step6b_nested_share_read', 'response_body_text'))],
        [`GET ${str('step7_secret_read', 'request', 'path')}`, json(200, str('step7_secret_read', 'response_body_text'))],
        [`GET ${str('step7b_secret_read_totp_from_share', 'request', 'path')}`, json(200, str('step7b_secret_read_totp_from_share', 'response_body_text'))],
        [`GET ${str('step7c_secret_read_from_nested_item_share', 'request', 'path')}`, json(200, str('step7c_secret_read_from_nested_item_share', 'response_body_text'))],
        ['POST /secret/', json(200, str('step8_update_secret_request', 'response_body_text'))],
        ['POST /authentication/logout/', json(200, str('step9_logout', 'response_body_text'))],
      ]),
    );
    const clock = { now: DEVICE_TIME_MS };
    const session = await PsonoSession.login(vectorCredentials(), deps(transport, clock));

    // step0 + step1: /info/ first, then the login body exactly as in the vector.
    assert.deepEqual(transport.requests.map((r) => `${r.method} ${r.url}`), [
      `GET ${str('credentials', 'server_url')}/info/`,
      `POST ${str('step1_login_request', 'request', 'url')}`,
    ]);
    const loginRequest = transport.requests[1]!;
    assert.equal(loginRequest.body, str('step1_login_request', 'request', 'body_text'));
    assert.equal(loginRequest.headers['Content-Type'], 'application/json');
    assert.equal(loginRequest.headers['Authorization'], undefined, 'login is unauthenticated');
    assert.equal(session.serverVersion, '7.2.3 (Build 2c4590d8)');

    // step3: login info decrypted and user keys unwrapped with the API key secret key.
    assert.equal(session.username, 'alice@example.com');
    assert.equal(session.restricted, false);
    assert.deepEqual(session.flags, { read: true, write: false, restrictToSecrets: false, allowInsecureAccess: false });
    const userSecretKey = session.userSecretKey();
    assert.equal(bytesToHex(userSecretKey.expose()), str('step3_decrypted_login_info', 'unwrapped_user_secret_key'));
    // Expiry: valid_till 10:10:00.123 minus the Date header (10:00:00) minus 1 s of Date resolution.
    assert.equal(session.expiresAt, DEVICE_TIME_MS + 600_123 - 1_000);

    // step4 with the session headers.
    clock.now = Date.parse(JSON.parse(str('session_headers', 'validator_plaintext')).request_time as string);
    const list = await session.get('/datastore/');
    assert.deepEqual(list, obj('step4_datastore_list', 'decrypted'));
    const listRequest = transport.requests.at(-1)!;
    assert.equal(listRequest.headers['Authorization'], str('session_headers', 'Authorization'));
    assert.equal(listRequest.body, undefined, 'GET carries no body');
    assert.equal(listRequest.headers['Content-Type'], undefined);
    assert.notEqual(listRequest.headers['Accept'], 'application/json');
    const validator = JSON.parse(listRequest.headers['Authorization-Validator']!) as { text: string; nonce: string };
    assert.deepEqual(Object.keys(validator), ['text', 'nonce']);
    assert.deepEqual(openJson(validator.text, validator.nonce, sessionKey()), JSON.parse(str('session_headers', 'validator_plaintext')));
    // The vector's own validator opens with the same key: same format.
    const vectorValidator = JSON.parse(str('session_headers', 'Authorization-Validator')) as { text: string; nonce: string };
    assert.deepEqual(openJson(vectorValidator.text, vectorValidator.nonce, sessionKey()), JSON.parse(str('session_headers', 'validator_plaintext')));

    // step5: datastore → datastore key (user secret key) → content.
    const datastore = (await session.get(str('step5_datastore_read', 'request', 'path'))) as Json;
    assert.deepEqual(datastore, obj('step5_datastore_read', 'decrypted'));
    const datastoreKey = unwrapKey(datastore['secret_key'] as string, datastore['secret_key_nonce'] as string, userSecretKey, 'datastore key');
    assert.equal(bytesToHex(datastoreKey.expose()), str('step5_datastore_read', 'datastore_secret_key'));
    const content = openJson(datastore['data'] as string, datastore['data_nonce'] as string, datastoreKey) as Json;
    assert.deepEqual(content, obj('step5_datastore_read', 'datastore_content'));

    // step6: share key from the datastore's share_index.
    const shareId = str('step6_share_read', 'request', 'path').split('/')[2]!;
    const shareKeyHex = pick(content, 'share_index', shareId, 'secret_key') as string;
    const share = (await session.get(str('step6_share_read', 'request', 'path'))) as Json;
    const shareContent = openJson(share['data'] as string, share['data_nonce'] as string, keyFromHex(shareKeyHex, 'share key')) as Json;
    assert.deepEqual(shareContent, obj('step6_share_read', 'share_content'));

    // step6b: nested share, key from share A's share_index.
    const nestedId = str('step6b_nested_share_read', 'request', 'path').split('/')[2]!;
    const nestedKeyHex = pick(shareContent, 'share_index', nestedId, 'secret_key') as string;
    const nested = (await session.get(str('step6b_nested_share_read', 'request', 'path'))) as Json;
    assert.deepEqual(openJson(nested['data'] as string, nested['data_nonce'] as string, keyFromHex(nestedKeyHex, 'share key')), obj('step6b_nested_share_read', 'share_content'));

    // step7*: secrets open with the item's secret key.
    for (const step of ['step7_secret_read', 'step7b_secret_read_totp_from_share', 'step7c_secret_read_from_nested_item_share']) {
      const secret = (await session.get(str(step, 'request', 'path'))) as Json;
      assert.deepEqual(secret, obj(step, 'decrypted'));
      assert.deepEqual(openJson(secret['data'] as string, secret['data_nonce'] as string, keyFromHex(str(step, 'secret_key'), 'secret key')), obj(step, 'secret_content'), step);
    }

    // step8: an encrypted request body that decrypts to the vector's plaintext; the answer decrypts too.
    const updateBody = JSON.parse(str('step8_update_secret_request', 'request', 'body_plaintext')) as Json;
    const updated = await session.post('/secret/', updateBody);
    assert.deepEqual(updated, JSON.parse(str('step8_update_secret_request', 'decrypted_response_plaintext')));
    const updateRequest = transport.requests.at(-1)!;
    assert.equal(updateRequest.headers['Content-Type'], 'application/json');
    const envelope = JSON.parse(updateRequest.body!) as { text: string; nonce: string };
    assert.deepEqual(Object.keys(envelope), ['text', 'nonce']);
    assert.deepEqual(openJson(envelope.text, envelope.nonce, sessionKey()), updateBody);

    // step9: logout with an empty body, then every key is gone.
    await session.logout();
    const logoutRequest = transport.requests.at(-1)!;
    assert.equal(logoutRequest.url, `${str('credentials', 'server_url')}/authentication/logout/`);
    assert.equal(logoutRequest.body, '');
    assert.equal(logoutRequest.headers['Authorization'], str('session_headers', 'Authorization'));
    assert.deepEqual(openJson(str('step9_logout', 'response_body', 'text'), str('step9_logout', 'response_body', 'nonce'), sessionKey()), { success: 'Successfully logged out.' });
    assert.equal(userSecretKey.wiped, true);
    assert.throws(() => userSecretKey.expose(), /after wipe/);
    await rejectsWith(session.get('/datastore/'), 'session-expired');
    assert.throws(() => session.userSecretKey(), (error: unknown) => error instanceof PsonoError && error.kind === 'session-expired');
  });

  it('user private key from the vector matches its public key (the sanity check the session does)', () => {
    const privateKey = keyFromHex(str('step3_decrypted_login_info', 'unwrapped_user_private_key'), 'pk');
    assert.equal(bytesToHex(x25519PublicKey(privateKey)), str('derived_keys', 'user_public_key'));
  });
});

describe('identity and integrity failures', () => {
  it('a wrong configured SERVER_SIGNATURE fails at /info/ with both fingerprints', async () => {
    const wrongKey = str('derived_keys', 'api_key_verify_key'); // a real Ed25519 key, just not the server's
    const transport = new ScriptedTransport(routes());
    const error = await rejectsWith(PsonoSession.login(vectorCredentials({ serverSignature: wrongKey }), deps(transport)), 'server-identity-mismatch');
    assert.equal(error.details.expectedFingerprint, '47c9ee0a…ee6a8e17');
    assert.equal(error.details.actualFingerprint, 'd3db07d2…518666ef');
    assert.match(error.message, /47c9ee0a…ee6a8e17.*d3db07d2…518666ef/);
    assert.equal(transport.count('POST', '/api-key/login/'), 0, 'no login is attempted against the wrong server');
  });

  it('a wrong configured SERVER_SIGNATURE also fails the login verification when /info/ is skipped', async () => {
    const transport = new ScriptedTransport(routes());
    await rejectsWith(
      PsonoSession.login(vectorCredentials({ serverSignature: str('derived_keys', 'api_key_verify_key') }), deps(transport, undefined, { checkServerFirst: false })),
      'server-identity-mismatch',
    );
  });

  it('a configured SERVER_PUBLIC_KEY that differs from info.public_key is an identity mismatch', async () => {
    const transport = new ScriptedTransport(routes());
    const error = await rejectsWith(
      checkServer(str('credentials', 'server_url'), str('credentials', 'server_signature'), str('derived_keys', 'user_public_key'), { transport }),
      'server-identity-mismatch',
    );
    assert.equal(error.details.expectedFingerprint, '847bdfc4…9a638c0e');
  });

  it('checkServer returns version and fingerprint for the right key', async () => {
    const transport = new ScriptedTransport(routes());
    const check = await checkServer(str('credentials', 'server_url'), str('credentials', 'server_signature').toUpperCase(), str('credentials', 'server_public_key'), { transport });
    assert.equal(check.version, '7.2.3 (Build 2c4590d8)');
    assert.equal(check.fingerprint, 'd3db07d2…518666ef');
    assert.equal(check.info['type'], 'CE');
  });

  it('an /info/ document whose signature does not match is an identity mismatch', async () => {
    const body = obj('step0_info', 'response_body');
    const transport = new ScriptedTransport(routes([['GET /info/', json(200, { ...body, signature: tamperHex(body['signature'] as string) })]]));
    await rejectsWith(PsonoSession.login(vectorCredentials(), deps(transport)), 'server-identity-mismatch');
  });

  it('an altered /info/ text under the real signature is an identity mismatch', async () => {
    const body = obj('step0_info', 'response_body');
    const transport = new ScriptedTransport(routes([['GET /info/', json(200, { ...body, info: (body['info'] as string).replace('7.2.3', '9.9.9') })]]));
    await rejectsWith(PsonoSession.login(vectorCredentials(), deps(transport)), 'server-identity-mismatch');
  });

  // Which check fails first: login_info is covered by the signature, so altering it fails the
  // signature check (identity mismatch) before any decryption. Nonce and per-login public key are
  // not signed; altering those passes the signature and fails box-open (decrypt-failed).
  const loginBody = (): Json => ({ ...obj('step2_login_response', 'response_body') });
  const loginWith = async (body: Json): Promise<unknown> =>
    PsonoSession.login(vectorCredentials(), deps(new ScriptedTransport(routes([['POST /api-key/login/', loginOk(JSON.stringify(body))]]))));

  it('a tampered login_info → server-identity-mismatch (the signature check runs first)', async () => {
    const body = loginBody();
    body['login_info'] = tamperHex(body['login_info'] as string, 40);
    await rejectsWith(loginWith(body), 'server-identity-mismatch');
  });

  it('a wrong login_info_signature → server-identity-mismatch', async () => {
    const body = loginBody();
    body['login_info_signature'] = tamperHex(body['login_info_signature'] as string);
    await rejectsWith(loginWith(body), 'server-identity-mismatch');
  });

  it('a tampered login_info_nonce → decrypt-failed (not signed, so box-open catches it)', async () => {
    const body = loginBody();
    body['login_info_nonce'] = tamperHex(body['login_info_nonce'] as string);
    await rejectsWith(loginWith(body), 'decrypt-failed');
  });

  it('a substituted server_session_public_key → decrypt-failed', async () => {
    const body = loginBody();
    body['server_session_public_key'] = str('derived_keys', 'user_public_key');
    await rejectsWith(loginWith(body), 'decrypt-failed');
  });

  it('a login answer missing fields → malformed-response', async () => {
    const body = loginBody();
    delete body['login_info_nonce'];
    await rejectsWith(loginWith(body), 'malformed-response');
  });

  it('a wrong API_KEY_SECRET_KEY → bad-api-key (the user keys do not unwrap)', async () => {
    const transport = new ScriptedTransport(routes());
    const error = await rejectsWith(PsonoSession.login(vectorCredentials({ secretKey: str('derived_keys', 'user_secret_key_TEST_ONLY') }), deps(transport)), 'bad-api-key');
    assert.equal(error.details.field, 'API_KEY_SECRET_KEY');
  });

  it('a tampered datastore response → decrypt-failed; an unencrypted 2xx (even a bare null) → malformed-response; an empty one → null', async () => {
    const listBody = obj('step4_datastore_list', 'response_body');
    const transport = new ScriptedTransport(
      routes([
        [
          'GET /datastore/',
          [
            json(200, { ...listBody, text: tamperHex(listBody['text'] as string, 64) }),
            json(200, obj('step4_datastore_list', 'decrypted')),
            json(200, 'null'),
            json(200, ' \n'),
          ],
        ],
      ]),
    );
    const session = await PsonoSession.login(vectorCredentials(), deps(transport));
    await rejectsWith(session.get('/datastore/'), 'decrypt-failed');
    const plain = await rejectsWith(session.get('/datastore/'), 'malformed-response');
    assert.match(plain.message, /unencrypted/);
    // Only an empty body goes unencrypted (spec §5.4): JSON null is not empty.
    const literalNull = await rejectsWith(session.get('/datastore/'), 'malformed-response');
    assert.match(literalNull.message, /unencrypted/);
    assert.equal(await session.get('/datastore/'), null);
  });
});

describe('restricted_key_sessionless', () => {
  const restricted = (...path: string[]): unknown => pick(exchange, 'restricted_key_sessionless', ...path);
  const credentials = (): ApiKeyCredentials =>
    parseCredentials({
      serverUrl: restricted('credentials', 'server_url') as string,
      apiKeyId: restricted('credentials', 'api_key_id') as string,
      privateKey: restricted('credentials', 'api_key_private_key') as string,
      secretKey: restricted('credentials', 'api_key_secret_key') as string,
      serverSignature: str('credentials', 'server_signature'),
    });
  const html = (body: string): Handler => () => ({ status: 200, headers: { 'content-type': restricted('inspect', 'response_content_type') as string }, body });

  it('inspects (JSON served as text/html) and reads a secret in two local decryption steps', async () => {
    const transport = new ScriptedTransport(
      new Map<string, Handler>([
        ['POST /api-key-access/inspect/', html(restricted('inspect', 'response_body_text') as string)],
        ['POST /api-key-access/secret/', json(200, restricted('read_secret', 'response_body_text') as string)],
      ]),
    );
    const api = new SessionlessApi(credentials(), { transport });
    const inspection = await api.inspect();
    assert.deepEqual(inspection, {
      read: true,
      write: false,
      restrictToSecrets: true,
      allowInsecureAccess: false,
      secrets: [{ secretId: '5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f', writeDate: '2026-01-14T08:30:12+00:00' }],
    });
    assert.equal(transport.requests[0]!.body, JSON.stringify(restricted('inspect', 'request', 'body')));
    assert.equal(transport.requests[0]!.headers['Authorization'], undefined);
    assert.notEqual(transport.requests[0]!.headers['Accept'], 'application/json');

    const secret = await api.readSecret(inspection.secrets[0]!.secretId);
    assert.deepEqual(secret, JSON.parse(restricted('read_secret', 'secret_content_plaintext') as string));
    assert.equal(transport.requests[1]!.body, JSON.stringify(restricted('read_secret', 'request', 'body')));
  });

  it('uses only the status of error answers (their bodies are not JSON)', async () => {
    const transport = new ScriptedTransport(
      new Map<string, Handler>([
        ['POST /api-key-access/inspect/', () => ({ status: 400, headers: { 'content-type': 'text/html' }, body: 'non_field_errors' })],
        ['POST /api-key-access/secret/', () => ({ status: 400, headers: { 'content-type': 'text/html' }, body: 'non_field_errors' })],
      ]),
    );
    const api = new SessionlessApi(credentials(), { transport });
    await rejectsWith(api.inspect(), 'key-inactive');
    await rejectsWith(api.readSecret('5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f'), 'not-found');
  });

  it('a wrong API_KEY_SECRET_KEY → bad-api-key; a tampered secret → decrypt-failed', async () => {
    const decoded = restricted('read_secret', 'decoded') as Json;
    const transport = new ScriptedTransport(
      new Map<string, Handler | Handler[]>([
        ['POST /api-key-access/secret/', [json(200, decoded), json(200, { ...decoded, data: tamperHex(decoded['data'] as string, 50) })]],
      ]),
    );
    const wrong = new SessionlessApi({ ...credentials(), secretKey: keyFromHex(str('credentials', 'api_key_secret_key'), 'k') }, { transport });
    await rejectsWith(wrong.readSecret('5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f'), 'bad-api-key');
    const right = new SessionlessApi(credentials(), { transport });
    await rejectsWith(right.readSecret('5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f'), 'decrypt-failed');
  });

  it('a restricted login (no user keys) exposes restricted and refuses userSecretKey()', async () => {
    // The vector gives the restricted login info in plaintext; seal it the way the server would.
    const { boxKeyPair, boxSeal, signDetached, signingKeyFromSeed, utf8Encode } = await import('../../../src/core/crypto');
    const serverSeed = keyFromHex(str('derived_keys', 'server_private_key_TEST_ONLY'), 'server seed');
    const serverEphemeral = boxKeyPair();
    const client = vectorKeyPair();
    const sealed = boxSeal(utf8Encode(JSON.stringify(restricted('login_info_if_a_session_is_opened'))), client.publicKey, serverEphemeral.secretKey);
    const signature = signDetached(utf8Encode(sealed.text), signingKeyFromSeed(serverSeed).signingKey);
    const body = { login_info: sealed.text, login_info_signature: signature, login_info_nonce: sealed.nonce, server_session_public_key: bytesToHex(serverEphemeral.publicKey) };
    const transport = new ScriptedTransport(routes([['POST /api-key/login/', loginOk(JSON.stringify(body))]]));
    const session = await PsonoSession.login(credentials(), deps(transport));
    assert.equal(session.restricted, true);
    assert.deepEqual(session.flags, { read: true, write: false, restrictToSecrets: true, allowInsecureAccess: false });
    assert.throws(() => session.userSecretKey(), (error: unknown) => error instanceof PsonoError && error.kind === 'read-not-allowed');
    session.wipe();
  });
});
