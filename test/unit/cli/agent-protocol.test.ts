// The agent's wire vocabulary and the credential fingerprint that decides whom it answers.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { AgentReply, AgentRequest, credentialFingerprint } from '../../../src/cli/agent/protocol';
import { parseCredentials, type ApiKeyCredentialsInput } from '../../../src/core/session';

const input: ApiKeyCredentialsInput = {
  serverUrl: 'https://psono.example.com/server',
  apiKeyId: '11111111-2222-4333-8444-555555555555',
  privateKey: 'a1'.repeat(32),
  secretKey: 'b2'.repeat(32),
  serverSignature: 'c3'.repeat(32),
  serverPublicKey: null,
};
const fingerprint = (changes: Partial<ApiKeyCredentialsInput> = {}, caFile?: string): string => credentialFingerprint(parseCredentials({ ...input, ...changes }), caFile);

describe('agent protocol', () => {
  test('the fingerprint is stable, hex, and changes with every credential value and the CA file', () => {
    const base = fingerprint();
    assert.match(base, /^[0-9a-f]{64}$/);
    assert.equal(fingerprint(), base);
    const variants = [
      fingerprint({ serverUrl: 'https://other.example.com/server' }),
      fingerprint({ apiKeyId: '11111111-2222-4333-8444-555555555556' }),
      fingerprint({ privateKey: 'a0'.repeat(32) }),
      fingerprint({ secretKey: 'b0'.repeat(32) }),
      fingerprint({ serverSignature: 'c0'.repeat(32) }),
      fingerprint({ serverPublicKey: 'd4'.repeat(32) }),
      fingerprint({}, '/etc/ssl/extra.pem'),
    ];
    assert.equal(new Set([base, ...variants]).size, variants.length + 1);
    for (const secret of [input.privateKey, input.secretKey]) {
      assert.ok(!base.includes(secret.slice(0, 16)));
    }
  });

  test('requests: the three operations parse; other shapes, versions and oversized argv do not', () => {
    const credentials = fingerprint();
    assert.equal(AgentRequest.parse({ v: 1, op: 'command', credentials, argv: ['get', 'x'] }).op, 'command');
    assert.equal(AgentRequest.parse({ v: 1, op: 'lock' }).op, 'lock');
    for (const bad of [
      { v: 2, op: 'lock' },
      { v: 1, op: 'unlock' },
      { v: 1, op: 'command', credentials: 'abc', argv: [] },
      { v: 1, op: 'command', credentials, argv: Array.from({ length: 65 }, () => 'x') },
      { v: 1, op: 'command', credentials, argv: [1] },
    ]) {
      assert.equal(AgentRequest.safeParse(bad).success, false, JSON.stringify(bad).slice(0, 80));
    }
  });

  test('replies: exit codes stay in 0..255 and refusals name a known reason', () => {
    assert.equal(AgentReply.safeParse({ kind: 'result', exitCode: 3, stdout: '', stderr: 'x' }).success, true);
    assert.equal(AgentReply.safeParse({ kind: 'result', exitCode: 256, stdout: '', stderr: '' }).success, false);
    assert.equal(AgentReply.safeParse({ kind: 'result', exitCode: 1.5, stdout: '', stderr: '' }).success, false);
    assert.equal(AgentReply.safeParse({ kind: 'refused', reason: 'credentials' }).success, true);
    assert.equal(AgentReply.safeParse({ kind: 'refused', reason: 'because' }).success, false);
  });
});
