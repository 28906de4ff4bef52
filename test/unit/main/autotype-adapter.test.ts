import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

import { descendsFrom } from '../../../src/main/autotype/auto-typer';
import { x11WindowId } from '../../../src/main/autotype/auto-type-service';
import { findExecutable, keyTyperFor } from '../../../src/main/autotype/key-typer';
import { linuxParentPid } from '../../../src/main/autotype/proc-parent';

function reason(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string | null {
  const { availability } = keyTyperFor(platform, env);
  return availability.available ? null : availability.reason;
}

describe('auto-type adapter selection', () => {
  const bin = mkdtempSync(path.join(tmpdir(), 'psono-tray-bin-'));
  writeFileSync(path.join(bin, 'xdotool'), '#!/bin/sh\n');
  chmodSync(path.join(bin, 'xdotool'), 0o755);

  it('X11 with xdotool on PATH: available', () => {
    assert.equal(reason('linux', { DISPLAY: ':0', PATH: bin }), null);
  });

  it('says why not: Wayland, no display, no xdotool, macOS, Windows', () => {
    assert.match(reason('linux', { DISPLAY: ':0', WAYLAND_DISPLAY: 'wayland-0', PATH: bin }) ?? '', /Wayland.*RemoteDesktop/);
    assert.match(reason('linux', { XDG_SESSION_TYPE: 'wayland', DISPLAY: ':0', PATH: bin }) ?? '', /Wayland/);
    assert.match(reason('linux', { PATH: bin }) ?? '', /No X11 display/);
    assert.match(reason('linux', { DISPLAY: ':0', PATH: '/nonexistent' }) ?? '', /needs the xdotool program/);
    assert.match(reason('darwin', {}) ?? '', /not implemented on macOS/);
    assert.match(reason('win32', {}) ?? '', /not implemented on Windows/);
  });

  it('never runs a tool from a relative PATH entry', () => {
    const cwd = process.cwd();
    process.chdir(path.dirname(bin));
    try {
      assert.equal(findExecutable('xdotool', path.basename(bin)), null);
      assert.equal(findExecutable('xdotool', `${path.basename(bin)}${path.delimiter}${bin}`), path.join(bin, 'xdotool'));
    } finally {
      process.chdir(cwd);
    }
    rmSync(bin, { recursive: true });
  });
});

describe('our own windows and processes', () => {
  it('reads the X11 window id from the native handle (8 or 4 bytes, little-endian)', () => {
    const eight = Buffer.alloc(8);
    eight.writeBigUInt64LE(0x4a00007n);
    assert.equal(x11WindowId(eight), String(0x4a00007));
    const four = Buffer.alloc(4);
    four.writeUInt32LE(0x1c00003);
    assert.equal(x11WindowId(four), String(0x1c00003));
    assert.equal(x11WindowId(Buffer.alloc(0)), '');
  });

  it('a child process descends from us; we descend from no child; pid 1 ends the walk', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 5000)'], { stdio: 'ignore' });
    try {
      const pid = child.pid!;
      assert.equal(linuxParentPid(pid), process.pid);
      assert.ok(descendsFrom(pid, process.pid, linuxParentPid));
      assert.ok(descendsFrom(process.pid, process.pid, linuxParentPid));
      assert.ok(!descendsFrom(process.pid, pid, linuxParentPid));
      assert.ok(!descendsFrom(1, process.pid, linuxParentPid));
      assert.equal(linuxParentPid(2 ** 30), null);
    } finally {
      child.kill();
    }
  });

  it('the walk is bounded even if parent links loop', () => {
    assert.equal(descendsFrom(10, 99, (pid) => (pid === 10 ? 11 : 10)), false);
  });
});
