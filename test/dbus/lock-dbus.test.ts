/**
 * The Linux lock triggers on a real D-Bus. Runs inside scripts/with-keyring.sh (npm test wraps
 * every test in it), which gives a private session bus via dbus-run-session. Small services on
 * that bus own org.freedesktop.ScreenSaver, org.gnome.ScreenSaver and org.freedesktop.login1 and
 * emit the real signals; the login1 listener is pointed at the session bus (no system bus here).
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';

import * as dbus from '@jellybrick/dbus-next';
import type { MessageBus } from '@jellybrick/dbus-next';

import type { LockPhase, LockReason } from '../../src/core/lock';
import {
  AutoLock,
  startLinuxLockListeners,
  startLockTriggers,
  type LinuxLockListeners,
  type LinuxLockSignal,
  type LockableSessions,
  type OsLockEvent,
  type PowerMonitorLike,
} from '../../src/main/lock';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';

const HAS_BUS = Boolean(process.env['DBUS_SESSION_BUS_ADDRESS']);
const SKIP = HAS_BUS ? false : 'no D-Bus session bus: run inside scripts/with-keyring.sh (npm test does)';
const SESSION_PATH = '/org/freedesktop/login1/session/_7';

function toInput(signal: LinuxLockSignal): OsLockEvent {
  return { type: signal.type };
}

/** Every AutoLock a test made; stopped after each test so no poll outlives it. */
const started: AutoLock[] = [];

/**
 * AutoLock (the executor main runs) over a stand-in for main's SessionController that is
 * unlocked and records every lock() it is asked for. The controller's own lock (close the
 * session, clear the clipboard, reload the renderer) is covered by the harness tests.
 */
function unlockedAutoLock() {
  const locks: LockReason[] = [];
  let onLocked: (reason: LockReason) => void = () => undefined;
  const locked = new Promise<LockReason>((resolve) => {
    onLocked = resolve;
  });
  const sessions: LockableSessions & { effectivePhase: LockPhase } = {
    effectivePhase: 'unlocked',
    lock: async (reason) => {
      locks.push(reason);
      sessions.effectivePhase = 'locked';
      onLocked(reason);
    },
  };
  const auto = new AutoLock({ sessions, settings: { ...DEFAULT_SETTINGS, lockOnIdle: false }, readSystemIdleSeconds: () => 0 });
  started.push(auto);
  assert.equal(auto.effectivePhase(), 'unlocked');
  return { auto, locks, locked };
}

/** After a lock: exactly one controller lock with this reason, and requests see the app locked. */
async function assertLockedOnce(auto: AutoLock, locks: readonly LockReason[], reason: LockReason): Promise<void> {
  await auto.settled();
  assert.deepEqual(locks, [reason]);
  assert.equal(auto.effectivePhase(), 'locked');
}

/** Nothing locked: the controller was never asked and AutoLock still sees the app unlocked. */
function assertStillUnlocked(auto: AutoLock, locks: readonly LockReason[]): void {
  assert.deepEqual(locks, []);
  assert.equal(auto.effectivePhase(), 'unlocked');
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
    }),
  ]);
}

async function ownName(bus: MessageBus, name: string): Promise<void> {
  const reply = await bus.requestName(name, dbus.NameFlag.DO_NOT_QUEUE);
  assert.equal(reply, dbus.RequestNameReply.PRIMARY_OWNER, `could not own ${name}`);
}

function signal(bus: MessageBus, path: string, iface: string, member: string, value: boolean | null): void {
  bus.send(value === null ? dbus.Message.newSignal(path, iface, member) : dbus.Message.newSignal(path, iface, member, 'b', [value]));
}

describe('Linux lock triggers on a real D-Bus', { skip: SKIP }, () => {
  let screensaverService: MessageBus;
  let login1Service: MessageBus;
  let spoofer: MessageBus;
  let listeners: LinuxLockListeners | null = null;

  before(async () => {
    screensaverService = dbus.sessionBus();
    await ownName(screensaverService, 'org.freedesktop.ScreenSaver');
    await ownName(screensaverService, 'org.gnome.ScreenSaver');
    login1Service = dbus.sessionBus();
    await ownName(login1Service, 'org.freedesktop.login1');
    // logind's Manager.GetSession("auto") names the caller's session object
    login1Service.addMethodHandler((message: dbus.Message) => {
      if (message.interface === 'org.freedesktop.login1.Manager' && message.member === 'GetSession') {
        login1Service.send(dbus.Message.newMethodReturn(message, 'o', [SESSION_PATH]));
        return true;
      }
      return false;
    });
    spoofer = dbus.sessionBus();
  });

  afterEach(() => {
    listeners?.stop();
    listeners = null;
    for (const auto of started.splice(0)) {
      auto.stop();
    }
  });

  after(() => {
    screensaverService.disconnect();
    login1Service.disconnect();
    spoofer.disconnect();
  });

  async function listen(auto: AutoLock) {
    listeners = await startLinuxLockListeners({
      onSignal: (lockSignal) => auto.dispatch(toInput(lockSignal)),
      login1Bus: () => dbus.sessionBus(),
      timeoutMs: 10_000,
    });
    return listeners;
  }

  it('reports every trigger available when the services are there', async () => {
    const { auto } = unlockedAutoLock();
    const { availability } = await listen(auto);
    assert.deepEqual(availability, { screenSaver: true, login1Lock: true, login1Sleep: true });
  });

  it('org.freedesktop.ScreenSaver ActiveChanged(true) locks (os-lock): one controller lock, requests refused', async () => {
    const { auto, locks, locked } = unlockedAutoLock();
    await listen(auto);
    signal(screensaverService, '/org/freedesktop/ScreenSaver', 'org.freedesktop.ScreenSaver', 'ActiveChanged', true);
    assert.equal(await withTimeout(locked, 20_000, 'lock'), 'os-lock');
    await assertLockedOnce(auto, locks, 'os-lock');
  });

  it('org.gnome.ScreenSaver ActiveChanged(true) locks; ActiveChanged(false) does not', async () => {
    const { auto, locks, locked } = unlockedAutoLock();
    await listen(auto);
    signal(screensaverService, '/org/gnome/ScreenSaver', 'org.gnome.ScreenSaver', 'ActiveChanged', false);
    // a round trip on the listener's bus orders us after the signal above
    await new Promise((resolve) => setTimeout(resolve, 300));
    assertStillUnlocked(auto, locks);
    signal(screensaverService, '/org/gnome/ScreenSaver', 'org.gnome.ScreenSaver', 'ActiveChanged', true);
    assert.equal(await withTimeout(locked, 20_000, 'lock'), 'os-lock');
    await assertLockedOnce(auto, locks, 'os-lock');
  });

  it('login1 Session.Lock on our session locks (os-lock)', async () => {
    const { auto, locks, locked } = unlockedAutoLock();
    await listen(auto);
    signal(login1Service, SESSION_PATH, 'org.freedesktop.login1.Session', 'Lock', null);
    assert.equal(await withTimeout(locked, 20_000, 'lock'), 'os-lock');
    await assertLockedOnce(auto, locks, 'os-lock');
  });

  it('login1 Manager.PrepareForSleep(true) locks (sleep)', async () => {
    const { auto, locks, locked } = unlockedAutoLock();
    await listen(auto);
    signal(login1Service, '/org/freedesktop/login1', 'org.freedesktop.login1.Manager', 'PrepareForSleep', true);
    assert.equal(await withTimeout(locked, 20_000, 'lock'), 'sleep');
    await assertLockedOnce(auto, locks, 'sleep');
  });

  it('ignores login1-looking signals from anyone but the login1 owner, and Lock of other sessions', async () => {
    const { auto, locks, locked } = unlockedAutoLock();
    await listen(auto);
    signal(spoofer, '/org/freedesktop/login1', 'org.freedesktop.login1.Manager', 'PrepareForSleep', true);
    signal(spoofer, SESSION_PATH, 'org.freedesktop.login1.Session', 'Lock', null);
    signal(login1Service, '/org/freedesktop/login1/session/_99', 'org.freedesktop.login1.Session', 'Lock', null);
    // directed signals bypass match rules: send the spoof straight to every connection on the bus
    const names = await spoofer.call(
      new dbus.Message({ destination: 'org.freedesktop.DBus', path: '/org/freedesktop/DBus', interface: 'org.freedesktop.DBus', member: 'ListNames' }),
    );
    const uniqueNames = (names?.body[0] as string[]).filter((name) => name.startsWith(':'));
    assert.ok(uniqueNames.length >= 4);
    for (const destination of uniqueNames) {
      const spoof = dbus.Message.newSignal('/org/freedesktop/login1', 'org.freedesktop.login1.Manager', 'PrepareForSleep', 'b', [true]);
      spoof.destination = destination;
      spoofer.send(spoof);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    assertStillUnlocked(auto, locks);
    // and the genuine one still works afterwards
    signal(login1Service, SESSION_PATH, 'org.freedesktop.login1.Session', 'Lock', null);
    assert.equal(await withTimeout(locked, 20_000, 'lock'), 'os-lock');
    await assertLockedOnce(auto, locks, 'os-lock');
  });

  it('a missing login1 bus degrades gracefully: screensaver still works, login1 reported unavailable', async () => {
    const { auto, locks, locked } = unlockedAutoLock();
    const errors: unknown[] = [];
    const onUnhandled = (error: unknown) => errors.push(error);
    process.on('unhandledRejection', onUnhandled);
    try {
      listeners = await startLinuxLockListeners({
        onSignal: (lockSignal) => auto.dispatch(toInput(lockSignal)),
        login1Bus: () => dbus.sessionBus({ busAddress: 'unix:path=/nonexistent/psono-tray-test/bus' }),
        timeoutMs: 1_500,
      });
      assert.deepEqual(listeners.availability, { screenSaver: true, login1Lock: false, login1Sleep: false });
      signal(screensaverService, '/org/freedesktop/ScreenSaver', 'org.freedesktop.ScreenSaver', 'ActiveChanged', true);
      assert.equal(await withTimeout(locked, 20_000, 'lock'), 'os-lock');
      await assertLockedOnce(auto, locks, 'os-lock');
      assert.deepEqual(errors, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  // The long per-call timeout proves a missing bus is noticed from the socket error, not by waiting.
  it('no services on the bus: everything reported unavailable, nothing throws', { timeout: 60_000 }, async () => {
    const { auto } = unlockedAutoLock();
    const bare = await startLinuxLockListeners({
      onSignal: (lockSignal) => auto.dispatch(toInput(lockSignal)),
      sessionBus: () => dbus.sessionBus({ busAddress: 'unix:path=/nonexistent/psono-tray-test/session' }),
      login1Bus: () => dbus.sessionBus({ busAddress: 'unix:path=/nonexistent/psono-tray-test/bus' }),
      timeoutMs: 10 * 60_000,
    });
    assert.deepEqual(bare.availability, { screenSaver: false, login1Lock: false, login1Sleep: false });
    bare.stop();
  });

  it('startLockTriggers + AutoLock: the composition main uses locks the session controller on PrepareForSleep', async () => {
    const locks: string[] = [];
    const sessions = {
      effectivePhase: 'unlocked' as const,
      lock: async (reason: string) => void locks.push(reason),
    };
    const auto = new AutoLock({ sessions, settings: { ...DEFAULT_SETTINGS, lockOnIdle: false }, readSystemIdleSeconds: () => 0 });
    const powerMonitor = { on: () => powerMonitor, removeListener: () => powerMonitor, getSystemIdleTime: () => 0 } as unknown as PowerMonitorLike;
    const triggers = await startLockTriggers({
      service: auto,
      powerMonitor,
      platform: 'linux',
      linux: { login1Bus: () => dbus.sessionBus(), timeoutMs: 10_000 },
    });
    try {
      assert.deepEqual(triggers.report, { osLock: true, sleep: true, linux: { screenSaver: true, login1Lock: true, login1Sleep: true } });
      signal(login1Service, '/org/freedesktop/login1', 'org.freedesktop.login1.Manager', 'PrepareForSleep', true);
      const deadline = Date.now() + 20_000;
      while (locks.length === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.deepEqual(locks, ['sleep']);
    } finally {
      triggers.stop();
      auto.stop();
    }
  });
});
