/** The unreadable-share line: names where the vault gives one, the id where it does not, escaped. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { warningLines } from '../../../src/cli/output';

describe('warningLines', () => {
  it('names unreadable shares, falls back to the id, and escapes the other warnings', () => {
    const lines = warningLines([
      { kind: 'share-unreadable', id: 'a1', message: 'Share a1 is not readable', name: 'Team\u001b[2J' },
      { kind: 'item-invalid', id: 'i1', message: 'Entry \u0007 skipped' },
      { kind: 'share-unreadable', id: 'b2', message: 'Share b2 is not readable', name: null },
    ]);
    assert.deepEqual(lines, [
      'psono: warning: 2 shares are not readable with this API key and skipped: "Team\\x1b[2J", id b2\n',
      'psono: warning: Entry \\x07 skipped\n',
    ]);
  });
});
