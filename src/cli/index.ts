/** The full `psono` CLI (bundled to dist/cli/psono-main.cjs, loaded by the executable dist/cli/psono.cjs, see front.ts). */
import { randomUUID } from 'node:crypto';
import { readFileSync, realpathSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, resolve } from 'node:path';

import { NodeHttpTransport } from '../platform/http-transport';
import { LOCAL_FILES } from './credentials';
import { FailureError } from './args';
import { spawnChild } from './child';
import { copyToClipboard, CopyFailedError } from './clipboard/copy';
import { HOLD_COMMAND, holdClipboard } from './clipboard/holder';
import { clipboardTool, NoClipboardError } from './clipboard/tools';
import { fileKeyMemory, memoryFile } from './key-memory';
import { runCli, type Clipboard } from './run';

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

const argv = process.argv.slice(2);
const holding = argv[0] === HOLD_COMMAND;

// `psono ls | head -1`: the reader went away. Stop quietly instead of dying with a stack trace.
// The clipboard holder keeps running without its reader: it still has to clear the clipboard.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (holding) {
    return;
  }
  if (error.code === 'EPIPE') {
    process.exit(0);
  }
  process.stderr.write(`psono: cannot write output (${error.code ?? 'error'}).\n`);
  process.exit(1);
});

/** The clipboard tools' own errors carry messages written for the user. */
function userFacing(error: unknown): unknown {
  return error instanceof NoClipboardError || error instanceof CopyFailedError ? new FailureError(error.message) : error;
}

const clipboard: Clipboard = {
  check: () => {
    try {
      clipboardTool(process.env);
    } catch (error) {
      throw userFacing(error);
    }
  },
  copy: (value, clearSeconds) => copyToClipboard(value, clearSeconds, process.env).catch((error: unknown) => Promise.reject(userFacing(error))),
};

const version = packageVersion();

// No top-level await: the bundle is CommonJS.
void (holding ? holdClipboard(Number(argv[1]), process.env) : runCli(argv, {
  env: process.env,
  io: { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) },
  version,
  transport: (caBundlePem) => new NodeHttpTransport({ ...(caBundlePem === undefined ? {} : { caBundlePem }), userAgent: `psono-tray-cli/${version}` }),
  ...LOCAL_FILES,
  spawn: spawnChild,
  // A fresh device id per run: each run is its own short session, logged out at the end.
  deviceFingerprint: randomUUID(),
  deviceDescription: `psono CLI on ${hostname()}`,
  keyMemory: fileKeyMemory(memoryFile(process.env)),
  clipboard,
})).then((exitCode) => {
  process.exitCode = exitCode;
});
