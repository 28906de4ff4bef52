/**
 * Tray clicks against the real entry actions over an in-memory vault: a click while locked, or one
 * whose read ends after a lock began, copies and opens nothing and says why; Open URL hands the OS
 * only http(s) links; each view click opens the view that fits the phase.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { EntryActions } from '../../../src/main/entries/entry-actions';
import { VaultGate } from '../../../src/main/entries/vault-gate';
import { GeneratorService } from '../../../src/main/generator/generator-service';
import { createLogger } from '../../../src/main/log';
import { TrayActions } from '../../../src/main/tray/tray-actions';
import type { TrayAction } from '../../../src/main/tray/tray-menu';
import type { VaultSession } from '../../../src/main/vault/vault-service';
import type { AppPhase } from '../../../src/shared/ipc/dto';
import { DEFAULT_PASSWORD_OPTIONS } from '../../../src/shared/generator-limits';
import { FAKE_ENTRIES, FAKE_SETUP, FakeVaultService, type FakeEntry } from '../../main/fakes/fake-vault';
import { coreCredentials } from '../../main/helpers';

const GITHUB = FAKE_ENTRIES[0]!;
const HOSTILE: readonly FakeEntry[] = ['file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,x', '/relative', 'ftp://host/'].map((url, index) => ({
  ...GITHUB,
  entry: { ...GITHUB.entry, id: `hostile-${index}`, canOpenUrl: true },
  url,
}));
const LOCKED_MESSAGE = 'Psono Tray is locked. Unlock it first.';

async function world(phase: AppPhase = 'unlocked') {
  const credentials = coreCredentials(FAKE_SETUP);
  const vault: VaultSession = await new FakeVaultService([...FAKE_ENTRIES, ...HOSTILE]).open(credentials);
  let open: VaultSession | null = phase === 'unlocked' ? vault : null;
  const copied: string[] = [];
  const opened: string[] = [];
  const notices: string[] = [];
  const shown: string[] = [];
  const entries = new EntryActions({
    gate: new VaultGate(() => open),
    lists: { favourites: [], addRecent: async () => undefined, setFavourite: async () => undefined },
    clipboard: { copy: async (value) => (copied.push(value), { clearsInSeconds: 30 }) },
    notifyOnCopy: () => false,
    notify: () => undefined,
    openExternal: async (url) => void opened.push(url),
    onChange: () => undefined,
  });
  const tray = new TrayActions({
    phase: () => phase,
    window: { show: (view) => void shown.push(view) },
    entries,
    lock: async () => undefined,
    quit: () => undefined,
    noteActivity: () => undefined,
    notify: (body) => void notices.push(body),
    log: createLogger('Tray', () => undefined),
    generator: new GeneratorService({ clipboard: { copy: async (value) => (copied.push(value), { clearsInSeconds: 30 }) }, remember: async () => undefined }),
    generatorOptions: () => ({ ...DEFAULT_PASSWORD_OPTIONS, length: 24 }),
  });
  const click = async (action: TrayAction): Promise<void> => {
    tray.run(action);
    await tray.done;
  };
  return { tray, click, copied, opened, notices, shown, lock: () => void (open = null) };
}

describe('tray actions', () => {
  it('copy and Open URL while locked: nothing copied or opened, the notice says locked', async () => {
    const w = await world('locked');
    await w.click({ type: 'copy', entryId: GITHUB.entry.id, field: 'password' });
    await w.click({ type: 'open-url', entryId: GITHUB.entry.id });
    assert.deepEqual([w.copied, w.opened, w.notices], [[], [], [LOCKED_MESSAGE, LOCKED_MESSAGE]]);
  });

  it('a click whose read ends after a lock began copies or opens nothing', async () => {
    for (const action of [
      { type: 'copy', entryId: GITHUB.entry.id, field: 'password' },
      { type: 'open-url', entryId: GITHUB.entry.id },
    ] as const) {
      const w = await world();
      w.tray.run(action);
      w.lock(); // the vault answers asynchronously: the read is under way
      await w.tray.done;
      assert.deepEqual([w.copied, w.opened, w.notices], [[], [], [LOCKED_MESSAGE]]);
    }
  });

  it('Open URL refuses every scheme but http(s); copy and open work when unlocked', async () => {
    const w = await world();
    for (const entry of HOSTILE) {
      await w.click({ type: 'open-url', entryId: entry.entry.id });
    }
    assert.deepEqual(w.opened, []);
    assert.equal(w.notices.length, HOSTILE.length);
    assert.ok(w.notices.every((notice) => notice === 'This entry has no http or https URL to open.'));
    await w.click({ type: 'open-url', entryId: GITHUB.entry.id });
    await w.click({ type: 'copy', entryId: GITHUB.entry.id, field: 'password' });
    assert.deepEqual([w.opened, w.copied], [[GITHUB.url], [GITHUB.password]]);
  });

  it('Search, Unlock and Set up open the view that fits the phase', async () => {
    for (const [phase, view] of [['unlocked', 'search'], ['locked', 'unlock'], ['unlocking', 'unlock'], ['no-profile', 'setup']] as const) {
      const w = await world(phase);
      for (const type of ['search', 'unlock', 'setup'] as const) {
        await w.click({ type });
      }
      await w.click({ type: 'settings' });
      assert.deepEqual(w.shown, [view, view, view, 'settings']);
    }
  });

  it('Copy a new password copies one made with the saved options, only while unlocked', async () => {
    const w = await world();
    await w.click({ type: 'generate' });
    assert.equal(w.copied.length, 1);
    assert.equal(w.copied[0]?.length, 24);
    assert.deepEqual(w.notices, ['Copied a generated password. The clipboard clears in 30 s.']);
    const locked = await world('locked');
    await locked.click({ type: 'generate' });
    assert.deepEqual([locked.copied, locked.notices], [[], [LOCKED_MESSAGE]]);
  });

  it('Password generator… opens the generator when unlocked, the unlock view otherwise', async () => {
    for (const [phase, view] of [['unlocked', 'generator'], ['locked', 'unlock'], ['no-profile', 'setup']] as const) {
      const w = await world(phase);
      await w.click({ type: 'generator' });
      assert.deepEqual(w.shown, [view]);
    }
  });
});
