/**
 * After lock and a forced GC, a V8 heap snapshot of the process that ran the client holds none of
 * the fixture's secret values, keys (hex) or the session token.
 *
 * Level: core + platform + the real LockService (main's lock wiring) in a child process, against
 * the dev server over real HTTP. The child never imports the fixtures, so anything found came
 * through the client. The "before lock" snapshot is the control: the same grep must find the
 * secrets there, so this test can fail.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';

import { startDevServer, type DevServer, type VaultSeed } from '../../devserver/index';
import { vectors } from '../fixtures/vectors';

type Json = Record<string, unknown>;
const exchange = vectors.api_key_login_exchange as Json;
const at = (root: unknown, ...path: string[]): unknown => path.reduce<unknown>((node, key) => (node as Json)[key], root);
const hexAt = (...path: string[]): string => at(exchange, ...path) as string;
const content = (step: string): Json => at(exchange, step, 'secret_content') as Json;

/** Secret values of the three fixture items plus every key and the vector token. */
function fixtureSecrets(): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (node: unknown, key: string, where: string): void => {
    if (typeof node === 'string') {
      const isKey = /secret_key|private_key|_TEST_ONLY|^token$|api_key_secret|api_key_private/.test(key) && /^[0-9a-f]{64}([0-9a-f]{64})?$/.test(node);
      const isValue = /_password$|totp_code$|_notes$|^value$/.test(key) && node.length >= 6;
      if (isKey || isValue) {
        found.set(node, `${where}.${key}`);
      }
      return;
    }
    if (Array.isArray(node)) {
      node.forEach((item) => walk(item, key, where));
    } else if (typeof node === 'object' && node !== null) {
      for (const [name, value] of Object.entries(node)) {
        walk(value, name, where ? `${where}.${key}` : key);
      }
    }
  };
  walk(exchange, '', '');
  return found;
}

const seed: VaultSeed = {
  seed: 'lock-heap-test',
  user: {
    username: 'alice@example.com',
    privateKey: hexAt('derived_keys', 'user_private_key_TEST_ONLY'),
    secretKey: hexAt('derived_keys', 'user_secret_key_TEST_ONLY'),
  },
  datastores: [
    {
      type: 'password',
      secretKey: hexAt('step5_datastore_read', 'datastore_secret_key'),
      items: [
        { type: 'website_password', secretKey: hexAt('step7_secret_read', 'secret_key'), secret: content('step7_secret_read') },
        { type: 'totp', secretKey: hexAt('step7b_secret_read_totp_from_share', 'secret_key'), secret: content('step7b_secret_read_totp_from_share') },
        {
          type: 'application_password',
          secretKey: hexAt('step7c_secret_read_from_nested_item_share', 'secret_key'),
          secret: content('step7c_secret_read_from_nested_item_share'),
        },
      ],
    },
  ],
  apiKeys: [{ name: 'tray', privateKey: hexAt('credentials', 'api_key_private_key'), secretKey: hexAt('credentials', 'api_key_secret_key') }],
};

interface ChildReport {
  readonly before: string;
  readonly after: string;
  readonly entries: number;
  readonly revealedCount: number;
  readonly phase: string;
  readonly tokenHashes: string[];
}

function runChild(input: unknown): Promise<ChildReport> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./lock-heap.child.ts', import.meta.url))], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdin.end(JSON.stringify(input));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !line.startsWith('{')) {
        // stderr of the child carries only error class names (see the child), never values
        reject(new Error(`child exited with ${code}: ${stderr.slice(-2000)}`));
        return;
      }
      resolve(JSON.parse(line) as ChildReport);
    });
  });
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Every string in a heap snapshot (V8 keeps them in one table). */
async function snapshotStrings(path: string): Promise<string[]> {
  const parsed = JSON.parse(await readFile(path, 'utf8')) as { strings: string[] };
  return parsed.strings;
}

interface Findings {
  readonly secrets: string[];
  readonly tokens: number;
}

function scan(strings: readonly string[], secrets: ReadonlyMap<string, string>, tokenHashes: ReadonlySet<string>): Findings {
  const needles = [...secrets.keys()].map((secret) => [secret, secret.toLowerCase()] as const);
  const hits = new Set<string>();
  let tokens = 0;
  for (const text of strings) {
    const lower = text.toLowerCase();
    for (const [secret, needle] of needles) {
      if (lower.includes(needle)) {
        hits.add(secrets.get(secret)!);
      }
    }
    if (tokenHashes.size > 0) {
      const candidates = [text, ...(text.match(/[0-9a-zA-Z]{32,}/g) ?? [])];
      if (candidates.some((candidate) => tokenHashes.has(sha256(candidate)))) {
        tokens++;
      }
    }
  }
  return { secrets: [...hits].sort(), tokens };
}

describe('heap after lock (core + vault + LockService, child process, real HTTP)', () => {
  let server: DevServer;
  let outDir: string;

  before(async () => {
    server = await startDevServer({ seed });
    outDir = await mkdtemp(join(tmpdir(), 'lock-heap-'));
  });

  after(async () => {
    await server.close();
    await rm(outDir, { recursive: true, force: true });
  });

  it('the locked process holds no fixture secret value, key or token; the unlocked one did', { timeout: 240_000 }, async () => {
    const key = server.apiKey('tray');
    const report = await runChild({
      credentials: {
        serverUrl: key.serverUrl,
        apiKeyId: key.apiKeyId,
        privateKey: key.apiKeyPrivateKey,
        secretKey: key.apiKeySecretKey,
        serverSignature: key.serverSignature,
        serverPublicKey: key.serverPublicKey,
      },
      pin: 'heap-test-pin-7431',
      outDir,
    });
    assert.equal(report.phase, 'locked');
    assert.equal(report.entries, 3);
    assert.ok(report.revealedCount >= 6, 'the child read the secret fields');
    assert.ok(report.tokenHashes.length >= 1, 'a session token was used');

    const secrets = fixtureSecrets();
    for (const needle of [hexAt('credentials', 'api_key_private_key'), hexAt('credentials', 'api_key_secret_key'), 'c0rrect-h0rse']) {
      assert.ok(secrets.has(needle), 'fixture list covers the API key and the secret values');
    }
    const tokenHashes = new Set(report.tokenHashes);

    const unlocked = scan(await snapshotStrings(report.before), secrets, tokenHashes);
    // Control: while unlocked, the secret values and the token are in the heap, and the grep sees them.
    assert.ok(unlocked.secrets.length >= 3, `control: expected secret values before lock, found ${unlocked.secrets.length}`);
    assert.ok(unlocked.tokens >= 1, 'control: the token is found before lock');

    const locked = scan(await snapshotStrings(report.after), secrets, tokenHashes);
    assert.deepEqual(locked.secrets, [], 'fixture secrets (by fixture path) left in the heap after lock');
    assert.equal(locked.tokens, 0, 'session token left in the heap after lock');
  });
});
