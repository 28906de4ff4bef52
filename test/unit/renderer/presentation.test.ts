import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { ERROR_KINDS } from '../../../src/core/errors';
import { formatTotp, highlightSegments, visibleRange } from '../../../src/renderer/format';
import { lockReasonNeedsSetup, lockReasonText, presentError, remedyActionFor } from '../../../src/renderer/errors';
import type { AppErrorKind } from '../../../src/shared/ipc/dto';

const APP_ONLY_KINDS: AppErrorKind[] = ['locked', 'no-profile', 'invalid-argument', 'forbidden-sender', 'keychain-unavailable', 'wrong-pin', 'pin-erased', 'unsupported', 'internal'];

describe('error presentation', () => {
  it('gives every error kind a title, a remedy and an action', () => {
    for (const kind of [...ERROR_KINDS, ...APP_ONLY_KINDS]) {
      const shown = presentError({ kind, message: 'm' });
      assert.ok(shown.title.length > 0, kind);
      assert.ok(shown.remedy.length > 10, kind);
      assert.ok(['retry', 'unlock', 'setup', 'none'].includes(remedyActionFor(kind)), kind);
    }
  });

  it('says what to do for the named states: unreachable, session lost, key revoked', () => {
    assert.equal(presentError({ kind: 'network', message: 'x' }).title, 'Server unreachable');
    assert.equal(remedyActionFor('network'), 'retry');
    assert.equal(remedyActionFor('session-expired'), 'unlock');
    assert.equal(remedyActionFor('key-inactive'), 'setup');
    assert.match(presentError({ kind: 'key-inactive', message: 'x' }).remedy, /Create a new API key/);
  });

  it('adds the wait time for a wrong PIN', () => {
    assert.match(presentError({ kind: 'wrong-pin', message: 'x', retryInSeconds: 4 }).remedy, /try again in 4 s/);
  });

  it('explains each lock reason and sends revoked/erased keys back to setup', () => {
    assert.match(lockReasonText('key-revoked'), /deleted or deactivated/);
    assert.match(lockReasonText(null), /Unlock/);
    assert.match(lockReasonText('quit'), /quit/);
    assert.match(lockReasonText('deadline'), /slept past the idle limit/);
    assert.equal(lockReasonNeedsSetup('quit'), false);
    assert.equal(lockReasonNeedsSetup('key-revoked'), true);
    assert.equal(lockReasonNeedsSetup('pin-erased'), true);
    assert.equal(lockReasonNeedsSetup('idle'), false);
  });
});

describe('highlightSegments', () => {
  it('splits the title at the match ranges', () => {
    assert.deepEqual(highlightSegments('GitHub Enterprise', [[0, 3], [7, 10]]), [
      { text: 'Git', match: true },
      { text: 'Hub ', match: false },
      { text: 'Ent', match: true },
      { text: 'erprise', match: false },
    ]);
  });

  it('skips overlapping and out-of-range ranges instead of garbling the title', () => {
    assert.deepEqual(highlightSegments('abc', [[1, 2], [0, 2], [2, 9]]), [
      { text: 'ab', match: true },
      { text: 'c', match: false },
    ]);
  });
});

describe('visibleRange', () => {
  it('renders only the rows in view plus overscan', () => {
    assert.deepEqual(visibleRange(10_000, 46, 46 * 500, 460, 5), { start: 495, end: 515 });
    assert.deepEqual(visibleRange(3, 46, 0, 460, 5), { start: 0, end: 3 });
  });
});

describe('formatTotp', () => {
  it('groups six and eight digit codes', () => {
    assert.equal(formatTotp('492039'), '492 039');
    assert.equal(formatTotp('12345678'), '1234 5678');
    assert.equal(formatTotp('12345'), '12345');
  });
});
