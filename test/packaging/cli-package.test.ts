/**
 * The npm package of the CLI: `npm run pack:cli` packs the built dist/cli, `npm install -g --prefix
 * TMP ./psono-cli-X.tgz --offline` installs it with no registry, and the installed `psono` runs against
 * the dev server on loopback with only PATH and the credentials in its environment.
 */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { cliEnvironment, startDevServer, type DevServer, type VaultSeed } from '../../devserver/index';
import { HAS_XCLIP, readClipboard, startXvfb } from '../integration/xvfb';

const demo = JSON.parse(readFileSync(new URL('../../devserver/vaults/demo.json', import.meta.url), 'utf8')) as VaultSeed;
const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
const skip = existsSync('dist/cli/psono.cjs') ? false : 'dist/cli is not built yet (npm run build)';

interface Run { code: number; stdout: string; stderr: string }

describe('psono-cli: packed, installed offline, run', { skip, timeout: 180_000 }, () => {
  let work = '';
  let tarball = '';
  let psono = '';
  let server: DevServer;

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'psono-cli-package-'));
    // A private copy, so a concurrent `npm run build` (which empties dist/) cannot pull it away.
    cpSync('dist/cli', join(work, 'built'), { recursive: true });
    const packed = spawnSync(process.execPath, ['scripts/pack-cli.mjs', '--from', join(work, 'built'), '--out', join(work, 'out')], { encoding: 'utf8' });
    assert.equal(packed.status, 0, packed.stderr);
    tarball = packed.stdout.trim();
    const prefix = join(work, 'prefix');
    // No registry at all: a dead proxy and an unreachable registry make any download fail at once.
    const installed = spawnSync('npm', ['install', '-g', '--prefix', prefix, tarball, '--offline', '--no-audit', '--no-fund'], {
      encoding: 'utf8',
      env: { ...process.env, npm_config_registry: 'http://127.0.0.1:9/', HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9', npm_config_cache: join(work, 'npm-cache') },
    });
    assert.equal(installed.status, 0, installed.stderr);
    psono = join(prefix, 'bin', 'psono');
    server = await startDevServer({ seed: demo });
  });

  after(async () => {
    await server?.close();
    if (work !== '') {
      rmSync(work, { recursive: true, force: true });
    }
  });

  const run = (args: string[], env: Record<string, string>): Promise<Run> => new Promise((resolve) => {
    execFile(psono, args, { env: { PATH: process.env['PATH'] ?? '', ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error && typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : error ? -1 : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });

  test('the tarball is psono-cli with the executable psono, no dependencies, and only the two bundles, notices and README', () => {
    assert.equal(tarball.endsWith(`psono-cli-${version}.tgz`), true, tarball);
    const listing = spawnSync('tar', ['tzf', tarball], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).sort();
    assert.deepEqual(listing, ['package/README.md', 'package/THIRD_PARTY_NOTICES.txt', 'package/package.json', 'package/psono-main.cjs', 'package/psono.cjs']);
    const manifest = JSON.parse(spawnSync('tar', ['xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }).stdout) as Record<string, unknown>;
    assert.equal(manifest['name'], 'psono-cli');
    assert.equal(manifest['version'], version);
    assert.deepEqual(manifest['bin'], { psono: 'psono.cjs' });
    assert.equal(manifest['license'], 'Apache-2.0');
    assert.equal(manifest['dependencies'], undefined);
    assert.deepEqual(readdirSync(join(work, 'prefix', 'bin')), ['psono']);
  });

  test('psono --version and help name the command psono', async () => {
    assert.deepEqual(await run(['--version'], {}), { code: 0, stdout: `psono ${version}\n`, stderr: '' });
    const help = await run(['help', 'get'], {});
    assert.match(help.stdout, /^Usage: psono get /);
  });

  test('psono ls --json and get --field against the dev server', async () => {
    const env = cliEnvironment(server.apiKey('demo'));
    const ls = await run(['ls', '--json'], env);
    assert.equal(ls.code, 0, ls.stderr);
    const entries = JSON.parse(ls.stdout) as { title: string }[];
    assert.ok(entries.some((entry) => entry.title === 'Build server'), ls.stdout.slice(0, 500));
    assert.deepEqual(await run(['get', 'Build server', '--field', 'password', '-n', '-q'], env), { code: 0, stdout: 'b4ild-S3rver!', stderr: '' });
  });

  test('every command of the installed psono, through an agent and without one', async () => {
    const env = { ...cliEnvironment(server.apiKey('demo')), XDG_RUNTIME_DIR: join(work, 'runtime') };
    const commands = [['ls', '-q'], ['search', 'mail', '-q'], ['get', 'Build server', '-q'], ['totp', 'Game account 2FA', '-q'], ['env', 'Staging API', '-q'], ['run', '-q', '--entry', 'Staging API', '--', 'printenv', 'API_URL'], ['completions', 'bash']];
    const direct = await Promise.all(commands.map((args) => run(args, env)));
    direct.forEach((result, i) => {
      assert.equal(result.code, 0, `${commands[i]!.join(' ')}: ${result.stderr}`);
      assert.notEqual(result.stdout, '', commands[i]!.join(' '));
    });
    assert.equal((await run(['agent', 'start', '-q'], env)).code, 0);
    try {
      for (const [i, args] of commands.entries()) {
        const viaAgent = await run(args, env);
        // totp codes may roll over between the two calls; the rest is the same byte for byte.
        assert.deepEqual(args[0] === 'totp' ? { ...viaAgent, stdout: '' } : viaAgent, args[0] === 'totp' ? { ...direct[i]!, stdout: '' } : direct[i], args.join(' '));
      }
    } finally {
      assert.equal((await run(['lock'], env)).stderr, 'psono: agent locked and ended.\n');
    }
  });

  test('psono copy of the installed psono: on the clipboard, cleared after --clear, and its error path', { skip: HAS_XCLIP ? false : 'needs Xvfb and xclip' }, async () => {
    const x = await startXvfb();
    try {
      const env = { ...cliEnvironment(server.apiKey('demo')), DISPLAY: x.display };
      assert.deepEqual(await run(['copy', 'Work/Build server', '--clear', '1', '-q'], env), { code: 0, stdout: '', stderr: '' });
      assert.equal(readClipboard(x.display), 'b4ild-S3rver!');
      const until = Date.now() + 10_000;
      while (readClipboard(x.display) !== null && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.equal(readClipboard(x.display), null, 'cleared by the detached holder');
      const headless = await run(['copy', 'Work/Build server', '-q'], cliEnvironment(server.apiKey('demo')));
      assert.equal(headless.code, 1);
      assert.match(headless.stderr, /^psono: no display to copy to/);
    } finally {
      x.stop();
    }
  });

  test('error paths of the installed psono: not found, usage, bad credentials, unreachable server', async () => {
    const env = cliEnvironment(server.apiKey('demo'));
    const cases: [string[], Record<string, string>, number, RegExp][] = [
      [['get', 'no such entry', '-q'], env, 3, /^psono: no entry matches "no such entry"/],
      [['get', 'Build server', '--field', 'colour', '-q'], env, 2, /unknown field "colour"/],
      [['frobnicate'], env, 2, /^psono: unknown command "frobnicate"/],
      [['ls', '-q'], { ...env, PSONO_API_KEY_SECRET_KEY: '00'.repeat(32) }, 1, /^psono: /],
      [['ls', '-q'], { ...env, PSONO_SERVER_URL: 'http://127.0.0.1:9/server' }, 1, /Cannot reach the Psono server/],
    ];
    for (const [args, caseEnv, code, pattern] of cases) {
      const result = await run(args, caseEnv);
      assert.equal(result.code, code, `${args.join(' ')}: ${result.stderr}`);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, pattern);
    }
  });

  test('an error path of the installed command: missing credentials exit 2 with one line', async () => {
    const result = await run(['ls'], {});
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^psono: missing environment variables [^\n]*\n$/);
  });
});
