/**
 * No core dumps of the main process on Linux: a dump would write the vault and the API key's
 * secrets to disk. Node has no setrlimit, so util-linux's prlimit(1) sets RLIMIT_CORE=0 (soft and
 * hard, so it cannot be raised again) on our own pid; processes the app starts afterwards inherit
 * it. A missing or failing prlimit is logged and the app runs on. Same-user memory reads are shut
 * with prctl(PR_SET_DUMPABLE, 0), called through koffi's prebuilt FFI (Node has no prctl either).
 * docs/SECURITY.md says what each platform gets.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';

import type Koffi from 'koffi';

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

const PR_GET_DUMPABLE = 3;
const PR_SET_DUMPABLE = 4;

/** prctl(2) with two arguments (the rest 0); returns its result (-1 on failure). */
export type Prctl = (option: number, value: number) => number;

/** libc's prctl, looked up in this process's own symbols (glibc and musl alike). */
export async function libcPrctl(): Promise<Prctl> {
  // Loaded here, not at the top: a native module that only Linux loads. The CommonJS bundle
  // requires it (Electron resolves require() inside app.asar); under the ESM test loader, where
  // there is no require, its module.exports arrive as the default export.
  const koffi: typeof Koffi = typeof require === 'function'
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
    ? (require('koffi') as typeof Koffi)
    : (await import('koffi')).default;
  const prctl = koffi.load(null).func('int prctl(int, unsigned long, unsigned long, unsigned long, unsigned long)') as (...args: number[]) => number;
  return (option, value) => prctl(option, value, 0, 0, 0);
}

export interface DumpableOptions {
  readonly platform: NodeJS.Platform;
  readonly log: { info(message: string): void; warn(message: string): void };
  /** Default: libcPrctl. */
  readonly prctl?: () => Promise<Prctl>;
}

/**
 * PR_SET_DUMPABLE=0 on Linux: other processes of the same user can no longer ptrace this one or
 * read its /proc/<pid>/mem, and the kernel writes no core dump of it. Resolves true once the kernel
 * reports the process not dumpable; false elsewhere, or (logged) when the call is not possible.
 */
export async function disableMemoryReads(options: DumpableOptions): Promise<boolean> {
  if (options.platform !== 'linux') {
    return false;
  }
  try {
    const prctl = await (options.prctl ?? libcPrctl)();
    if (prctl(PR_SET_DUMPABLE, 0) !== 0 || prctl(PR_GET_DUMPABLE, 0) !== 0) {
      options.log.warn('same-user memory reads stay as the system allows them: prctl(PR_SET_DUMPABLE) failed');
      return false;
    }
  } catch {
    options.log.warn('same-user memory reads stay as the system allows them: prctl could not be called');
    return false;
  }
  options.log.info('same-user memory reads and core dumps disabled (PR_SET_DUMPABLE=0)');
  return true;
}
