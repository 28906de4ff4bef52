/**
 * A small JSON file in the user-data folder: validated on load, written atomically (write a
 * temporary file, fsync, rename over the old one). A file that does not parse or validate is kept
 * aside as `<name>.corrupt-<time>` and the defaults are used, with a message for the user.
 */
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

import type { z } from 'zod';

export interface LoadResult<T> {
  readonly value: T;
  /** Set when the file was unusable and moved aside. */
  readonly warning: string | null;
}

export class JsonFile<S extends z.ZodType> {
  #writing: Promise<void> = Promise.resolve();

  constructor(
    readonly filePath: string,
    private readonly schema: S,
    private readonly defaults: () => z.output<S>,
  ) {}

  async load(): Promise<LoadResult<z.output<S>>> {
    let text: string;
    try {
      text = await readFile(this.filePath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return { value: this.defaults(), warning: null };
      }
      throw error;
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return this.#setAside('it is not valid JSON');
    }
    const parsed = this.schema.safeParse(data);
    if (!parsed.success) {
      return this.#setAside('its contents are not valid');
    }
    return { value: parsed.data, warning: null };
  }

  async #setAside(why: string): Promise<LoadResult<z.output<S>>> {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const aside = `${this.filePath}.corrupt-${stamp}`;
    await rename(this.filePath, aside);
    const name = path.basename(this.filePath);
    return {
      value: this.defaults(),
      warning: `${name} could not be read because ${why}; it was kept as ${path.basename(aside)} and the defaults are used.`,
    };
  }

  /** Serialised: concurrent saves land in call order, each one complete. */
  save(value: z.output<S>): Promise<void> {
    const checked = this.schema.parse(value);
    const next = this.#writing.then(() => this.#writeAtomically(`${JSON.stringify(checked, null, 2)}\n`));
    this.#writing = next.catch(() => undefined);
    return next;
  }

  async #writeAtomically(text: string): Promise<void> {
    await mkdir(path.dirname(this.filePath), { recursive: true, mode: 0o700 });
    const temporary = `${this.filePath}.tmp-${process.pid}`;
    const handle = await open(temporary, 'w', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(temporary, this.filePath);
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      throw error;
    }
  }
}
