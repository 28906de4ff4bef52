// Pushes every secret, key and token of the fixtures through the error paths and the logger, with
// stdout/stderr/console captured, and greps the capture: none of them may appear. The dev server is
// seeded with the fixture keys and secrets, so they really travel through the client.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { inspect } from 'node:util';

import { credentialFields, startDevServer, type DevServer, type VaultSeed } from '../../devserver/index';
import { keyFromHex } from '../../src/core/crypto';
import { PsonoError } from '../../src/core/errors';
import { SecretText } from '../../src/core/sensitive';
import { parseCredentials, PsonoSession, SessionlessApi, type ApiKeyCredentials, type ApiKeyCredentialsInput } from '../../src/core/session';
import { NodeHttpTransport } from '../../src/platform/http-transport';
import { createLogger, maskSecrets } from '../../src/main/log';
import { vectors } from '../fixtures/vectors';

type Json = Record<string, unknown>;
const exchange = vectors.api_key_login_exchange as Json;
const at = (root: unknown, ...path: string[]): unknown => path.reduce<unknown>((node, key) => (node as Json)[key], root);
const text = (...path: string[]): string => at(exchange, ...path) as string;

// ---- every secret in the fixture file -------------------------------------------------------

const KEY_NAME = /secret_key|private_key|_TEST_ONLY|^token$|unwrapped_|share_secret_key|api_key_secret|api_key_private/;
const SECRET_FIELD = /_password$|totp_code$|_notes$|^note_notes$|^value$/;

function collectSecrets(node: unknown, found: Set<string>, key = ''): void {
  if (typeof node === 'string') {
    const isKeyMaterial = KEY_NAME.test(key) && /^[0-9a-f]{64}$|^[0-9a-f]{128}$/.test(node);
    if (isKeyMaterial || (SECRET_FIELD.test(key) && node.length >= 4)) {
      found.add(node);
    }
    return;
  }
  if (Array.isArray(node)) {
    node.forEach((item) => collectSecrets(item, found, key));
  } else if (typeof node === 'object' && node !== null) {
    for (const [name, value] of Object.entries(node)) {
      collectSecrets(value, found, name);
    }
  }
}

const fixtureSecrets = new Set<string>();
collectSecrets(vectors, fixtureSecrets);
const token = text('step3_decrypted_login_info', 'parsed', 'token');

// ---- capture of everything printed -----------------------------------------------------------

const captured: string[] = [];
async function capture<T>(work: () => Promise<T> | T): Promise<T> {
  const stdout = process.stdout.write.bind(process.stdout);
  const stderr = process.stderr.write.bind(process.stderr);
  const originals = { log: console.log, error: console.error, warn: console.warn, info: console.info, debug: console.debug };
  const grab = (chunk: unknown): boolean => {
    captured.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return true;
  };
  // node:test's child process reports to its parent through stdout as binary frames; let those
  // through untouched (our code and the logger write strings).
  const grabText = (original: typeof process.stdout.write) =>
    ((chunk: unknown, ...rest: unknown[]): boolean =>
      typeof chunk === 'string' ? grab(chunk) : (original as (...args: unknown[]) => boolean)(chunk, ...rest)) as typeof process.stdout.write;
  process.stdout.write = grabText(stdout);
  process.stderr.write = grabText(stderr);
  for (const name of Object.keys(originals) as Array<keyof typeof originals>) {
    console[name] = (...args: unknown[]) => void grab(`${args.map((arg) => (typeof arg === 'string' ? arg : inspect(arg, { depth: 8 }))).join(' ')}\n`);
  }
  try {
    return await work();
  } finally {
    process.stdout.write = stdout;
    process.stderr.write = stderr;
    Object.assign(console, originals);
  }
}

/** What a careless caller would print for an error: message, JSON form and the full inspect (with cause chain). */
function printError(error: unknown): void {
  console.error(String(error));
  console.error(inspect(error, { depth: 8 }));
  if (error instanceof PsonoError) {
    console.log(JSON.stringify(error.toJSON()));
  }
}

async function expectFailure(kind: string, work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (error) {
    printError(error);
    createLogger('LeakTest').error(`operation failed: ${String(error)} (expected ${kind})`);
    assert.ok(error instanceof PsonoError && error.kind === kind, `expected ${kind}, got ${String(error)}`);
    return;
  }
  assert.fail(`expected ${kind}`);
}

function findLeaks(output: string, secrets: Iterable<string>): string[] {
  const lower = output.toLowerCase();
  return [...secrets].filter((secret) => lower.includes(secret.toLowerCase()));
}

// ---- a dev server carrying the fixture keys and secrets -------------------------------------

const secretContent = (step: string): Json => at(exchange, step, 'secret_content') as Json;
const seed: VaultSeed = {
  seed: 'leak-test',
  user: {
    username: 'alice@example.com',
    privateKey: text('derived_keys', 'user_private_key_TEST_ONLY'),
    secretKey: text('derived_keys', 'user_secret_key_TEST_ONLY'),
  },
  datastores: [
    {
      type: 'password',
      secretKey: text('step5_datastore_read', 'datastore_secret_key'),
      items: [
        { type: 'website_password', ref: 'mail', secretKey: text('step7_secret_read', 'secret_key'), secret: secretContent('step7_secret_read') },
        { type: 'totp', secretKey: text('step7b_secret_read_totp_from_share', 'secret_key'), secret: secretContent('step7b_secret_read_totp_from_share') },
        { type: 'application_password', secretKey: text('step7c_secret_read_from_nested_item_share', 'secret_key'), secret: secretContent('step7c_secret_read_from_nested_item_share') },
      ],
    },
  ],
  apiKeys: [
    { name: 'tray', privateKey: text('credentials', 'api_key_private_key'), secretKey: text('credentials', 'api_key_secret_key') },
    {
      name: 'restricted',
      restrictToSecrets: true,
      secrets: ['mail'],
      privateKey: at(exchange, 'restricted_key_sessionless', 'credentials', 'api_key_private_key') as string,
      secretKey: at(exchange, 'restricted_key_sessionless', 'credentials', 'api_key_secret_key') as string,
    },
  ],
};

let server: DevServer;
let transport: NodeHttpTransport;

function input(name: string, overrides: Partial<ApiKeyCredentialsInput> = {}): ApiKeyCredentialsInput {
  const key = server.apiKey(name);
  return { ...credentialFields(key), ...overrides };
}
const credentials = (name: string, overrides: Partial<ApiKeyCredentialsInput> = {}): ApiKeyCredentials => parseCredentials(input(name, overrides));
const deps = () => ({ transport, deviceFingerprint: '0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a', deviceDescription: 'leak test', timeoutMs: 10_000 });

before(async () => {
  server = await startDevServer({ seed });
  transport = new NodeHttpTransport();
});

after(async () => {
  transport.close();
  await server.close();
});

describe('nothing secret reaches the output', () => {
  it('the fixture list is complete enough to mean something', () => {
    // Keys of every layer, the token and the secret values themselves.
    for (const needle of [text('credentials', 'api_key_private_key'), text('credentials', 'api_key_secret_key'), token, text('step3_decrypted_login_info', 'parsed', 'session_secret_key'), 'c0rrect-h0rse', 'JBSWY3DPEHPK3PXP']) {
      assert.ok(fixtureSecrets.has(needle), `fixture secret list misses ${needle.slice(0, 4)}…`);
    }
    assert.ok(fixtureSecrets.size >= 20);
  });

  it('error paths and logs of a full run carry no fixture secret', async () => {
    await capture(async () => {
      const log = createLogger('Session');

      // Pasted values in the wrong shape or box: errors name the field, never the value.
      const privateKey = text('credentials', 'api_key_private_key');
      const secretKey = text('credentials', 'api_key_secret_key');
      for (const overrides of [
        { privateKey: `${privateKey}0` },
        { secretKey: secretKey.slice(1) },
        { secretKey: `${secretKey}zz` },
        { serverUrl: secretKey },
        { apiKeyId: privateKey },
        { serverSignature: privateKey },
        { secretKey: privateKey },
        { serverPublicKey: token },
      ]) {
        try {
          parseCredentials(input('tray', overrides));
          assert.fail('accepted a wrong value');
        } catch (error) {
          printError(error);
          assert.ok(error instanceof PsonoError && error.kind === 'invalid-input');
        }
      }

      // A working session, logged the way main would log it.
      const session = await PsonoSession.login(credentials('tray'), deps());
      log.info(`Logged in. user=${session.username ?? ''} restricted=${String(session.restricted)} key=${String(session.userSecretKey())}`);
      await session.get('/datastore/');

      // Failures while data that holds keys is in flight.
      server.faults.unencryptedResponse = 1; // plaintext datastore (with its wrapped keys) as the body
      await expectFailure('malformed-response', () => session.get('/datastore/'));
      server.faults.tamperCiphertext = 1;
      await expectFailure('decrypt-failed', () => session.get('/datastore/'));
      server.faults.malformedBody = 1;
      await expectFailure('malformed-response', () => session.get('/datastore/'));
      server.faults.wrongLoginSignature = true;
      server.expireAllSessions();
      await expectFailure('server-identity-mismatch', () => session.get('/datastore/'));
      server.faults.wrongLoginSignature = false;
      session.wipe();

      // Wrong keys: the right ones are in play on the server, the wrong ones are fixture keys too.
      await expectFailure('bad-api-key', () => PsonoSession.login(credentials('tray', { secretKey: text('derived_keys', 'user_secret_key_TEST_ONLY') }), deps()));
      await expectFailure('bad-api-key', () => PsonoSession.login(credentials('tray', { privateKey: text('derived_keys', 'user_private_key_TEST_ONLY') }), deps()));
      await expectFailure('server-identity-mismatch', () => PsonoSession.login(credentials('tray', { serverSignature: text('derived_keys', 'api_key_verify_key') }), deps()));

      // Session-less path with the restricted key.
      const wrongRestricted = new SessionlessApi(credentials('restricted', { secretKey: secretKey }), { transport });
      const inspection = await new SessionlessApi(credentials('restricted'), { transport }).inspect();
      await expectFailure('bad-api-key', () => wrongRestricted.readSecret(inspection.secrets[0]!.secretId));
      await new SessionlessApi(credentials('restricted'), { transport }).readSecret(inspection.secrets[0]!.secretId);

      // Careless free text: the second line of defence masks key material and credentials.
      log.info(`header was Authorization: Token ${token}`);
      log.warn(`unwrapping with ${secretKey} failed: key ${privateKey.toUpperCase()}`);
      log.error(`unexpected: ${String(new Error(`bad session key ${text('step3_decrypted_login_info', 'parsed', 'session_secret_key')}`))}`);
      // Typed secrets print as [redacted] wherever they are interpolated or serialised.
      log.info(`typed secrets ${String(new SecretText(token))} ${JSON.stringify({ material: keyFromHex(secretKey, 'k'), nested: [new SecretText('c0rrect-h0rse')] })}`);
    });

    const output = captured.join('');
    assert.ok(output.includes('[Session] Logged in.'), 'the capture saw the logger');
    assert.ok(output.includes('API_KEY_PRIVATE_KEY'), 'the capture saw the errors');
    const serverKeys = [server.apiKey('tray').apiKeyPrivateKey, server.apiKey('tray').apiKeySecretKey];
    assert.deepEqual(findLeaks(output, [...fixtureSecrets, ...serverKeys]).map((leak) => `${leak.slice(0, 6)}…`), []);
  });

  it('the grep finds a planted secret (so the test above can fail)', async () => {
    const planted = text('credentials', 'api_key_secret_key');
    const before = captured.length;
    await capture(() => {
      console.log(`oops ${planted}`);
      process.stderr.write(`again ${text('step7c_secret_read_from_nested_item_share', 'secret_content', 'application_password_password')}\n`);
    });
    const output = captured.slice(before).join('');
    assert.deepEqual(findLeaks(output, fixtureSecrets).sort(), [planted, 'c0rrect-h0rse'].sort());
    // And the logger's own masking is what keeps it out otherwise.
    assert.equal(findLeaks(maskSecrets(`oops ${planted}`), fixtureSecrets).length, 0);
  });
});

describe('maskSecrets', () => {
  it('masks hex runs, Token credentials and long random strings, but not words or paths', () => {
    assert.equal(maskSecrets(`k=${'ab'.repeat(16)} short=${'ab'.repeat(15)}`), `k=[hex redacted] short=${'ab'.repeat(15)}`);
    assert.equal(maskSecrets('Authorization: Token abc.def'), 'Authorization: Token [redacted]');
    assert.equal(maskSecrets('sk=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdo'), 'sk=[token redacted]');
    assert.equal(maskSecrets('/usr/lib/node_modules/electron/dist/resources/app.asar'), '/usr/lib/node_modules/electron/dist/resources/app.asar');
  });
});
