/**
 * Ahead-of-time work in short slices while the client waits on the network (used during unlock:
 * the shares are requested, their answers are awaited). Runtime-neutral: only timers.
 */

export interface IdleSignals {
  /** The work is no longer wanted (the awaited answers are all in): stop now. */
  done(): boolean;
  /** Nothing arrived for a while: the client is waiting on the network, so work now delays nothing. */
  idle(): boolean;
}

/** One slice of work; never longer than this before the event loop gets a turn. */
const SLICE_MS = 3;

/** Settles when the event loop has had a turn (answers that arrived meanwhile are handled first). */
function yieldToEventLoop(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate;
  return new Promise((resolve) => (immediate ? immediate(resolve) : setTimeout(resolve, 0)));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Calls `step` (one small unit of work; false when there is no more) in slices of a few
 * milliseconds, only while `signals.idle()`, until it is finished or `signals.done()`. While answers
 * keep arriving the client is busy with them (a server on the same machine answers faster than the
 * client decrypts), so the work waits rather than slowing them down.
 */
export async function workWhileIdle(step: () => boolean, signals: IdleSignals, clock: () => number): Promise<void> {
  while (!signals.done()) {
    if (!signals.idle()) {
      await sleep(1);
      continue;
    }
    const sliceStart = clock();
    do {
      if (!step()) {
        return;
      }
    } while (clock() - sliceStart < SLICE_MS);
    await yieldToEventLoop();
  }
}
