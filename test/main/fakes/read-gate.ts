/**
 * Holds reads back until `release()`, so that a test can begin a lock while one is under way. A
 * fake vault extends it and awaits `pass()` after a read has its value.
 */
export class ReadGate {
  #held: Promise<void> | null = null;
  #release = (): void => undefined;
  #markStarted = (): void => undefined;
  /** Resolves when a held read started. */
  started: Promise<void> = Promise.resolve();

  hold(): void {
    this.#held = new Promise((resolve) => (this.#release = resolve));
    this.started = new Promise((resolve) => (this.#markStarted = resolve));
  }

  release(): void {
    this.#release();
    this.#held = null;
  }

  /** Returns at once, or once released while held. */
  async pass(): Promise<void> {
    if (this.#held) {
      this.#markStarted();
      await this.#held;
    }
  }
}
