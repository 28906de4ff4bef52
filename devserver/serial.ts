/**
 * One request at a time with a cost per request and per response byte, as a single-process
 * Python deployment serves: requests wait in a queue; the cost is paid while holding it.
 */
export interface RequestCost {
  /** Milliseconds every request costs. */
  readonly requestMs: number;
  /** Microseconds per response byte (encrypting and rendering large answers). */
  readonly byteUs: number;
}

export function costMs(cost: RequestCost, responseBytes: number): number {
  return cost.requestMs + (cost.byteUs * responseBytes) / 1000;
}

export function sleep(ms: number): Promise<void> {
  return ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms));
}

/** A FIFO lock: `run` starts a task once every earlier task has finished. */
export class SerialQueue {
  #tail: Promise<void> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task);
    this.#tail = result.then(() => undefined, () => undefined);
    return result;
  }
}
