// Fake wall clock + timers shared by the main-process lock tests.
import type { IntervalTimers } from '../../src/main/lock';

/** One fake wall clock driving both the machine and the service's timers. */
export class FakeTime implements IntervalTimers {
  time = Date.UTC(2026, 10, 29, 9, 0, 0);
  #next = 1;
  readonly #timers = new Map<number, { at: number; every: number | null; callback: () => void }>();

  now(): number {
    return this.time;
  }
  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.#next++;
    this.#timers.set(id, { at: this.time + ms, every: null, callback });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.#timers.delete(handle as number);
  }
  setInterval(callback: () => void, ms: number): unknown {
    const id = this.#next++;
    this.#timers.set(id, { at: this.time + ms, every: ms, callback });
    return id;
  }
  clearInterval(handle: unknown): void {
    this.#timers.delete(handle as number);
  }
  get active(): number {
    return this.#timers.size;
  }
  /** Moves time forward, firing due timers in order and letting promises settle between them. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.#timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) {
        break;
      }
      const [id, timer] = due;
      this.time = Math.max(this.time, timer.at);
      if (timer.every === null) {
        this.#timers.delete(id);
      } else {
        timer.at += timer.every;
      }
      timer.callback();
      await settle();
    }
    this.time = end;
    await settle();
  }
  /** The machine is suspended: the wall clock moves, no timer fires. */
  sleep(ms: number): void {
    this.time += ms;
    for (const timer of this.#timers.values()) {
      timer.at += ms;
    }
  }
}

export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

