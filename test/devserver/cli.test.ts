// `npm run devserver` (devserver/main.ts): starts on 127.0.0.1 and prints the six API key values
// in the dialog's `KEY: value` form plus a PSONO_* export block that actually work.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';

import { utf8Encode, verifyDetached } from '../../src/core/crypto';
import type { DevServer, DevServerApiKey } from '../../devserver/index';
import { authed, rawFetch, rawLogin } from './raw-client';

function readUntil(child: ChildProcess, marker: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`no "${marker}" within ${timeoutMs} ms: ${output}`)), timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes(marker)) {
        clearTimeout(timer);
        resolve(output);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}: ${output}`));
    });
  });
}

describe('npm run devserver (devserver/main.ts)', () => {
  let child: ChildProcess;
  let output: string;
  before(async () => {
    child = spawn(process.execPath, ['--import', 'tsx', 'devserver/main.ts', '--port', '0', '--key', 'demo-restricted'], { stdio: ['ignore', 'pipe', 'inherit'] });
    output = await readUntil(child, 'Ctrl+C stops the server.', 60_000);
  });
  after(() => {
    child.kill('SIGTERM');
  });

  it('prints the six dialog values and a matching export block', () => {
    const dialog = Object.fromEntries([...output.matchAll(/^([A-Z_]+): (\S+)$/gm)].map((m) => [m[1], m[2]]));
    const exported = Object.fromEntries([...output.matchAll(/^export (PSONO_[A-Z_]+)='([^']*)'$/gm)].map((m) => [m[1], m[2]]));
    assert.deepEqual(Object.keys(dialog).sort(), ['API_KEY_ID', 'API_KEY_PRIVATE_KEY', 'API_KEY_SECRET_KEY', 'SERVER_PUBLIC_KEY', 'SERVER_SIGNATURE', 'SERVER_URL']);
    for (const name of Object.keys(dialog)) {
      assert.equal(exported[`PSONO_${name}`], dialog[name], name);
    }
    assert.match(dialog['SERVER_URL']!, /^http:\/\/127\.0\.0\.1:\d+\/server$/);
  });

  it('the printed credentials work against the running server', async () => {
    const dialog = Object.fromEntries([...output.matchAll(/^([A-Z_]+): (\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
    const info = JSON.parse((await rawFetch(`${dialog['SERVER_URL']!}/info/`)).text) as { info: string; signature: string; verify_key: string };
    assert.equal(info.verify_key, dialog['SERVER_SIGNATURE']);
    assert.ok(verifyDetached(utf8Encode(info.info), info.signature, info.verify_key));
    const key: DevServerApiKey = {
      serverUrl: dialog['SERVER_URL']!, apiKeyId: dialog['API_KEY_ID']!, apiKeyPrivateKey: dialog['API_KEY_PRIVATE_KEY']!,
      apiKeySecretKey: dialog['API_KEY_SECRET_KEY']!, serverSignature: dialog['SERVER_SIGNATURE']!, serverPublicKey: dialog['SERVER_PUBLIC_KEY']!,
    };
    const server = { url: key.serverUrl } as DevServer;
    const session = await rawLogin(server, key);
    assert.equal(session.loginInfo['api_key_restrict_to_secrets'], true, 'the --key choice is honoured');
    assert.equal((await authed(server, session, 'POST', '/authentication/logout/')).status, 200);
  });
});

describe('npm run devserver with --server-version, --serial, --request-ms, --login-throttle', () => {
  let child: ChildProcess;
  let url: string;
  before(async () => {
    child = spawn(process.execPath, ['--import', 'tsx', 'devserver/main.ts', '--port', '0', '--server-version', '3.5', '--serial', '--request-ms', '150', '--login-throttle', '1'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const output = await readUntil(child, 'Ctrl+C stops the server.', 60_000);
    url = /^SERVER_URL: (\S+)$/m.exec(output)![1]!;
    assert.match(output, /Psono dev server \(as 3\.5\) listening/);
  });
  after(() => {
    child.kill('SIGTERM');
  });

  it('behaves as 3.5, one request at a time at 150 ms, one login per hour', async () => {
    const info = JSON.parse((JSON.parse((await rawFetch(`${url}/info/`)).text) as { info: string }).info) as Record<string, unknown>;
    assert.match(String(info['version']), /^3\.5\.3 /);
    const started = performance.now();
    await Promise.all([rawFetch(`${url}/info/`), rawFetch(`${url}/info/`)]);
    assert.ok(performance.now() - started >= 300, 'two requests in a row');
    const login = (): Promise<number> => rawFetch(`${url}/api-key/login/`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }).then((response) => response.status);
    assert.equal(await login(), 400);
    assert.equal(await login(), 429);
  });
});
