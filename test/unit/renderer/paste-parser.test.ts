import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  normaliseCredentials,
  parsePastedCredentials,
  validateSetupField,
  validateSetupForm,
} from '../../../src/renderer/setup/paste-parser';
import { FAKE_CREDENTIALS } from '../../fakes/fake-bridge';

const c = FAKE_CREDENTIALS;
const ALL_SIX = {
  serverUrl: c.serverUrl,
  apiKeyId: c.apiKeyId,
  apiKeyPrivateKey: c.apiKeyPrivateKey,
  apiKeySecretKey: c.apiKeySecretKey,
  serverPublicKey: c.serverPublicKey,
  serverSignature: c.serverSignature,
};

describe('parsePastedCredentials', () => {
  it('reads the six values in KEY: value form, as Psono shows them', () => {
    const text = [
      `API_KEY_ID: ${c.apiKeyId}`,
      `API_KEY_PRIVATE_KEY: ${c.apiKeyPrivateKey}`,
      `API_KEY_SECRET_KEY: ${c.apiKeySecretKey}`,
      `SERVER_URL: ${c.serverUrl}`,
      `SERVER_PUBLIC_KEY: ${c.serverPublicKey}`,
      `SERVER_SIGNATURE: ${c.serverSignature}`,
    ].join('\n');
    assert.deepEqual(parsePastedCredentials(text), { values: ALL_SIX, unknownKeys: [] });
  });

  it('reads KEY=value lines with export, quotes and CRLF line ends', () => {
    const text = [
      `export API_KEY_ID="${c.apiKeyId}"`,
      `API_KEY_PRIVATE_KEY='${c.apiKeyPrivateKey}'`,
      `API_KEY_SECRET_KEY = ${c.apiKeySecretKey}`,
      `SERVER_URL=${c.serverUrl}`,
      `SERVER_PUBLIC_KEY=${c.serverPublicKey}`,
      `SERVER_SIGNATURE=${c.serverSignature}`,
    ].join('\r\n');
    assert.deepEqual(parsePastedCredentials(text).values, ALL_SIX);
  });

  it('reads a JSON object with Psono key names and reports unknown keys', () => {
    const json = JSON.stringify({
      API_KEY_ID: c.apiKeyId,
      API_KEY_PRIVATE_KEY: c.apiKeyPrivateKey,
      API_KEY_SECRET_KEY: c.apiKeySecretKey,
      SERVER_URL: c.serverUrl,
      SERVER_PUBLIC_KEY: c.serverPublicKey,
      SERVER_SIGNATURE: c.serverSignature,
      SOMETHING_ELSE: 'x',
    }, null, 2);
    assert.deepEqual(parsePastedCredentials(json), { values: ALL_SIX, unknownKeys: ['SOMETHING_ELSE'] });
  });

  it('accepts lower-case and camelCase key names in JSON', () => {
    const parsed = parsePastedCredentials(JSON.stringify({ api_key_id: c.apiKeyId, serverUrl: c.serverUrl }));
    assert.deepEqual(parsed.values, { apiKeyId: c.apiKeyId, serverUrl: c.serverUrl });
  });

  it('reads the dialog layout: each label on its own line, the value on the next', () => {
    const text = `SERVER_URL\n${c.serverUrl}\n\nAPI_KEY_ID\n${c.apiKeyId}\nSERVER_SIGNATURE:\n${c.serverSignature}\n`;
    assert.deepEqual(parsePastedCredentials(text).values, { serverUrl: c.serverUrl, apiKeyId: c.apiKeyId, serverSignature: c.serverSignature });
  });

  it('keeps the colon inside a URL value and maps psonoci variable names', () => {
    const text = `PSONO_CI_SERVER_URL=https://psono.example.test:8443/server\nPSONO_CI_API_SECRET_KEY_HEX=${c.apiKeySecretKey}`;
    assert.deepEqual(parsePastedCredentials(text).values, { serverUrl: 'https://psono.example.test:8443/server', apiKeySecretKey: c.apiKeySecretKey });
  });

  it('finds nothing in unrelated text and lists unknown KEY=value names', () => {
    const parsed = parsePastedCredentials('hello world\nFOO_BAR=1\nhttps://example.test');
    assert.deepEqual(parsed.values, {});
    assert.deepEqual(parsed.unknownKeys, ['FOO_BAR']);
  });

  it('falls back to line parsing when JSON is broken', () => {
    const parsed = parsePastedCredentials(`{ "API_KEY_ID": "${c.apiKeyId}",`);
    assert.deepEqual(parsed.values, { apiKeyId: c.apiKeyId });
  });
});

describe('validateSetupField', () => {
  it('accepts the fixture credentials', () => {
    assert.deepEqual(validateSetupForm(ALL_SIX), {});
  });

  it('says a required field is empty, but the server public key is optional', () => {
    assert.equal(validateSetupField('apiKeyId', '  '), 'Required.');
    assert.equal(validateSetupField('serverPublicKey', ''), null);
  });

  it('says how long a hex key is when the length is wrong', () => {
    assert.equal(validateSetupField('apiKeyPrivateKey', 'ab'.repeat(31) + 'a'), 'Must be 64 hexadecimal characters; this has 63.');
  });

  it('says when a key holds non-hex characters', () => {
    assert.match(validateSetupField('apiKeySecretKey', 'zz'.repeat(32)) ?? '', /hexadecimal characters \(0–9, a–f\)/);
  });

  it('rejects an id that is not a UUID and a URL without http(s)', () => {
    assert.match(validateSetupField('apiKeyId', 'not-a-uuid') ?? '', /key id like/);
    assert.match(validateSetupField('serverUrl', 'ftp://psono.example.test') ?? '', /https:\/\//);
    assert.match(validateSetupField('serverUrl', 'psono.example.test') ?? '', /Not a web address/);
  });

  it('refuses plain http except on loopback', () => {
    assert.notEqual(validateSetupField('serverUrl', 'http://psono.example.test/server'), null);
    assert.equal(validateSetupField('serverUrl', 'http://127.0.0.1:10100/server'), null);
    assert.equal(validateSetupField('serverUrl', 'http://localhost/server'), null);
    assert.equal(validateSetupField('serverUrl', 'http://[::1]:8000/server'), null);
    assert.equal(validateSetupField('serverUrl', 'https://psono.example.test/server'), null);
  });

  it('normalises case and whitespace before the values go to main', () => {
    const upper = { ...ALL_SIX, apiKeyId: ` ${c.apiKeyId.toUpperCase()} `, apiKeyPrivateKey: c.apiKeyPrivateKey.toUpperCase() };
    assert.deepEqual(normaliseCredentials(upper), ALL_SIX);
  });
});
