/** Entry point of the `psono-tray` command (bundled to dist/cli/psono-tray.cjs). */
import { randomUUID } from 'node:crypto';
import { readFileSync, realpathSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, resolve } from 'node:path';

import { NodeHttpTransport } from '../platform/http-transport';
import { runCli } from './run';

/**
 * src/cli/index.ts and dist/cli/psono-tray.cjs both sit two levels below package.json. The real
 * path, because npm installs the command as a symlink in node_modules/.bin.
 */
function packageVersion(): string {
  try {
    const script = realpathSync(process.argv[1] ?? '');
    const pkg = JSON.parse(readFileSync(resolve(dirname(script), '..', '..', 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

function write(stream: NodeJS.WriteStream, text: string): void {
  stream.write(text);
}

// `psono-tray ls | head -1`: the reader went away. Stop quietly instead of dying with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') {
    process.exit(0);
  }
  process.stderr.write(`psono-tray: cannot write output (${error.code ?? 'error'}).\n`);
  process.exit(1);
});

// No top-level await: the bundle is CommonJS.
void runCli(process.argv.slice(2), {
  env: process.env,
  io: { stdout: (text) => write(process.stdout, text), stderr: (text) => write(process.stderr, text) },
  version: packageVersion(),
  transport: (caBundlePem) => new NodeHttpTransport({ ...(caBundlePem === undefined ? {} : { caBundlePem }), userAgent: `psono-tray-cli/${packageVersion()}` }),
  readFile: (path) => readFileSync(path, 'utf8'),
  // A fresh device id per run: each run is its own short session, logged out at the end.
  deviceFingerprint: randomUUID(),
  deviceDescription: `psono-tray CLI on ${hostname()}`,
}).then((exitCode) => {
  process.exitCode = exitCode;
});
