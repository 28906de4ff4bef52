/**
 * Core dumps off on Linux through util-linux's prlimit, checked on a real process's limits.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';

import { disableCoreDumps } from '../../../src/main/process-hardening';

function recorder() {
  const lines: string[] = [];
  return { lines, log: { info: (line: string) => lines.push(`info ${line}`), warn: (line: string) => lines.push(`warn ${line}`) } };
}

async function coreLimit(pid: number): Promise<string> {
  const limits = await readFile(`/proc/${pid}/limits`, 'utf8');
  const line = limits.split('\n').find((row) => row.startsWith('Max core file size'));
  return (line ?? '').replace('Max core file size', '').trim().split(/\s+/).slice(0, 2).join(' ');
}

describe('disableCoreDumps', () => {
  it('sets RLIMIT_CORE to 0 (soft and hard) on the given process', async (t) => {
    if (process.platform !== 'linux') {
      t.skip('Linux only');
      return;
    }
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => undefined, 20000)'], { stdio: 'ignore' });
    try {
      const pid = child.pid!;
      assert.notEqual(await coreLimit(pid), '0 0', 'precondition: the child starts with core dumps allowed by its hard limit');
      const { lines, log } = recorder();
      assert.equal(await disableCoreDumps({ platform: 'linux', pid, log }), true);
      assert.equal(await coreLimit(pid), '0 0');
      assert.deepEqual(lines, ['info core dumps disabled (RLIMIT_CORE=0)']);
    } finally {
      child.kill();
    }
  });

  it('reports false and warns when prlimit is missing or fails; other platforms are left alone', async () => {
    const missing = recorder();
    assert.equal(await disableCoreDumps({ platform: 'linux', log: missing.log, prlimitPath: null }), false);
    assert.match(missing.lines.join('\n'), /^warn .*not found/);
    const failing = recorder();
    assert.equal(await disableCoreDumps({ platform: 'linux', pid: 2 ** 22 + 12345, log: failing.log }), false, 'no such process');
    assert.match(failing.lines.join('\n'), /^warn .*prlimit failed/);
    const mac = recorder();
    assert.equal(await disableCoreDumps({ platform: 'darwin', log: mac.log }), false);
    assert.deepEqual(mac.lines, []);
  });
});
