/**
 * DRF's SimpleRateThrottle as upstream configures it for `api_key_login` (default 60/hour, keyed by
 * client address): a sliding window of request times; a refusal says how long until a slot frees.
 */
export class RateThrottle {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #history = new Map<string, number[]>();

  constructor(limit: number, windowMs: number) {
    this.#limit = limit;
    this.#windowMs = windowMs;
  }

  /** Records the request and returns undefined, or returns the Retry-After seconds of a refusal. */
  check(key: string, now: number): number | undefined {
    const history = (this.#history.get(key) ?? []).filter((at) => at > now - this.#windowMs);
    this.#history.set(key, history);
    if (history.length < this.#limit) {
      history.push(now);
      return undefined;
    }
    // DRF: the time until the oldest request in the window leaves it (history is oldest first here).
    const remaining = this.#windowMs - (now - history[0]!);
    return Math.max(1, Math.ceil(remaining / 1000));
  }
}
