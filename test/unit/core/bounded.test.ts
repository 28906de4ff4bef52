import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { boundedRunner, mapBounded } from '../../../src/core/vault';

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1));

describe('boundedRunner and mapBounded', () => {
  it('keep at most the bound in flight, start tasks in order and return results in input order', async () => {
    let inFlight = 0;
    let most = 0;
    const started: number[] = [];
    const results = await mapBounded([5, 1, 4, 2, 3, 0, 6], 3, async (value, index) => {
      started.push(index);
      inFlight++;
      most = Math.max(most, inFlight);
      for (let i = 0; i < value; i++) {
        await tick();
      }
      inFlight--;
      return value * 10;
    });
    assert.deepEqual(results, [50, 10, 40, 20, 30, 0, 60]);
    assert.equal(most, 3);
    assert.deepEqual(started, [0, 1, 2, 3, 4, 5, 6]);
  });

  it('a bound below one still runs the tasks, one at a time', async () => {
    const run = boundedRunner(0);
    let inFlight = 0;
    let most = 0;
    const task = async (): Promise<number> => {
      inFlight++;
      most = Math.max(most, inFlight);
      await tick();
      inFlight--;
      return 1;
    };
    assert.deepEqual(await Promise.all([run(task), run(task), run(task)]), [1, 1, 1]);
    assert.equal(most, 1);
  });

  it('a failing task frees its slot for the next one', async () => {
    const run = boundedRunner(1);
    const failed = run(async () => {
      await tick();
      throw new Error('boom');
    });
    const next = run(async () => 'ran');
    await assert.rejects(failed, /boom/);
    assert.equal(await next, 'ran');
  });
});
