/**
 * After lock and a forced GC, a V8 heap snapshot of the MAIN PROCESS (the real
 * src/main/app.ts run through the harness) holds none of the fixture's secret values, keys or
 * session tokens, nor the PIN; the renderer shows the locked screen and holds no entries.
 *
 * Three processes, so only the app is in the snapshot:
 *   this test      — fixtures, the seed's keys, the assertions;
 *   dev server     — heap-devserver.process.ts behind a proxy that reports the session tokens it saw;
 *   the app        — app-heap.child.ts: the harness running main, driven like a user.
 * The Chromium pages are separate processes and out of scope; the harness's Playwright client runs
 * in the app's process and is in scope (it carries what the user types and what pages receive).
 * The "before lock" snapshot is the control: the same grep must find a revealed secret there.
 * First run found the pasted API keys and the PIN held after lock by a closure made inside
 * SessionController.save (the PIN lock's "no pending profile" callback kept save's scope alive).
 */
import assert from 'node:assert/strict';
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';

import type { DevServerApiKey, VaultSeed } from '../../devserver/index';
import type { AppHeapReport } from './app-heap.child';
import { MAIN_VAULT_SEED, toSetupCredentials } from './helpers';

const PIN = 'heap-Pin-604917';
const TITLES = ['GitHub', 'Wifi', 'Script link', 'Build server', 'VPN token', 'Cloud console'];
const REPO = fileURLToPath(new URL('../..', import.meta.url));

const randomHex = (): string => randomBytes(32).toString('hex');

/** The fixture vault with every key given explicitly, so the test knows what to grep for. */
function seedWithKnownKeys(): { seed: VaultSeed; keys: Map<string, string> } {
  const seed = structuredClone(MAIN_VAULT_SEED);
  const keys = new Map<string, string>();
  const give = (node: Record<string, unknown>, field: string, label: string): void => {
    const hex = randomHex();
    node[field] = hex;
    keys.set(hex, label);
  };
  give(seed.user as unknown as Record<string, unknown>, 'privateKey', 'user private key');
  give(seed.user as unknown as Record<string, unknown>, 'secretKey', 'user secret key');
  const walk = (node: unknown, where: string): void => {
    if (Array.isArray(node)) {
      node.forEach((child, index) => walk(child, `${where}[${index}]`));
      return;
    }
    if (typeof node !== 'object' || node === null) {
      return;
    }
    const record = node as Record<string, unknown>;
    if (typeof record['type'] === 'string' && typeof record['secret'] === 'object') {
      give(record, 'secretKey', `secret key of ${where}`);
    }
    for (const [name, value] of Object.entries(record)) {
      if (name === 'items' || name === 'folders') {
        walk(value, `${where}.${name}`);
      }
    }
  };
  seed.datastores.forEach((datastore, index) => {
    give(datastore as unknown as Record<string, unknown>, 'secretKey', `datastore ${index} key`);
    walk(datastore, `datastore ${index}`);
  });
  return { seed, keys };
}

/** Every secret value in the fixture vault (each item secret's password, TOTP seed, notes). */
function secretValues(seed: VaultSeed): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
    } else if (typeof node === 'object' && node !== null) {
      for (const [name, value] of Object.entries(node)) {
        if (typeof value === 'string' && /_password$|totp_code$|_notes$/.test(name)) {
          found.set(value, name);
        } else {
          walk(value);
        }
      }
    }
  };
  walk(seed.datastores);
  return found;
}

class DevServerProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly key: DevServerApiKey,
  ) {}

  static async start(seed: VaultSeed): Promise<DevServerProcess> {
    const child = fork(fileURLToPath(new URL('./heap-devserver.process.ts', import.meta.url)), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    const ready = await DevServerProcess.answer<{ key: DevServerApiKey }>(child, 'ready', () => child.send({ type: 'start', seed }));
    return new DevServerProcess(child, ready.key);
  }

  private static answer<T>(child: ChildProcess, type: string, ask: () => void): Promise<T> {
    return new Promise((resolve, reject) => {
      const onMessage = (message: { type: string }): void => {
        if (message.type === type) {
          child.off('message', onMessage);
          child.off('exit', onExit);
          resolve(message as T);
        }
      };
      const onExit = (code: number | null): void => reject(new Error(`dev server process exited with ${code}`));
      child.on('message', onMessage);
      child.once('exit', onExit);
      ask();
    });
  }

  async tokens(): Promise<string[]> {
    return (await DevServerProcess.answer<{ tokens: string[] }>(this.child, 'tokens', () => this.child.send({ type: 'tokens' }))).tokens;
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) {
      return;
    }
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.send({ type: 'close' });
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    this.child.kill();
  }
}

function runApp(input: unknown): Promise<AppHeapReport> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--import', './test/harness/register.mjs', fileURLToPath(new URL('./app-heap.child.ts', import.meta.url))],
    { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] },
  );
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
        reject(new Error(`app process exited with ${code}: ${stderr.slice(-3000)}`));
        return;
      }
      resolve(JSON.parse(line) as AppHeapReport);
    });
  });
}

/** Every string in a heap snapshot (V8 keeps them in one table). */
async function snapshotStrings(path: string): Promise<string[]> {
  return (JSON.parse(await readFile(path, 'utf8')) as { strings: string[] }).strings;
}

/** Labels (never values) of the needles found in any string of the snapshot. */
function scan(strings: readonly string[], needles: ReadonlyMap<string, string>): string[] {
  const lowered = [...needles].map(([needle, label]) => [needle.toLowerCase(), label] as const);
  const hits = new Set<string>();
  for (const text of strings) {
    const lower = text.toLowerCase();
    for (const [needle, label] of lowered) {
      if (lower.includes(needle)) {
        hits.add(label);
      }
    }
  }
  return [...hits].sort();
}

describe('heap of the main process after lock (harness app, dev server in its own process)', () => {
  let server: DevServerProcess | null = null;
  let outDir = '';

  before(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'app-heap-'));
  });
  after(async () => {
    await server?.close();
    await rm(outDir, { recursive: true, force: true });
  });

  it('after tray Lock the app holds no secret value, key, token or PIN; the locked page shows no entries', { timeout: 600_000 }, async () => {
    const { seed, keys } = seedWithKnownKeys();
    server = await DevServerProcess.start(seed);
    const credentials = toSetupCredentials(server.key);
    const report = await runApp({ credentials, pin: PIN, outDir, titles: TITLES });
    const tokens = await server.tokens();

    assert.equal(report.phaseBefore, 'unlocked');
    assert.equal(report.copies, 5, 'the app copied two passwords, a note and two TOTP codes');
    assert.ok(report.revealed, 'a password was revealed in the detail view');
    assert.ok(tokens.length >= 2, 'a session was opened at setup and again at unlock');

    const needles = new Map<string, string>(secretValues(seed));
    assert.ok(needles.size >= 7, 'every fixture password, TOTP seed and note is searched for');
    for (const [hex, label] of keys) {
      needles.set(hex, label);
    }
    needles.set(credentials.apiKeyPrivateKey, 'API key private key');
    needles.set(credentials.apiKeySecretKey, 'API key secret key');
    tokens.forEach((token, index) => needles.set(token, `session token ${index + 1}`));
    needles.set(PIN, 'PIN');

    // Control: while unlocked, the grep finds revealed secrets (so the "after" grep can fail).
    const unlocked = scan(await snapshotStrings(report.before), needles);
    assert.ok(unlocked.includes('application_password_password'), `control: the revealed password is in the unlocked heap (found: ${unlocked.join(', ')})`);
    assert.ok(unlocked.some((label) => label.startsWith('session token')), 'control: the live session token is in the unlocked heap');

    const locked = scan(await snapshotStrings(report.after), needles);
    assert.deepEqual(locked, [], 'secrets (by label) left in the main process heap after lock');

    assert.equal(report.phase, 'locked');
    assert.ok(report.lockedScreen, 'the renderer shows the locked screen');
    assert.equal(report.lockReason, 'You locked the app.');
    assert.equal(report.resultRowsWhenLocked, 0);
    assert.deepEqual(report.titlesInLockedDom, [], 'entry titles in the locked page');
  });
});
