/**
 * Auto-type through the real router, handlers and main wiring (harness, in-memory vault), with a
 * key adapter that records what it is asked to type and stands in for the X server's focus. The
 * guards: input main saw, unlocked before and after the read, a lock during the read types nothing,
 * our own window is never a target, an unknown target is refused, an invalid sequence is refused
 * by Settings; the entry's own sequence (a custom field named Auto-Type) wins over the setting.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';

import type * as E from 'electron';
import type { Page } from 'playwright-core';

import { x11WindowId } from '../../src/main/autotype/auto-type-service';
import type { VaultService, VaultSession } from '../../src/main/vault/vault-service';
import type { AppState, DetailField, IpcResult } from '../../src/shared/ipc/dto';
import { SecretText } from '../../src/core/sensitive';
import { closeBrowser, launchApp, type HarnessApp } from '../harness/launch';
import { callBridge, expectError, expectOk } from './bridge';
import { FAKE_ENTRIES, FAKE_SETUP, FakeVaultService } from './fakes/fake-vault';
import { ReadGate } from './fakes/read-gate';
import { EDITOR, focusReturnsOnHide, openSearchFrom as openSearchFromIn, RecordingTyper } from './fakes/recording-typer';

const GITHUB = FAKE_ENTRIES[0]!;
const MAIL = FAKE_ENTRIES[1]!;
/** The fake vault, with GitHub's entry carrying an Auto-Type custom field, and reads that can be held. */
class AutoTypeVault extends ReadGate implements VaultService {
  readonly inner = new FakeVaultService();
  ownSequence: string | null = null;
  check = this.inner.check.bind(this.inner);
  async open(credentials: Parameters<VaultService['open']>[0]): Promise<VaultSession> {
    const session = await this.inner.open(credentials);
    const own = (id: string): string | null => (id === GITHUB.entry.id ? this.ownSequence : null);
    const held = (): Promise<void> => this.pass();
    return new Proxy(session, {
      get(target, key, receiver) {
        if (key === 'details') {
          return async (id: string) => {
            const details = await target.details(id);
            const sequence = own(id);
            const extra: DetailField[] = sequence === null ? [] : [{ key: 'custom:0', label: 'Auto-Type', kind: 'secret', value: null }];
            return { ...details, fields: [...details.fields, ...extra] };
          };
        }
        if (key === 'readField') {
          return async (id: string, field: Parameters<VaultSession['readField']>[1]) => {
            const sequence = own(id);
            const read = field === 'custom:0' && sequence !== null ? { label: 'Auto-Type', value: new SecretText(sequence) } : await target.readField(id, field);
            await held();
            return read;
          };
        }
        const value: unknown = Reflect.get(target, key, receiver);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  }
}

describe('auto-type guards (harness)', { timeout: 120_000 }, () => {
  let harness: HarnessApp;
  let vault: AutoTypeVault;
  let keys: RecordingTyper;
  let page: Page;

  async function setUp(): Promise<void> {
    await harness?.close();
    vault = new AutoTypeVault();
    keys = new RecordingTyper();
    harness = await launchApp({ vault, autoTypeKeys: keys });
    page = await harness.page();
    expectOk(await callBridge<AppState>(page, 'setupSave', { credentials: FAKE_SETUP, pin: null }));
    focusReturnsOnHide(harness, keys);
  }
  const openSearchFrom = (window: string | null): Promise<void> => openSearchFromIn(harness, page, keys, window);
  /** The user presses a key in the window, then the window asks main (straight to main's handler). */
  async function autoType(id = GITHUB.entry.id): Promise<IpcResult<null>> {
    await page.keyboard.press('Shift');
    const contents = harness.main.window.window.webContents;
    const event = { sender: contents, senderFrame: contents.mainFrame } as unknown as E.IpcMainInvokeEvent;
    return harness.electron.ipcMain.__invoke('entry:auto-type', event, [{ id }]) as Promise<IpcResult<null>>;
  }

  before(setUp);
  afterEach(() => keys.typed.splice(0));
  after(async () => {
    await harness.close();
    await closeBrowser();
  });

  test('the state says auto-type is available with this adapter', () => {
    assert.deepEqual(harness.main.state().autoType, { available: true, reason: null });
  });

  test('types the default sequence into the window the user came from, after hiding ours', async () => {
    await openSearchFrom(EDITOR);
    expectOk(await autoType());
    assert.deepEqual(keys.typed, [GITHUB.username, '<Tab>', GITHUB.password, '<Return>']);
    assert.equal(harness.main.window.isVisible(), false);
  });

  test('without input main saw, nothing is typed', async () => {
    await openSearchFrom(EDITOR);
    await page.waitForTimeout(2100); // older input no longer counts
    expectError(await callBridge(page, 'entryAutoType', { id: GITHUB.entry.id }), 'needs-user-action'); // no key pressed
    assert.deepEqual(keys.typed, []);
    assert.ok(harness.main.window.isVisible());
  });

  test('when the window was opened from our own window, from no window or not by the shortcut, nothing is typed', async () => {
    await openSearchFrom(null);
    assert.match(expectError(await autoType(), 'unsupported'), /cannot tell which window/);
    // Opened from the editor once, hidden, then shown from the tray: the old target is forgotten.
    await openSearchFrom(EDITOR);
    harness.main.window.hide();
    harness.main.show('search');
    assert.match(expectError(await autoType(), 'unsupported'), /cannot tell which window/);
    await openSearchFrom(x11WindowId(harness.main.window.window.getNativeWindowHandle()));
    assert.match(expectError(await autoType(), 'unsupported'), /cannot tell which window/);
    assert.deepEqual(keys.typed, []);
  });

  test('when the focus does not come back to the target, nothing is typed', async () => {
    await openSearchFrom(EDITOR);
    keys.focusAfterHide = '999';
    keys.activate = () => Promise.resolve(); // the window manager refuses
    try {
      assert.match(expectError(await autoType(), 'unsupported'), /did not get the focus back/);
    } finally {
      keys.focusAfterHide = EDITOR;
      keys.activate = RecordingTyper.prototype.activate.bind(keys);
    }
    assert.deepEqual(keys.typed, []);
  });

  test('locked: refused, nothing typed', async () => {
    await openSearchFrom(EDITOR);
    await harness.main.lock('manual');
    harness.main.window.show('unlock');
    await page.waitForLoadState();
    expectError(await autoType(), 'locked');
    assert.deepEqual(keys.typed, []);
    await setUp();
  });

  test('a lock while the entry is read: nothing is typed', async () => {
    await openSearchFrom(EDITOR);
    vault.hold();
    const pending = autoType();
    await vault.started;
    await harness.main.lock('manual');
    vault.release();
    await page.waitForLoadState();
    expectError(await pending, 'locked');
    assert.deepEqual(keys.typed, []);
    await setUp();
  });

  test('the entry\'s own sequence (custom field Auto-Type) wins over Settings', async () => {
    vault.ownSequence = '{PASSWORD}{ENTER}';
    try {
      await openSearchFrom(EDITOR);
      expectOk(await autoType());
      assert.deepEqual(keys.typed, [GITHUB.password, '<Return>']);
      keys.typed.splice(0);
      await openSearchFrom(EDITOR);
      expectOk(await autoType(MAIL.entry.id)); // no own field: the setting
      assert.deepEqual(keys.typed, [MAIL.username, '<Tab>', MAIL.password, '<Return>']);
      keys.typed.splice(0);
      vault.ownSequence = '{PASSWORD}{BOGUS}';
      await openSearchFrom(EDITOR);
      assert.match(expectError(await autoType(), 'invalid-argument'), /of this entry.*unknown token \{BOGUS\}/);
      assert.deepEqual(keys.typed, []);
    } finally {
      vault.ownSequence = null;
    }
  });

  test('Settings refuses an invalid sequence and keeps a valid one; off refuses auto-type', async () => {
    assert.match(expectError(await callBridge(page, 'settingsSet', { autoTypeSequence: '{USERNAME}{TAB}{PASWORD}' }), 'invalid-argument'), /unknown token \{PASWORD\}/);
    assert.equal(harness.main.settings.settings.autoTypeSequence, '{USERNAME}{TAB}{PASSWORD}{ENTER}');
    expectOk(await callBridge(page, 'settingsSet', { autoTypeSequence: '{USERNAME}{ENTER}' }));
    await openSearchFrom(EDITOR);
    expectOk(await autoType());
    assert.deepEqual(keys.typed, [GITHUB.username, '<Return>']);
    keys.typed.splice(0);
    expectOk(await callBridge(page, 'settingsSet', { autoType: false }));
    await openSearchFrom(EDITOR);
    assert.match(expectError(await autoType(), 'unsupported'), /turned off/);
    assert.deepEqual(keys.typed, []);
  });
});
