/** Which clipboard tool `psono copy` picks, with which hint, and what it says when there is none. */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import { clipboardTool, NoClipboardError } from '../../../src/cli/clipboard/tools';

const bin = mkdtempSync(join(tmpdir(), 'psono-clipboard-tools-'));
after(() => rmSync(bin, { recursive: true, force: true }));

/** A stand-in executable in `dir` that prints `help` (for wl-copy --help). */
function fakeTool(dir: string, name: string, help = ''): string {
  writeFileSync(join(dir, name), `#!/bin/sh\nprintf '%s\\n' '${help}'\n`);
  chmodSync(join(dir, name), 0o755);
  return dir;
}

describe('clipboardTool', () => {
  it('on X11 drives xclip, one UTF8_STRING target, without the KDE hint', () => {
    const tool = clipboardTool({ DISPLAY: ':9', PATH: fakeTool(bin, 'xclip') }, 'linux');
    assert.equal(tool.kind, 'owner');
    assert.equal(tool.hint, false);
    assert.deepEqual(tool.kind === 'owner' ? tool.foreground : null, ['xclip', '-selection', 'clipboard', '-t', 'UTF8_STRING', '-verbose']);
  });

  it('on Wayland prefers wl-copy, with --sensitive (the KDE hint) only where it knows it', () => {
    const modern = mkdtempSync(join(bin, 'modern-'));
    const tool = clipboardTool({ WAYLAND_DISPLAY: 'wayland-0', DISPLAY: ':9', PATH: fakeTool(modern, 'wl-copy', '--sensitive  mark as sensitive') }, 'linux');
    assert.deepEqual([tool.name, tool.hint, tool.kind === 'owner' ? tool.foreground : null], ['wl-copy', true, ['wl-copy', '--foreground', '--sensitive']]);
    const old = mkdtempSync(join(bin, 'old-'));
    const plain = clipboardTool({ WAYLAND_DISPLAY: 'wayland-0', PATH: fakeTool(old, 'wl-copy', '--foreground only') }, 'linux');
    assert.deepEqual([plain.hint, plain.kind === 'owner' ? plain.daemon : null], [false, ['wl-copy']]);
  });

  it('macOS and Windows mark the value concealed / excluded from history', () => {
    const mac = clipboardTool({}, 'darwin');
    assert.equal(mac.hint, true);
    assert.match(mac.kind === 'set' ? mac.set.join(' ') : '', /org\.nspasteboard\.ConcealedType/);
    const windows = clipboardTool({}, 'win32');
    assert.match(windows.kind === 'set' ? windows.set.join(' ') : '', /ExcludeClipboardContentFromMonitorProcessing/);
  });

  it('says what to install, or that there is no display', () => {
    const empty = mkdtempSync(join(bin, 'empty-'));
    assert.throws(() => clipboardTool({ DISPLAY: ':9', PATH: empty }, 'linux'), (error: unknown) => error instanceof NoClipboardError && /install xclip \(X11\) or wl-clipboard/.test(error.message));
    assert.throws(() => clipboardTool({ WAYLAND_DISPLAY: 'wayland-0', PATH: empty }, 'linux'), /install wl-clipboard \(wl-copy\) for Wayland/);
    assert.throws(() => clipboardTool({ PATH: fakeTool(mkdtempSync(join(bin, 'x-')), 'xclip') }, 'linux'), /no display to copy to/);
  });
});
