/**
 * Which entries were used and when, in <userData>/usage.json: entry ids and times only, never a
 * title, the last USAGE_LIMIT uses. Main alone reads and writes it; search turns it into frecency.
 * Kept on lock (see docs/SECURITY.md), wiped with the profile, by "Clear usage history", and ignored
 * while the recordUsage setting is off.
 */
import path from 'node:path';

import { z } from 'zod';

import { frecencyScores, type Use } from '../../core/search';
import { JsonFile } from '../settings/json-file';

/** Enough for a month of daily use; the file stays a few tens of kilobytes. */
export const USAGE_LIMIT = 500;

const usageSchema = z.object({
  version: z.literal(1),
  uses: z.array(z.object({ id: z.string().min(1).max(200), at: z.number().int().nonnegative() }).strict()).max(USAGE_LIMIT),
});

type UsageFile = z.infer<typeof usageSchema>;

/** What entry actions (copy, reveal, open URL, auto-type) call after they succeeded. */
export type RecordUse = (itemId: string) => void;

export interface UsageStoreOptions {
  readonly userDataDir: string;
  /** The recordUsage setting: off stops recording and makes the stored uses count for nothing. */
  readonly enabled: () => boolean;
  readonly now?: () => number;
  /** A failed write (the uses stay in memory). */
  readonly onSaveError?: (error: unknown) => void;
}

export class UsageStore {
  readonly #file: JsonFile<typeof usageSchema>;
  readonly #options: UsageStoreOptions;
  #uses: Use[] = [];
  /**
   * Frecency by id, worked out once per change (search reads it on every keystroke). Time passing
   * scales every score by the same factor, so a cached map still orders entries correctly.
   */
  #scores: Map<string, number> | null = null;
  /** The last write started by recordUse (writes are serialised by JsonFile). */
  #pending: Promise<void> = Promise.resolve();

  constructor(options: UsageStoreOptions) {
    this.#options = options;
    this.#file = new JsonFile(path.join(options.userDataDir, 'usage.json'), usageSchema, (): UsageFile => ({ version: 1, uses: [] }));
  }

  get filePath(): string {
    return this.#file.filePath;
  }

  /** Returns a warning if the file was unusable (it is then set aside and usage starts empty). */
  async load(): Promise<string | null> {
    const { value, warning } = await this.#file.load();
    this.#uses = value.uses;
    this.#scores = null;
    return warning;
  }

  /** Records a use of `itemId` now (nothing while recording is off). Not awaited by callers: usage never delays an action. */
  readonly recordUse: RecordUse = (itemId) => {
    if (!this.#options.enabled()) {
      return;
    }
    this.#uses = [...this.#uses, { id: itemId, at: Math.round(this.#now()) }].slice(-USAGE_LIMIT);
    this.#scores = null;
    this.#save();
  };

  /** Frecency of `itemId` (0 if never used or recording is off). */
  frecency(itemId: string): number {
    if (!this.#options.enabled()) {
      return 0;
    }
    this.#scores ??= frecencyScores(this.#uses, this.#now());
    return this.#scores.get(itemId) ?? 0;
  }

  get count(): number {
    return this.#uses.length;
  }

  async clear(): Promise<void> {
    this.#uses = [];
    this.#scores = null;
    await this.#file.save({ version: 1, uses: [] });
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }

  /** Settles when every recorded use is on disk (quit waits for it). */
  flush(): Promise<void> {
    return this.#pending;
  }

  #save(): void {
    this.#pending = this.#file.save({ version: 1, uses: this.#uses }).catch((error: unknown) => this.#options.onSaveError?.(error));
  }
}
