/**
 * Frecency: how often and how lately an entry was used, as one number. Each use counts
 * 2^(−age / half-life), so a use today counts 1, a week ago ½, two weeks ago ¼; the score is the sum
 * over the recorded uses. Search uses it only to order entries that are otherwise equally good.
 */

export const FRECENCY_HALF_LIFE_MS = 7 * 24 * 60 * 60 * 1000;

/** One recorded use: which entry, when (ms since the epoch). */
export interface Use {
  readonly id: string;
  readonly at: number;
}

/** Frecency per entry id from `uses`, at time `now`; a use "in the future" (clock changed) counts as now. */
export function frecencyScores(uses: readonly Use[], now: number, halfLifeMs = FRECENCY_HALF_LIFE_MS): Map<string, number> {
  const scores = new Map<string, number>();
  for (const use of uses) {
    const age = Math.max(0, now - use.at);
    scores.set(use.id, (scores.get(use.id) ?? 0) + 2 ** (-age / halfLifeMs));
  }
  return scores;
}
