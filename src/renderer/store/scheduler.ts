/** Time as the store sees it; tests pass a manual clock so countdowns run without waiting. */
export interface Scheduler {
  now(): number;
  setInterval(callback: () => void, ms: number): number;
  clearInterval(handle: number): void;
}

export const browserScheduler: Scheduler = {
  now: () => Date.now(),
  setInterval: (callback, ms) => window.setInterval(callback, ms),
  clearInterval: (handle) => window.clearInterval(handle),
};
