/**
 * Linux lock triggers over D-Bus (Electron's 'lock-screen' exists only on macOS/Windows,
 * electron#24800). We listen, with plain match rules so a service that starts later is still heard:
 *
 * - session bus: org.freedesktop.ScreenSaver and org.gnome.ScreenSaver `ActiveChanged(b)` —
 *   true locks (the screensaver came on), false is a deadline check;
 * - login1 (system bus): our session's `Lock` / `Unlock`, and Manager `PrepareForSleep(b)` —
 *   true is suspend, false is resume.
 *
 * A missing bus or service degrades to "trigger unavailable" (reported for the settings screen),
 * never to an error. The login1 bus is injectable: tests have no system bus and use a service on
 * the session bus with the same names.
 */
import type { EventEmitter } from 'node:events';

import * as dbus from '@jellybrick/dbus-next';
import type { Message, MessageBus } from '@jellybrick/dbus-next';

import type { LinuxLockAvailability } from '../core/lock';

export type LinuxLockSignal =
  | { readonly type: 'os-lock'; readonly source: LinuxLockSource }
  | { readonly type: 'os-unlock'; readonly source: LinuxLockSource }
  | { readonly type: 'suspend' }
  | { readonly type: 'resume' };

export type LinuxLockSource = 'freedesktop-screensaver' | 'gnome-screensaver' | 'login1-session';

export interface LinuxLockListenerOptions {
  readonly onSignal: (signal: LinuxLockSignal) => void;
  /** Defaults to the user's session bus. */
  readonly sessionBus?: () => MessageBus;
  /** Defaults to the system bus. Tests pass a session-bus connection. */
  readonly login1Bus?: () => MessageBus;
  /** Our logind session when "auto" cannot be resolved (defaults to $XDG_SESSION_ID). */
  readonly sessionId?: string | null;
  /** How long to wait for a bus to answer before calling it unavailable. */
  readonly timeoutMs?: number;
  readonly log?: { readonly info: (message: string) => void; readonly warn: (message: string) => void };
}

export interface LinuxLockListeners {
  readonly availability: LinuxLockAvailability;
  stop(): void;
}

const DBUS = { destination: 'org.freedesktop.DBus', path: '/org/freedesktop/DBus', interface: 'org.freedesktop.DBus' } as const;
const SCREENSAVERS = [
  { name: 'org.freedesktop.ScreenSaver', source: 'freedesktop-screensaver' },
  { name: 'org.gnome.ScreenSaver', source: 'gnome-screensaver' },
] as const;
const LOGIN1 = 'org.freedesktop.login1';
const LOGIN1_MANAGER_PATH = '/org/freedesktop/login1';
const LOGIN1_MANAGER = 'org.freedesktop.login1.Manager';
const LOGIN1_SESSION = 'org.freedesktop.login1.Session';

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('D-Bus call timed out')), ms);
    // A call on a failed connection never settles; its timer must not keep the process alive.
    timer.unref();
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error('D-Bus call failed'));
      },
    );
  });
}

async function callBus(bus: MessageBus, member: string, signature: string, body: unknown[], timeoutMs: number): Promise<Message | null> {
  return withTimeout(bus.call(new dbus.Message({ ...DBUS, member, signature, body })), timeoutMs);
}

async function addMatch(bus: MessageBus, rule: string, timeoutMs: number): Promise<void> {
  await callBus(bus, 'AddMatch', 's', [rule], timeoutMs);
}

async function nameOwner(bus: MessageBus, name: string, timeoutMs: number): Promise<string | null> {
  try {
    const reply = await callBus(bus, 'GetNameOwner', 's', [name], timeoutMs);
    const owner: unknown = reply?.body[0];
    return typeof owner === 'string' ? owner : null;
  } catch {
    return null;
  }
}

async function isActivatable(bus: MessageBus, name: string, timeoutMs: number): Promise<boolean> {
  try {
    const reply = await callBus(bus, 'ListActivatableNames', '', [], timeoutMs);
    const names: unknown = reply?.body[0];
    return Array.isArray(names) && names.includes(name);
  } catch {
    return false;
  }
}

/** Opens a bus connection, or null if it cannot be reached in time. Errors never escape. */
async function openBus(factory: () => MessageBus, timeoutMs: number): Promise<MessageBus | null> {
  let bus: MessageBus;
  try {
    bus = factory();
  } catch {
    return null;
  }
  let failed = false;
  // The bus reports socket errors (no such bus) as 'error' events, and its pending calls then
  // never settle; without a listener the event would crash main. So an error ends the wait.
  // Its typed event map leaves 'error' out although it emits it, hence the plain EventEmitter view.
  const connectionFailed = new Promise<never>((_, reject) => {
    (bus as unknown as EventEmitter).on('error', () => {
      failed = true;
      reject(new Error('D-Bus connection failed'));
    });
  });
  connectionFailed.catch(() => undefined);
  try {
    await Promise.race([callBus(bus, 'GetId', '', [], timeoutMs), connectionFailed]);
    return failed ? null : bus;
  } catch {
    bus.disconnect();
    return null;
  }
}

async function login1SessionPath(bus: MessageBus, sessionId: string | null, timeoutMs: number): Promise<string | null> {
  const candidates: Array<[string, string, unknown[]]> = [['GetSession', 's', ['auto']]];
  if (sessionId) {
    candidates.push(['GetSession', 's', [sessionId]]);
  }
  candidates.push(['GetSessionByPID', 'u', [process.pid]]);
  for (const [member, signature, body] of candidates) {
    try {
      const reply = await withTimeout(
        bus.call(new dbus.Message({ destination: LOGIN1, path: LOGIN1_MANAGER_PATH, interface: LOGIN1_MANAGER, member, signature, body })),
        timeoutMs,
      );
      const path: unknown = reply?.body[0];
      if (typeof path === 'string' && path.startsWith('/')) {
        return path;
      }
    } catch {
      // try the next way of naming our session
    }
  }
  return null;
}

export async function startLinuxLockListeners(options: LinuxLockListenerOptions): Promise<LinuxLockListeners> {
  const timeoutMs = options.timeoutMs ?? 3_000;
  const emit = options.onSignal;
  const buses: MessageBus[] = [];
  let stopped = false;
  let screenSaver = false;
  let login1Lock = false;
  let login1Sleep = false;

  const session = await openBus(options.sessionBus ?? (() => dbus.sessionBus()), timeoutMs);
  if (session) {
    buses.push(session);
    try {
      for (const { name } of SCREENSAVERS) {
        await addMatch(session, `type='signal',interface='${name}',member='ActiveChanged'`, timeoutMs);
        screenSaver ||= (await nameOwner(session, name, timeoutMs)) !== null || (await isActivatable(session, name, timeoutMs));
      }
      session.on('message', (message: Message) => {
        if (stopped || message.type !== dbus.MessageType.SIGNAL || message.member !== 'ActiveChanged') {
          return;
        }
        const saver = SCREENSAVERS.find((candidate) => candidate.name === message.interface);
        if (saver && typeof message.body[0] === 'boolean') {
          emit({ type: message.body[0] ? 'os-lock' : 'os-unlock', source: saver.source });
        }
      });
    } catch {
      options.log?.warn('session bus: could not subscribe to screensaver signals');
    }
  } else {
    options.log?.info('no D-Bus session bus: screensaver lock trigger unavailable');
  }

  // The login1 connection may be the same address as the session bus (tests); it is still a separate connection.
  const login1 = await openBus(options.login1Bus ?? (() => dbus.systemBus()), timeoutMs);
  if (login1) {
    buses.push(login1);
    const owner = await nameOwner(login1, LOGIN1, timeoutMs);
    if (owner !== null) {
      try {
        await addMatch(login1, `type='signal',sender='${LOGIN1}',interface='${LOGIN1_MANAGER}',member='PrepareForSleep'`, timeoutMs);
        login1Sleep = true;
        const sessionPath = await login1SessionPath(login1, options.sessionId ?? process.env['XDG_SESSION_ID'] ?? null, timeoutMs);
        if (sessionPath !== null) {
          await addMatch(login1, `type='signal',sender='${LOGIN1}',interface='${LOGIN1_SESSION}',path='${sessionPath}'`, timeoutMs);
          login1Lock = true;
        }
        login1.on('message', (message: Message) => {
          // Only logind's own connection may tell us to lock (a directed signal bypasses match rules).
          if (stopped || message.type !== dbus.MessageType.SIGNAL || message.sender !== owner) {
            return;
          }
          if (message.interface === LOGIN1_MANAGER && message.member === 'PrepareForSleep' && typeof message.body[0] === 'boolean') {
            emit({ type: message.body[0] ? 'suspend' : 'resume' });
          } else if (message.interface === LOGIN1_SESSION && message.path === sessionPath) {
            if (message.member === 'Lock') {
              emit({ type: 'os-lock', source: 'login1-session' });
            } else if (message.member === 'Unlock') {
              emit({ type: 'os-unlock', source: 'login1-session' });
            }
          }
        });
      } catch {
        options.log?.warn('login1: could not subscribe to lock/sleep signals');
      }
    } else {
      options.log?.info('logind is not on its bus: login1 lock and sleep triggers unavailable');
    }
  } else {
    options.log?.info('no D-Bus system bus: login1 lock and sleep triggers unavailable');
  }

  return {
    availability: { screenSaver, login1Lock, login1Sleep },
    stop() {
      stopped = true;
      for (const bus of buses) {
        bus.disconnect();
      }
    },
  };
}
