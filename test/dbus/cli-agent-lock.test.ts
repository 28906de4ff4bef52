/**
 * The built CLI's agent locks on the desktop's lock triggers, on a real D-Bus (scripts/with-keyring.sh
 * gives a private session bus). Small services own org.freedesktop.ScreenSaver and
 * org.freedesktop.login1 there and emit the real signals; the agent finds login1 on that bus
 * through DBUS_SYSTEM_BUS_ADDRESS, as dbus clients do. After each signal the agent has ended and the
 * next call logs in itself.
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import * as dbus from '@jellybrick/dbus-next';
import type { MessageBus } from '@jellybrick/dbus-next';

import type { DevServer } from '../../devserver/index';
import { runCli, startCliTestbed, type BuiltCli, type CliRun, type CliTestbed } from '../integration/cli-helpers';

const BUS = process.env['DBUS_SESSION_BUS_ADDRESS'];
const SKIP = BUS ? false : 'no D-Bus session bus: run inside scripts/with-keyring.sh (npm test does)';
const SESSION_PATH = '/org/freedesktop/login1/session/_7';

async function ownName(bus: MessageBus, name: string): Promise<void> {
  assert.equal(await bus.requestName(name, dbus.NameFlag.DO_NOT_QUEUE), dbus.RequestNameReply.PRIMARY_OWNER, `could not own ${name}`);
}

async function waitFor(condition: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until && !condition()) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return condition();
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('the CLI agent and the desktop lock triggers', { skip: SKIP, timeout: 180_000 }, () => {
  let bed: CliTestbed;
  let server: DevServer;
  let cli: BuiltCli;
  let runtime: string;
  let env: Record<string, string>;
  let screensaver: MessageBus;
  let login1: MessageBus;
  const pids: number[] = [];

  before(async () => {
    bed = await startCliTestbed({ seed: 'demo', apiKey: 'demo', loginThrottlePerHour: 60 });
    ({ server, cli } = bed);
    runtime = mkdtempSync(join(tmpdir(), 'psono-agent-dbus-'));
    chmodSync(runtime, 0o700);
    env = { ...bed.env, XDG_RUNTIME_DIR: runtime, DBUS_SESSION_BUS_ADDRESS: BUS!, DBUS_SYSTEM_BUS_ADDRESS: BUS! };
    screensaver = dbus.sessionBus();
    await ownName(screensaver, 'org.freedesktop.ScreenSaver');
    login1 = dbus.sessionBus();
    await ownName(login1, 'org.freedesktop.login1');
    // logind's Manager.GetSession("auto") names the caller's session object.
    login1.addMethodHandler((message: dbus.Message) => {
      if (message.interface === 'org.freedesktop.login1.Manager' && message.member === 'GetSession') {
        login1.send(dbus.Message.newMethodReturn(message, 'o', [SESSION_PATH]));
        return true;
      }
      return false;
    });
  });

  after(async () => {
    await runCli(cli, ['lock'], env);
    for (const pid of pids.filter(alive)) {
      process.kill(pid, 'SIGTERM');
    }
    screensaver?.disconnect();
    login1?.disconnect();
    await bed?.close();
    rmSync(runtime, { recursive: true, force: true });
  });

  const logins = (): number => server.stats.requests.filter((request) => request.path === '/api-key/login/').length;
  const get = (): Promise<CliRun> => runCli(cli, ['get', 'Work/Build server', '--field', 'password', '-n', '-q'], env);

  const signals: ReadonlyArray<[string, (bus: { screensaver: MessageBus; login1: MessageBus }) => void]> = [
    ['org.freedesktop.ScreenSaver ActiveChanged(true)', (b) => b.screensaver.send(dbus.Message.newSignal('/org/freedesktop/ScreenSaver', 'org.freedesktop.ScreenSaver', 'ActiveChanged', 'b', [true]))],
    ['login1 Session.Lock of our session', (b) => b.login1.send(dbus.Message.newSignal(SESSION_PATH, 'org.freedesktop.login1.Session', 'Lock'))],
    ['login1 Manager.PrepareForSleep(true)', (b) => b.login1.send(dbus.Message.newSignal('/org/freedesktop/login1', 'org.freedesktop.login1.Manager', 'PrepareForSleep', 'b', [true]))],
  ];

  for (const [name, emit] of signals) {
    it(`${name} locks and ends the agent; the next call logs in itself`, async () => {
      const started = await runCli(cli, ['agent', 'start'], env);
      assert.equal(started.code, 0, started.stderr);
      const pid = Number(/pid (\d+)/.exec(started.stderr)?.[1]);
      pids.push(pid);
      const before = logins();
      assert.equal((await get()).code, 0);
      assert.equal(logins(), before, 'answered by the agent');
      // The screensaver turning off and waking up are no reason to lock.
      screensaver.send(dbus.Message.newSignal('/org/freedesktop/ScreenSaver', 'org.freedesktop.ScreenSaver', 'ActiveChanged', 'b', [false]));
      login1.send(dbus.Message.newSignal('/org/freedesktop/login1', 'org.freedesktop.login1.Manager', 'PrepareForSleep', 'b', [false]));
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.ok(alive(pid), 'still running after unlock-side signals');
      emit({ screensaver, login1 });
      assert.ok(await waitFor(() => !alive(pid), 20_000), 'the agent ended');
      assert.equal(existsSync(join(runtime, 'psono', 'agent.sock')), false, 'its socket is gone');
      const direct = await get();
      assert.equal(direct.code, 0, direct.stderr);
      assert.equal(logins(), before + 1, 'the next call logged in');
    });
  }
});
