/** When input counts as the user asking for a secret, and how many reveals a minute allows. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { UserIntent } from '../../../src/main/entries/user-intent';

const NEEDS_INPUT = { kind: 'needs-user-action' };
const LIMIT = { kind: 'reveal-limit' };

function clocked(): { intent: UserIntent; advance(ms: number): void } {
  let now = 1_000_000;
  return { intent: new UserIntent({ now: () => now }), advance: (ms) => void (now += ms) };
}

describe('user intent', () => {
  it('nothing is served before any input', () => {
    const { intent } = clocked();
    assert.throws(() => intent.requireForCopy(), NEEDS_INPUT);
    assert.throws(() => intent.requireForReveal(), NEEDS_INPUT);
  });

  it('a key press or click counts for 2 s; moving the pointer or releasing a key does not', () => {
    const { intent, advance } = clocked();
    intent.noteInput('mouseMove');
    intent.noteInput('keyUp');
    intent.noteInput('mouseWheel');
    assert.throws(() => intent.requireForCopy(), NEEDS_INPUT);
    for (const type of ['rawKeyDown', 'keyDown', 'mouseDown'] as const) {
      intent.noteInput(type);
      advance(2000);
      intent.requireForCopy();
      advance(1);
      assert.throws(() => intent.requireForCopy(), NEEDS_INPUT);
    }
  });

  it('at most 20 reveals in any minute, copies not counted', () => {
    const { intent, advance } = clocked();
    for (let i = 0; i < 20; i += 1) {
      intent.noteInput('keyDown');
      intent.requireForReveal();
      intent.requireForCopy();
      advance(1000);
    }
    intent.noteInput('keyDown');
    assert.throws(() => intent.requireForReveal(), LIMIT);
    intent.requireForCopy();
    advance(40_001); // the first reveal is now more than a minute old
    intent.noteInput('keyDown');
    intent.requireForReveal();
    assert.throws(() => intent.requireForReveal(), LIMIT);
  });
});
