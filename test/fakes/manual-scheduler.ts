/** A clock the test moves by hand, so countdowns and re-mask timers run without waiting. */
import type { Scheduler } from '../../src/renderer/store/scheduler';

export class ManualScheduler implements Scheduler {
  private time = 1_700_000_000_000;
  private nextHandle = 1;
  private readonly intervals = new Map<number, { callback: () => void; ms: number; due: number }>();

  now(): number {
    return this.time;
  }

  setInterval(callback: () => void, ms: number): number {
    const handle = this.nextHandle++;
    this.intervals.set(handle, { callback, ms, due: this.time + ms });
    return handle;
  }

  clearInterval(handle: number): void {
    this.intervals.delete(handle);
  }

  get activeIntervals(): number {
    return this.intervals.size;
  }

  /** Moves time forward, firing every interval that falls due on the way, in order. */
  advance(ms: number): void {
    const target = this.time + ms;
    for (;;) {
      let next: [number, { callback: () => void; ms: number; due: number }] | null = null;
      for (const entry of this.intervals) {
        if (entry[1].due <= target && (next === null || entry[1].due < next[1].due)) {
          next = entry;
        }
      }
      if (next === null) {
        break;
      }
      const [, timer] = next;
      this.time = timer.due;
      timer.due += timer.ms;
      timer.callback();
    }
    this.time = target;
  }
}
