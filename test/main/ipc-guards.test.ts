/**
 * The guards a compromised window meets, through the real router and handlers (harness, in-memory
 * vault): reveals and copies need input main saw itself, an empty search lists nothing, every call
 * outside the locked set is refused while locked, a read that ends after a lock began hands out
 * nothing, and open-URL hands the OS only http(s) links.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import type * as E from 'electron';
import type { Page } from 'playwright-core';

import { PsonoError } from '../../src/core/errors';
import { BROWSE_LIMIT } from '../../src/main/entries/entry-search';
import type { VaultService, VaultSession } from '../../src/main/vault/vault-service';
import type { RequestChannel } from '../../src/shared/ipc/contract';
import type { AppState, IpcResult, SearchResult } from '../../src/shared/ipc/dto';
import { closeBrowser, launchApp, type HarnessApp } from '../harness/launch';
import { callBridge, expectError, expectOk } from './bridge';
import { FAKE_ENTRIES, FAKE_SETUP, FakeVaultService, type FakeEntry } from './fakes/fake-vault';
import { ReadGate } from './fakes/read-gate';

const PIN = 'guard-pin-1234';
const GITHUB = FAKE_ENTRIES[0]!;

/** GitHub's entry under another id with another stored URL. */
function withUrl(id: string, url: string): FakeEntry {
  return { ...GITHUB, entry: { ...GITHUB.entry, id, title: id, canOpenUrl: true, urlHost: null, urlFilter: null }, url };
}
const HOSTILE_URLS = {
  'u-file': 'file:///etc/passwd',
  'u-javascript': 'javascript:alert(document.cookie)',
  'u-data': 'data:text/html,<script>alert(1)</script>',
  'u-relative': '/login',
  'u-ftp': 'ftp://files.example.com/',
  'u-custom': 'ms-settings:privacy',
} as const;
const ENTRIES: readonly FakeEntry[] = [...FAKE_ENTRIES, ...Object.entries(HOSTILE_URLS).map(([id, url]) => withUrl(id, url)), withUrl('u-http', 'http://intranet.example/')];

/** A vault whose reads hand their value over only at `release()`: a lock can begin while one is under way. */
class HeldVault extends ReadGate implements VaultService {
  readonly inner = new FakeVaultService(ENTRIES);
  check = this.inner.check.bind(this.inner);
  /** Set: logging in fails with it (a key the server revoked). */
  openError: Error | null = null;
  async open(credentials: Parameters<VaultService['open']>[0]): Promise<VaultSession> {
    if (this.openError) {
      throw this.openError;
    }
    const session = await this.inner.open(credentials);
    const wait = (): Promise<void> => this.pass();
    return new Proxy(session, {
      get(target, key, receiver) {
        const value: unknown = Reflect.get(target, key, receiver);
        if (key === 'readField' || key === 'totp' || key === 'url') {
          // The value is read first and handed over late: the lock closes the session meanwhile.
          return async (...args: unknown[]) => {
            const read = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
            await wait();
            return read;
          };
        }
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  }
}

/** One valid argument for every channel (the compiler insists on all of them). */
const ARGS: Record<RequestChannel, unknown> = {
  'app:get-state': undefined,
  'setup:check': FAKE_SETUP,
  'setup:save': { credentials: FAKE_SETUP, pin: PIN },
  'vault:search': { query: 'git', limit: 10 },
  'entry:details': { id: GITHUB.entry.id },
  'entry:reveal': { id: GITHUB.entry.id, field: 'password' },
  'entry:copy': { id: GITHUB.entry.id, field: 'password' },
  'entry:totp': { id: GITHUB.entry.id },
  'entry:open-url': { id: GITHUB.entry.id },
  'entry:set-favourite': { id: GITHUB.entry.id, favourite: true },
  'lock:lock': undefined,
  'lock:unlock': { pin: 'not-the-pin-0000' },
  'pin:change': { currentPin: 'not-the-pin-0000', newPin: null },
  'settings:get': undefined,
  'settings:set': { theme: 'dark' },
  'profile:remove': { pin: 'not-the-pin-0000' },
  'window:hide': undefined,
  'usage:clear': undefined,
  'generator:copy': { kind: 'passphrase', words: 4, separator: '-', capitalize: false },
  'entry:auto-type': { id: GITHUB.entry.id },
};
/** What the window may still do while a profile is locked (each proves itself or reads no secret). */
const LOCKED_SET: ReadonlySet<RequestChannel> = new Set(['app:get-state', 'lock:lock', 'lock:unlock', 'pin:change', 'settings:get', 'settings:set', 'window:hide', 'usage:clear']);

/** Settings changes that make locking or clipboard clearing later or rarer. */
const WEAKENING = [
  { lockOnIdle: false },
  { idleMinutes: 11 },
  { lockOnAppInactivity: false },
  { appInactivityMinutes: 16 },
  { lockOnOsLock: false },
  { lockOnSleep: false },
  { clipboardClearSeconds: 31 },
  { clipboardClearSeconds: 0 },
  { clipboardExcludeFromHistory: false },
  { contentProtection: false },
] as const;

describe('IPC guards against a compromised window', { timeout: 120_000 }, () => {
  let harness: HarnessApp;
  let vault: HeldVault;
  let page: Page;

  /** A request from the window's main frame, straight to main's handler (no page round trip). */
  function invoke<T>(channel: RequestChannel, arg?: unknown): Promise<IpcResult<T>> {
    const contents = harness.main.window.window.webContents;
    const event = { sender: contents, senderFrame: contents.mainFrame } as unknown as E.IpcMainInvokeEvent;
    return harness.electron.ipcMain.__invoke(channel, event, arg === undefined ? [] : [arg]) as Promise<IpcResult<T>>;
  }
  const press = (): Promise<void> => page.keyboard.press('Shift');

  async function setUp(pin: string | null): Promise<void> {
    await harness?.close();
    vault = new HeldVault();
    // App inactivity on, so turning it off is a weakening to test.
    harness = await launchApp({ vault, settings: { lockOnAppInactivity: true } });
    page = await harness.page();
    expectOk(await callBridge<AppState>(page, 'setupSave', { credentials: FAKE_SETUP, pin }));
    assert.equal(harness.main.state().phase, 'unlocked');
  }

  before(() => setUp(null));
  after(async () => {
    await harness.close();
    await closeBrowser();
  });

  test('an empty query lists the vault A–Z, one page at most (entry-search.test.ts: the cap); a real one finds', async () => {
    for (const query of ['', '   ']) {
      const result = expectOk(await callBridge<SearchResult>(page, 'vaultSearch', { query, limit: 1000 }));
      assert.ok(result.entries.length <= BROWSE_LIMIT);
      const size = harness.main.state().entryCount;
      assert.deepEqual([result.entries.length, result.total], [Math.min(size, BROWSE_LIMIT), size]);
    }
    const found = expectOk(await callBridge<SearchResult>(page, 'vaultSearch', { query: 'github', limit: 10 }));
    assert.equal(found.entries[0]?.id, GITHUB.entry.id);
  });

  test('a reveal or copy without input main saw is refused; after a key press or a click it is served', async () => {
    await page.waitForTimeout(2100); // older input (setup) no longer counts
    expectError(await callBridge(page, 'entryReveal', { id: GITHUB.entry.id, field: 'password' }), 'needs-user-action');
    expectError(await callBridge(page, 'entryCopy', { id: GITHUB.entry.id, field: 'password' }), 'needs-user-action');
    expectError(await callBridge(page, 'generatorCopy', ARGS['generator:copy']), 'needs-user-action');
    assert.equal(await harness.clipboardText(), '');
    // A script cannot reach the harness's input report either (as in Electron, input comes from the OS).
    assert.equal(await page.evaluate(() => typeof (window as unknown as Record<string, unknown>)['__electronInput']), 'undefined');

    await press();
    assert.deepEqual(expectOk(await callBridge(page, 'entryReveal', { id: GITHUB.entry.id, field: 'password' })), { key: 'password', value: GITHUB.password });
    await page.mouse.click(5, 5);
    expectOk(await callBridge(page, 'entryCopy', { id: GITHUB.entry.id, field: 'password' }));
    assert.equal(await harness.clipboardText(), GITHUB.password);
    await harness.main.clipboard.clearIfOurs('timer');
  });

  test('reveals are rate-limited even with input', async () => {
    await setUp(null); // a fresh count
    await press();
    for (let i = 0; i < 20; i += 1) {
      expectOk(await invoke('entry:reveal', { id: GITHUB.entry.id, field: 'username' }));
    }
    await press();
    expectError(await invoke('entry:reveal', { id: GITHUB.entry.id, field: 'username' }), 'reveal-limit');
  });

  test('open-URL hands the OS only http and https links', async () => {
    for (const id of Object.keys(HOSTILE_URLS)) {
      expectError(await invoke('entry:open-url', { id }), 'unsupported');
    }
    assert.deepEqual(harness.electron.shell.opened, []);
    expectOk(await invoke('entry:open-url', { id: 'u-http' }));
    expectOk(await invoke('entry:open-url', { id: GITHUB.entry.id }));
    assert.deepEqual(harness.electron.shell.opened, ['http://intranet.example/', GITHUB.url]);
  });

  for (const [channel, arg] of [
    ['entry:reveal', { id: GITHUB.entry.id, field: 'password' }],
    ['entry:copy', { id: GITHUB.entry.id, field: 'password' }],
    ['entry:totp', { id: 'e-otp' }],
    ['entry:open-url', { id: GITHUB.entry.id }],
  ] as const) {
    test(`${channel}: a read that ends after a lock began answers 'locked'`, async () => {
      await setUp(null); // unlocked, and a fresh reveal count
      const opened = harness.electron.shell.opened.length;
      await press();
      vault.hold();
      const pending = invoke(channel, arg);
      await Promise.race([vault.started, pending.then((result) => assert.fail(`answered before the read: ${JSON.stringify(result)}`))]);
      const locking = harness.main.lock('manual');
      vault.release();
      expectError(await pending, 'locked');
      await locking;
      assert.equal(await harness.clipboardText(), '');
      assert.equal(harness.electron.shell.opened.length, opened);
    });
  }

  test('while locked, every call outside the locked set is refused, and so is weakening a setting', async () => {
    await setUp(PIN);
    await harness.main.lock('manual');
    await press();
    for (const channel of Object.keys(ARGS) as RequestChannel[]) {
      if (!LOCKED_SET.has(channel)) {
        expectError(await invoke(channel, ARGS[channel]), 'locked');
      }
    }
    for (const patch of WEAKENING) {
      expectError(await invoke('settings:set', patch), 'locked');
    }
    assert.equal(harness.main.state().phase, 'locked');
    assert.equal(harness.main.state().profile !== null, true);
    // Tightening and harmless changes still work; the locked set still answers.
    expectOk(await invoke('settings:set', { idleMinutes: 5, clipboardClearSeconds: 10, theme: 'dark' }));
    expectError(await invoke('lock:unlock', ARGS['lock:unlock']), 'wrong-pin');
    expectOk(await invoke('app:get-state'));
  });

  test('unlocked (or with no profile) the same calls are served', async () => {
    expectOk(await invoke('lock:unlock', { pin: PIN }));
    for (const patch of WEAKENING) {
      expectOk(await invoke('settings:set', patch));
    }
    expectOk(await invoke('setup:check', FAKE_SETUP));
    expectOk(await invoke('profile:remove', { pin: PIN }));
    assert.equal(harness.main.state().phase, 'no-profile');
    expectOk(await invoke('setup:check', FAKE_SETUP));
    expectOk(await invoke('setup:save', { credentials: FAKE_SETUP, pin: null }));
  });

  test('removing a profile with a PIN needs it: none or a wrong one is refused and counted like an unlock', async () => {
    await setUp(PIN);
    expectError(await invoke('profile:remove', { pin: null }), 'wrong-pin');
    assert.match(expectError(await invoke('profile:remove', { pin: 'not-the-pin-0000' }), 'wrong-pin'), /9 attempts left/);
    assert.equal(harness.main.state().phase, 'unlocked');
    await harness.main.lock('manual');
    // The same counter as unlocking: the next wrong PIN has one attempt fewer left.
    assert.match(expectError(await invoke('lock:unlock', { pin: 'not-the-pin-0000' }), 'wrong-pin'), /8 attempts left/);
    await new Promise((resolve) => setTimeout(resolve, 2100)); // the delay after the second failure
    expectOk(await invoke('lock:unlock', { pin: PIN }));
    expectOk(await invoke('profile:remove', { pin: PIN }));
    assert.equal(harness.main.state().phase, 'no-profile');
  });

  test('a profile whose key the server revoked may be removed while locked, with its PIN', async () => {
    await setUp(PIN);
    await harness.main.lock('manual');
    vault.openError = new PsonoError('key-inactive');
    expectError(await invoke('lock:unlock', { pin: PIN }), 'key-inactive');
    assert.deepEqual([harness.main.state().phase, harness.main.state().lockReason], ['locked', 'key-revoked']);
    expectError(await invoke('profile:remove', { pin: 'not-the-pin-0000' }), 'wrong-pin');
    assert.equal(harness.main.state().phase, 'locked');
    expectOk(await invoke('profile:remove', { pin: PIN }));
    assert.equal(harness.main.state().phase, 'no-profile');
  });
});
