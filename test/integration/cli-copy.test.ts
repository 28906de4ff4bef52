/**
 * `psono copy` of the built CLI on a private X server (Xvfb) with xclip: the value reaches the
 * clipboard exactly, is cleared after --clear if still ours and left alone if something else was
 * copied, never appears on a command line, and the error paths (no display, no xclip, bad --clear,
 * no such entry) exit as documented.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import type { DevServer } from '../../devserver/index';
import { runCli, startCliTestbed, type BuiltCli, type CliTestbed } from './cli-helpers';
import { HAS_XCLIP, readClipboard, startXvfb, writeClipboard, type Xvfb } from './xvfb';

const PASSWORD = 'b4ild-S3rver!';
const SKIP = HAS_XCLIP ? false : 'needs Xvfb and xclip (scripts/install-test-deps.sh)';

/** Command lines of every process now running (Linux /proc). */
function commandLines(): string[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        return '';
      }
    });
}

const holders = (): number => commandLines().filter((line) => line.includes('__clipboard-hold')).length;

async function waitFor(condition: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until && !condition()) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return condition();
}

describe('psono copy on X11 (xclip)', { skip: SKIP, timeout: 120_000 }, () => {
  let bed: CliTestbed;
  let server: DevServer;
  let cli: BuiltCli;
  let x: Xvfb;
  let env: Record<string, string>;

  before(async () => {
    [bed, x] = await Promise.all([startCliTestbed({ seed: 'demo', apiKey: 'demo' }), startXvfb()]);
    ({ server, cli } = bed);
    env = { ...bed.env, DISPLAY: x.display };
  });

  after(async () => {
    writeClipboard(x.display, '');
    await waitFor(() => holders() === 0, 5_000);
    x?.stop();
    await bed?.close();
  });

  it('--clear 0 puts the password on the clipboard exactly, as UTF8_STRING, and leaves it there', async () => {
    const result = await runCli(cli, ['copy', 'Work/Build server', '--clear', '0'], env);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, '');
    assert.ok(result.stderr.endsWith('\npsono: copied the password of "Work/Build server" to the clipboard (not cleared; xclip cannot mark it secret for clipboard history).\n'), result.stderr);
    assert.equal(readClipboard(x.display), PASSWORD);
    // xclip serves one target: the KDE history hint cannot be offered next to the text.
    assert.deepEqual(readClipboard(x.display, 'TARGETS')?.split('\n').filter(Boolean).sort(), ['TARGETS', 'UTF8_STRING']);
    assert.equal(holders(), 0, 'no holder for --clear 0');
  });

  it('--clear 1 clears the value if it is still ours, and the holder ends', async () => {
    const result = await runCli(cli, ['copy', 'Build server', '--field', 'username', '--clear', '1', '-q'], env);
    assert.deepEqual(result, { code: 0, stdout: '', stderr: '' });
    assert.equal(readClipboard(x.display), 'deploy');
    assert.ok(await waitFor(() => readClipboard(x.display) === null, 10_000), 'cleared');
    assert.ok(await waitFor(() => holders() === 0, 5_000), 'the holder ended');
  });

  it('leaves a value copied by someone else alone, and the holder ends at once', async () => {
    const result = await runCli(cli, ['copy', 'Work/Build server', '--clear', '3', '-q'], env);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(readClipboard(x.display), PASSWORD);
    assert.equal(holders(), 1);
    // The value is on no command line: it travelled over stdin to the holder and on to xclip.
    assert.ok(commandLines().every((line) => !line.includes(PASSWORD)));
    writeClipboard(x.display, 'something else');
    assert.ok(await waitFor(() => holders() === 0, 2_500), 'the holder ended with the change, before its clear time');
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    assert.equal(readClipboard(x.display), 'something else');
  });

  it('the default clears after 30 s: the holder is waiting', async () => {
    const result = await runCli(cli, ['copy', 'Work/Build server'], env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /\(cleared in 30 s if unchanged; /);
    assert.equal(holders(), 1);
    writeClipboard(x.display, 'next');
    assert.ok(await waitFor(() => holders() === 0, 2_500));
  });

  it('with an agent running, the value comes from it: no login', async () => {
    const runtime = mkdtempSync(join(tmpdir(), 'psono-copy-agent-'));
    chmodSync(runtime, 0o700);
    const withAgent = { ...env, XDG_RUNTIME_DIR: runtime };
    try {
      assert.equal((await runCli(cli, ['agent', 'start', '-q'], withAgent)).code, 0);
      server.stats.reset();
      const result = await runCli(cli, ['copy', 'Work/Build server', '--clear', '0', '-q'], withAgent);
      assert.deepEqual(result, { code: 0, stdout: '', stderr: '' });
      assert.equal(readClipboard(x.display), PASSWORD);
      const missing = await runCli(cli, ['copy', 'Work/Build server', '--field', 'totp', '-q'], withAgent);
      assert.equal(missing.code, 3);
      assert.match(missing.stderr, /has no TOTP/);
      assert.equal(server.stats.requests.filter((request) => request.path === '/api-key/login/').length, 0);
    } finally {
      await runCli(cli, ['lock'], withAgent);
      rmSync(runtime, { recursive: true, force: true });
    }
  });

  it('error paths: no display, no xclip (both before any login), a bad --clear, an unknown entry, a missing field', async () => {
    server.stats.reset();
    writeClipboard(x.display, 'next');
    const { DISPLAY: _display, ...noDisplay } = env;
    const headless = await runCli(cli, ['copy', 'Work/Build server'], noDisplay);
    assert.equal(headless.code, 1);
    assert.match(headless.stderr, /^psono: no display to copy to \(neither DISPLAY nor WAYLAND_DISPLAY is set\); .*xclip or wl-clipboard installed\.\n$/);
    const withoutXclip = await runCli(cli, ['copy', 'Work/Build server'], { ...env, PATH: '/nonexistent' });
    assert.equal(withoutXclip.code, 1);
    assert.match(withoutXclip.stderr, /^psono: no clipboard tool: install xclip \(X11\) or wl-clipboard \(Wayland\)/);
    assert.equal(server.stats.requests.length, 0, 'no login without a clipboard');
    const bad = await runCli(cli, ['copy', 'Work/Build server', '--clear', 'soon'], env);
    assert.deepEqual(bad, { code: 2, stdout: '', stderr: 'psono: --clear takes whole seconds, from 0 (never) to 99999.\n' });
    const missing = await runCli(cli, ['copy', 'no such entry', '-q'], env);
    assert.equal(missing.code, 3);
    const noField = await runCli(cli, ['copy', 'Work/Build server', '--field', 'totp', '-q'], env);
    assert.equal(noField.code, 3, noField.stderr);
    assert.equal(readClipboard(x.display), 'next', 'failed copies leave the clipboard alone');
  });
});
