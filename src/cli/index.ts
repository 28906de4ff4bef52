/** The full `psono` CLI (bundled to dist/cli/psono-main.cjs, loaded by the executable dist/cli/psono.cjs, see front.ts). */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, realpathSync } from 'node:fs';
import { constants, hostname } from 'node:os';
import { dirname, resolve } from 'node:path';

import { NodeHttpTransport } from '../platform/http-transport';
import { LOCAL_FILES } from './credentials';
import { fileKeyMemory, memoryFile } from './key-memory';
import { runCli, type ChildResult } from './run';

/** package.json's version, inlined by the build (scripts/build.mjs `define`). */
declare const __PSONO_TRAY_VERSION__: string | undefined;

/**
 * Unbundled (tsx), src/cli/index.ts sits two levels below package.json, as the bundle does. The real
 * path, because npm installs the command as a symlink in node_modules/.bin.
 */
function packageVersion(): string {
  if (typeof __PSONO_TRAY_VERSION__ === 'string') {
    return __PSONO_TRAY_VERSION__;
  }
  try {
    const script = realpathSync(process.argv[1] ?? '');
    const pkg = JSON.parse(readFileSync(resolve(dirname(script), '..', '..', 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** `run`'s child: stdio passed through; Ctrl+C reaches it from the terminal, other signals are forwarded. */
function runChild(command: string, args: readonly string[], env: Readonly<Record<string, string>>): Promise<ChildResult> {
  return new Promise((resolveResult) => {
    const child = spawn(command, [...args], { stdio: 'inherit', env });
    // Ctrl+C and Ctrl+\ from the terminal reach the child itself (same process group): the CLI only
    // outlives them to report its status. SIGTERM and SIGHUP sent to the CLI alone are passed on.
    const ignore = (): void => {};
    const forward = (signal: NodeJS.Signals): void => {
      child.kill(signal);
    };
    const handlers = [['SIGINT', ignore], ['SIGQUIT', ignore], ['SIGTERM', forward], ['SIGHUP', forward]] as const;
    handlers.forEach(([signal, handler]) => process.on(signal, handler));
    const done = (result: ChildResult): void => {
      handlers.forEach(([signal, handler]) => process.off(signal, handler));
      resolveResult(result);
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      done({ error: error.code === 'ENOENT' ? 'not-found' : error.code === 'EACCES' ? 'not-executable' : 'failed' });
    });
    child.once('exit', (code, signal) => {
      done({ exitCode: code ?? 128 + (signal === null ? 0 : (constants.signals[signal] ?? 0)) });
    });
  });
}

// `psono ls | head -1`: the reader went away. Stop quietly instead of dying with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') {
    process.exit(0);
  }
  process.stderr.write(`psono: cannot write output (${error.code ?? 'error'}).\n`);
  process.exit(1);
});

const version = packageVersion();

// No top-level await: the bundle is CommonJS.
void runCli(process.argv.slice(2), {
  env: process.env,
  io: { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) },
  version,
  transport: (caBundlePem) => new NodeHttpTransport({ ...(caBundlePem === undefined ? {} : { caBundlePem }), userAgent: `psono-tray-cli/${version}` }),
  ...LOCAL_FILES,
  spawn: runChild,
  // A fresh device id per run: each run is its own short session, logged out at the end.
  deviceFingerprint: randomUUID(),
  deviceDescription: `psono CLI on ${hostname()}`,
  keyMemory: fileKeyMemory(memoryFile(process.env)),
}).then((exitCode) => {
  process.exitCode = exitCode;
});
