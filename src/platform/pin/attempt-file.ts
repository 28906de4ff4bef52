/**
 * The failure counter of a version-1 PIN record, which kept it in a JSON file in the user-data
 * folder. Read once, when such a record meets its first attempt: from then on the record itself
 * carries the counter and the file is removed. A missing file means the counter is lost (the
 * record's key is then treated as erased); a file that cannot be parsed counts as
 * MAX_PIN_FAILURES − 1 failures with no delay.
 */
import { readFile, rm } from 'node:fs/promises';

import { MAX_PIN_FAILURES } from './pin-lock';
import type { PinAttempts } from './wrapped-keys';

/** Where a version-1 record's counter lives; PinLock reads it once and then removes it. */
export interface LegacyAttemptSource {
  /** null: no counter stored. */
  read(): Promise<PinAttempts | null>;
  remove(): Promise<void>;
}

export class LegacyAttemptFile implements LegacyAttemptSource {
  readonly #path: string;

  constructor(path: string) {
    this.#path = path;
  }

  async read(): Promise<PinAttempts | null> {
    let text: string;
    try {
      text = await readFile(this.#path, 'utf8');
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === 'ENOENT') {
        return null;
      }
      throw cause;
    }
    try {
      const { failures, notBefore } = JSON.parse(text) as Partial<Record<keyof PinAttempts, unknown>>;
      if (typeof failures === 'number' && Number.isInteger(failures) && failures >= 0 && typeof notBefore === 'number') {
        return { failures, notBefore };
      }
    } catch {
      // fall through to the conservative value
    }
    return { failures: MAX_PIN_FAILURES - 1, notBefore: 0 };
  }

  async remove(): Promise<void> {
    await rm(this.#path, { force: true });
  }
}
