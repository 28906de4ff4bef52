/**
 * Same-user memory reads off on Linux through prctl(PR_SET_DUMPABLE, 0), checked in a real child
 * process: the kernel reports it not dumpable afterwards (PR_GET_DUMPABLE).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';

import { disableMemoryReads, type Prctl } from '../../../src/main/process-hardening';

function recorder() {
  const lines: string[] = [];
  return { lines, log: { info: (line: string) => lines.push(`info ${line}`), warn: (line: string) => lines.push(`warn ${line}`) } };
}

/** Runs disableMemoryReads in a child and reports its result and the kernel's dumpable flag before and after. */
const CHILD = `
import { disableMemoryReads, libcPrctl } from './src/main/process-hardening.ts';
const prctl = await libcPrctl();
const before = prctl(3, 0);
const done = await disableMemoryReads({ platform: 'linux', log: { info() {}, warn(line) { console.error(line); } } });
console.log(JSON.stringify({ before, done, after: prctl(3, 0) }));
`;

describe('disableMemoryReads', () => {
  it('makes a real process non-dumpable (PR_GET_DUMPABLE 1 → 0)', (t) => {
    if (process.platform !== 'linux') {
      t.skip('Linux only');
      return;
    }
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });
    assert.equal(child.status, 0, child.stderr);
    assert.deepEqual(JSON.parse(child.stdout), { before: 1, done: true, after: 0 });
  });

  it('reports false and warns when prctl fails or cannot be loaded; other platforms are left alone', async () => {
    const failing = recorder();
    const refusing: Prctl = () => -1;
    assert.equal(await disableMemoryReads({ platform: 'linux', log: failing.log, prctl: async () => refusing }), false);
    assert.match(failing.lines.join('\n'), /^warn .*PR_SET_DUMPABLE\) failed/);
    const missing = recorder();
    assert.equal(await disableMemoryReads({ platform: 'linux', log: missing.log, prctl: () => Promise.reject(new Error('no koffi')) }), false);
    assert.match(missing.lines.join('\n'), /^warn .*could not be called/);
    const mac = recorder();
    assert.equal(await disableMemoryReads({ platform: 'darwin', log: mac.log, prctl: () => assert.fail('not on macOS') }), false);
    assert.deepEqual(mac.lines, []);
  });
});
