/**
 * Builds the CLI exactly as scripts/build.mjs does (same esbuild options), but into a private temp
 * directory so a concurrent `npm run build` (which empties dist/) cannot pull it away mid-test;
 * then runs it as a child process.
 */
import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { build } from 'esbuild';

import { cliEnvironment, startDevServer, type DevServer, type DevServerOptions, type VaultSeed } from '../../devserver/index';

export interface BuiltCli {
  readonly path: string;
  cleanup(): void;
}

export async function buildCli(): Promise<BuiltCli> {
  const root = mkdtempSync(join(tmpdir(), 'psono-tray-cli-'));
  const out = join(root, 'dist', 'cli', 'psono.cjs');
  mkdirSync(join(root, 'dist', 'cli'), { recursive: true });
  const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', banner: { js: '#!/usr/bin/env node' }, logLevel: 'error', legalComments: 'none' } as const;
  const define = { 'process.env.PSONO_TRAY_DEV': '"0"', __PSONO_TRAY_VERSION__: JSON.stringify((JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version) };
  await Promise.all([
    build({ ...common, entryPoints: ['src/cli/front.ts'], outfile: out, define }),
    build({ ...common, entryPoints: ['src/cli/index.ts'], outfile: join(root, 'dist', 'cli', 'psono-main.cjs'), external: ['@github/keytar'], define }),
  ]);
  return { path: out, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

let cacheHome: string | null = null;

/** One cache folder per test process, so the CLI's key memory never reaches the real home. */
export function testCacheHome(): string {
  if (cacheHome === null) {
    const made = mkdtempSync(join(tmpdir(), 'psono-tray-cache-'));
    process.once('exit', () => rmSync(made, { recursive: true, force: true }));
    cacheHome = made;
  }
  return cacheHome;
}

export function runCli(cli: BuiltCli, args: readonly string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve) => {
    // A clean environment: only PATH, a cache folder of this test process, and the credentials under test.
    execFile(process.execPath, [cli.path, ...args], { env: { PATH: process.env['PATH'] ?? '', XDG_CACHE_HOME: testCacheHome(), ...env }, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error && typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : error ? -1 : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** An independent TOTP (node:crypto HMAC, RFC 6238) to check the CLI's codes against. */
export function referenceTotp(base32: string, unixSeconds: number, digits: number, period: number, algorithm: 'sha1' | 'sha256' | 'sha512'): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const clean = base32.replace(/[\s=-]/g, '').toUpperCase();
  let bits = '';
  for (const char of clean) {
    bits += alphabet.indexOf(char).toString(2).padStart(5, '0');
  }
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((byte) => parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(unixSeconds / period)));
  const mac = createHmac(algorithm, key).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const value = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(value % 10 ** digits).padStart(digits, '0');
}

/** A vault seed by name: `demo` is the dev server's demo vault, others are test/fixtures/vaults/NAME.json. */
export function vaultSeed(name: string): VaultSeed {
  const url = name === 'demo' ? new URL('../../devserver/vaults/demo.json', import.meta.url) : new URL(`../fixtures/vaults/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as VaultSeed;
}

/** What every CLI test file starts with: the dev server, the built CLI, and the environment of one API key. */
export interface CliTestbed {
  readonly server: DevServer;
  readonly cli: BuiltCli;
  readonly env: Record<string, string>;
  close(): Promise<void>;
}

export async function startCliTestbed(options: Omit<DevServerOptions, 'seed'> & { readonly seed: VaultSeed | string; readonly apiKey: string }): Promise<CliTestbed> {
  const { seed, apiKey, ...serverOptions } = options;
  const [server, cli] = await Promise.all([startDevServer({ ...serverOptions, seed: typeof seed === 'string' ? vaultSeed(seed) : seed }), buildCli()]);
  return {
    server,
    cli,
    env: cliEnvironment(server.apiKey(apiKey)),
    close: async () => {
      await server.close();
      cli.cleanup();
    },
  };
}
