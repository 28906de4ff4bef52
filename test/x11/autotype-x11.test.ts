/**
 * Auto-type on a real X server: Xvfb, the real xdotool adapter, and xev windows that record the key
 * events they receive. The target window gets exactly the sequence (unicode included); nothing is
 * typed when the target is Psono Tray's own window (by window id or by owning process), when no
 * target is known, or when the target does not have the focus at typing time.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { parseSequence, resolveSequence, type AutoTypeAction } from '../../src/core/autotype';
import { AutoTyper, descendsFrom } from '../../src/main/autotype/auto-typer';
import { keyTyperFor, type KeyTyper } from '../../src/main/autotype/key-typer';
import { linuxParentPid } from '../../src/main/autotype/proc-parent';
import { missingX11Tools, Recorder, startXServer, type XServer } from './x-server';

const SKIP = missingX11Tools();
const USERNAME = 'ann.o\'neil';
const PASSWORD = 'pé-ß€中😀 {x}';
/** What XLookupString reports for the default sequence: Tab is \t, Return \r. */
const EXPECTED = `${USERNAME}\t${PASSWORD}\r`;

function actions(sequence = '{USERNAME}{TAB}{PASSWORD}{ENTER}'): readonly AutoTypeAction[] {
  const parsed = parseSequence(sequence);
  assert.ok(parsed.ok);
  const resolved = resolveSequence(parsed.value, { username: USERNAME, password: PASSWORD });
  assert.ok(resolved.ok);
  return resolved.value;
}

describe('auto-type on a real X server (Xvfb + xdotool)', { skip: SKIP, timeout: 120_000 }, () => {
  let x: XServer;
  let target: Recorder;
  let ours: Recorder;
  let other: Recorder;
  let typer: KeyTyper;

  before(async () => {
    x = await startXServer();
    [target, ours, other] = [await Recorder.open(x, 'target'), await Recorder.open(x, 'psono-own'), await Recorder.open(x, 'other')];
    typer = keyTyperFor('linux', { DISPLAY: x.display, PATH: process.env['PATH'] });
    assert.deepEqual(typer.availability, { available: true });
  });
  after(async () => {
    for (const recorder of [target, ours, other]) {
      recorder?.close();
    }
    await x?.close();
  });

  const focus = (recorder: Recorder): Promise<string> => x.run('xdotool', ['windowfocus', '--sync', recorder.window]);
  const nothingTypedAnywhere = (): void => assert.deepEqual([target.typed(), ours.typed(), other.typed()], ['', '', '']);
  function autoTyper(options: { ownWindows?: readonly string[]; typer?: KeyTyper } = {}): AutoTyper {
    return new AutoTyper({
      typer: options.typer ?? typer,
      ownWindows: () => options.ownWindows ?? [ours.window],
      isOwnProcess: (pid) => descendsFrom(pid, process.pid, linuxParentPid),
      focusWaitMs: 1_000,
    });
  }
  /** The window that had the focus before ours; then our window takes it, as showing it does. */
  async function rememberThenShowOurs(typist: AutoTyper, from: Recorder): Promise<void> {
    from.clear();
    await focus(from);
    await typist.rememberTarget();
    await focus(ours);
  }

  test('nothing is typed when the target window cannot be told (none remembered)', async () => {
    const typist = autoTyper();
    await focus(target);
    await assert.rejects(typist.run({ prepare: async () => actions(), hideWindow: () => undefined, stillOpen: () => undefined }), /cannot tell which window/);
    nothingTypedAnywhere();
  });

  test('nothing is typed when the focused window was Psono Tray\'s own (its window id)', async () => {
    const typist = autoTyper();
    await focus(ours);
    await typist.rememberTarget();
    assert.equal(typist.target, null);
    await assert.rejects(typist.run({ prepare: async () => actions(), hideWindow: () => undefined, stillOpen: () => undefined }), /cannot tell which window/);
    nothingTypedAnywhere();
  });

  test('nothing is typed into a window owned by our process tree, known by its _NET_WM_PID', async () => {
    // xev was started by this test process: a child, as Electron's own windows are ours.
    await x.run('xprop', ['-id', other.window, '-f', '_NET_WM_PID', '32c', '-set', '_NET_WM_PID', String(other.process.pid)]);
    assert.equal(await typer.windowPid(other.window), other.process.pid);
    const typist = autoTyper();
    await focus(other);
    await typist.rememberTarget();
    assert.equal(typist.target, null);
    await assert.rejects(typist.run({ prepare: async () => actions(), hideWindow: () => undefined, stillOpen: () => undefined }));
    nothingTypedAnywhere();
    await x.run('xprop', ['-id', other.window, '-remove', '_NET_WM_PID']);
  });

  test('nothing is typed when the target does not get the focus back', async () => {
    // A window manager that refuses to hand the focus back: activation does nothing.
    const stubborn: KeyTyper = {
      availability: typer.availability,
      activeWindow: () => typer.activeWindow(),
      windowPid: (window) => typer.windowPid(window),
      activate: () => Promise.resolve(),
      typeText: (text) => typer.typeText(text),
      pressKey: (key) => typer.pressKey(key),
    };
    const typist = autoTyper({ typer: stubborn });
    await rememberThenShowOurs(typist, target);
    let prepared = false;
    const job = { prepare: async () => ((prepared = true), actions()), hideWindow: () => void focus(other), stillOpen: () => undefined };
    await assert.rejects(typist.run(job), /did not get the focus back/);
    assert.ok(prepared);
    nothingTypedAnywhere();
  });

  test('a lock between two keys stops the typing', async () => {
    const typist = autoTyper();
    await rememberThenShowOurs(typist, target);
    let checks = 0;
    const stillOpen = (): void => {
      checks += 1;
      if (checks > 2) {
        throw new Error('locked');
      }
    };
    await assert.rejects(typist.run({ prepare: async () => actions(), hideWindow: () => void focus(target), stillOpen }), /locked/);
    assert.equal(await target.waitFor(USERNAME), USERNAME, 'only the username, typed before the lock');
    assert.deepEqual([ours.typed(), other.typed()], ['', '']);
    target.clear();
  });

  test('the target window receives exactly the sequence, unicode included, after getting the focus back', async () => {
    const typist = autoTyper();
    await rememberThenShowOurs(typist, target);
    assert.equal(typist.target, target.window);
    // hideWindow does nothing here: the adapter activates the target itself when the focus does not return.
    await typist.run({ prepare: async () => actions(), hideWindow: () => undefined, stillOpen: () => undefined });
    assert.equal(await target.waitFor(EXPECTED), EXPECTED);
    assert.deepEqual([ours.typed(), other.typed()], ['', '']);
    target.clear();
  });

  test('SPACE, DELAY and literal braces reach the window as typed', async () => {
    const typist = autoTyper();
    await rememberThenShowOurs(typist, target);
    await typist.run({ prepare: async () => actions('{USERNAME}{SPACE}{DELAY 20}{{}ok{}}{ENTER}'), hideWindow: () => void focus(target), stillOpen: () => undefined });
    const expected = `${USERNAME} {ok}\r`;
    assert.equal(await target.waitFor(expected), expected);
    target.clear();
  });
});
