/** node:crypto's CSPRNG as a RandomSource: 32-bit values, fetched in batches. */
import { randomFillSync } from 'node:crypto';

import type { RandomSource } from '../../core/generate';

export function cryptoRandomSource(): RandomSource {
  const batch = new Uint32Array(64);
  let used = batch.length;
  return {
    range: 2 ** 32,
    next(): number {
      if (used === batch.length) {
        randomFillSync(batch);
        used = 0;
      }
      return batch[used++] as number;
    },
  };
}
