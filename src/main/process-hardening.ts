/**
 * No core dumps of the main process on Linux: a dump would write the vault and the API key's
 * secrets to disk. Node has no setrlimit, so util-linux's prlimit(1) sets RLIMIT_CORE=0 (soft and
 * hard, so it cannot be raised again) on our own pid; processes the app starts afterwards inherit
 * it. A missing or failing prlimit is logged and the app runs on. PR_SET_DUMPABLE needs a native
 * call that no maintained package offers; docs/SECURITY.md says what each platform gets.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Fixed locations, not a PATH look-up (Debian/Ubuntu/Fedora/Arch keep it in one of these). */
const PRLIMIT_PATHS = ['/usr/bin/prlimit', '/bin/prlimit'] as const;

export interface CoreDumpOptions {
  readonly platform: NodeJS.Platform;
  /** Default: this process. */
  readonly pid?: number;
  readonly log: { info(message: string): void; warn(message: string): void };
  /** Default: the first of PRLIMIT_PATHS that exists. */
  readonly prlimitPath?: string | null;
}

/** Resolves true once RLIMIT_CORE is 0; false where that is not done (other platforms, no prlimit). */
export function disableCoreDumps(options: CoreDumpOptions): Promise<boolean> {
  if (options.platform !== 'linux') {
    return Promise.resolve(false);
  }
  const prlimit = options.prlimitPath === undefined ? (PRLIMIT_PATHS.find((candidate) => existsSync(candidate)) ?? null) : options.prlimitPath;
  if (prlimit === null) {
    options.log.warn('core dumps stay as the system sets them: prlimit (util-linux) was not found');
    return Promise.resolve(false);
  }
  const pid = options.pid ?? process.pid;
  return new Promise((resolve) => {
    execFile(prlimit, [`--pid=${pid}`, '--core=0:0'], { timeout: 5_000, env: {} }, (error) => {
      if (error) {
        options.log.warn('core dumps stay as the system sets them: prlimit failed');
        resolve(false);
        return;
      }
      options.log.info('core dumps disabled (RLIMIT_CORE=0)');
      resolve(true);
    });
  });
}
