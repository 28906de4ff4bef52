import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { isAllowedServerUrl, requestSchemas } from '../../../src/shared/ipc/contract';

const valid = {
  serverUrl: 'https://psono.example.com/server',
  apiKeyId: '6b0e7f3a-2c41-4d8e-9a57-1f2e3d4c5b6a',
  apiKeyPrivateKey: 'ab'.repeat(32),
  apiKeySecretKey: 'cd'.repeat(32),
  serverSignature: 'ef'.repeat(32),
  serverPublicKey: '',
};

describe('setup server URL rule (main side)', () => {
  it('accepts https anywhere and plain http only on loopback', () => {
    assert.equal(isAllowedServerUrl('https://psono.example.com/server'), true);
    assert.equal(isAllowedServerUrl('http://127.0.0.1:10100/server'), true);
    assert.equal(isAllowedServerUrl('http://localhost/server'), true);
    assert.equal(isAllowedServerUrl('http://[::1]:8000/server'), true);
    assert.equal(isAllowedServerUrl('http://psono.example.com/server'), false);
    assert.equal(isAllowedServerUrl('http://127.0.0.1.example.com/server'), false);
    assert.equal(isAllowedServerUrl('ftp://127.0.0.1/server'), false);
    assert.equal(isAllowedServerUrl('not a url'), false);
  });

  it('makes setup:check refuse a plain-http remote server, naming the field', () => {
    assert.equal(requestSchemas['setup:check'].safeParse(valid).success, true);
    const result = requestSchemas['setup:check'].safeParse({ ...valid, serverUrl: 'http://psono.example.com/server' });
    assert.equal(result.success, false);
    assert.deepEqual(result.error?.issues[0]?.path, ['serverUrl']);
  });
});
