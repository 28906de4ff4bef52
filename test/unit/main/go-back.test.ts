/** After a copy: the window hides everywhere; on macOS the app hides too, which is what returns focus. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { goBack } from '../../../src/main/windows/go-back';

function run(platform: NodeJS.Platform): string[] {
  const calls: string[] = [];
  goBack({ hide: () => calls.push('window.hide') }, { hide: () => calls.push('app.hide') }, platform);
  return calls;
}

describe('goBack', () => {
  it('hides the window, and on macOS then the app', () => {
    assert.deepEqual(run('linux'), ['window.hide']);
    assert.deepEqual(run('win32'), ['window.hide']);
    assert.deepEqual(run('darwin'), ['window.hide', 'app.hide']);
  });
});
