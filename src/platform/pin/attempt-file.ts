/**
 * Failure counter kept in a small JSON file in the user-data folder (not secret, but it must
 * survive restarts). Written atomically (temp file + rename, mode 0600). A missing file means no
 * failures; a file that cannot be parsed is treated as MAX_PIN_FAILURES − 1 failures with no
 * delay, so tampering with it never buys more than one extra guess before the erase.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

import { MAX_PIN_FAILURES, NO_ATTEMPTS, type AttemptState, type AttemptStore } from './pin-lock';

export class FileAttemptStore implements AttemptStore {
  readonly #path: string;

  constructor(path: string) {
    this.#path = path;
  }

  async read(): Promise<AttemptState> {
    let text: string;
    try {
      text = await readFile(this.#path, 'utf8');
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === 'ENOENT') {
        return NO_ATTEMPTS;
      }
      throw cause;
    }
    try {
      const value = JSON.parse(text) as Partial<Record<keyof AttemptState, unknown>>;
      const { failures, notBefore, erased } = value;
      if (typeof failures === 'number' && Number.isInteger(failures) && failures >= 0 && typeof notBefore === 'number' && typeof erased === 'boolean') {
        return { failures, notBefore, erased };
      }
    } catch {
      // fall through to the conservative value
    }
    return { failures: MAX_PIN_FAILURES - 1, notBefore: 0, erased: false };
  }

  async write(state: AttemptState): Promise<void> {
    await mkdir(dirname(this.#path), { recursive: true, mode: 0o700 });
    const temporary = `${this.#path}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temporary, JSON.stringify(state), { mode: 0o600 });
    await rename(temporary, this.#path);
  }
}
