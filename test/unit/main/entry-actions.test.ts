/**
 * Entry actions against an in-memory vault: what copy, reveal, TOTP and open-URL hand out, and that
 * a lock beginning while the value is being read stops it before the clipboard, the window or the
 * browser sees it.
 */
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';

import { EntryActions } from '../../../src/main/entries/entry-actions';
import { VaultGate } from '../../../src/main/entries/vault-gate';
import type { VaultSession } from '../../../src/main/vault/vault-service';
import { FAKE_SETUP, FakeVaultService } from '../../main/fakes/fake-vault';
import { coreCredentials } from '../../main/helpers';

interface World {
  actions: EntryActions;
  /** Locks: from now on the gate reports no open vault. */
  lock(): void;
  clipboard: Array<[string, string]>;
  recent: string[];
  notices: string[];
  opened: string[];
  /** Ids handed to recordUse (usage for recent-first ordering). */
  used: string[];
}

async function world(): Promise<World> {
  const credentials = coreCredentials(FAKE_SETUP);
  const vault: VaultSession = await new FakeVaultService().open(credentials);
  let open: VaultSession | null = vault;
  const clipboard: Array<[string, string]> = [];
  const recent: string[] = [];
  const notices: string[] = [];
  const opened: string[] = [];
  const used: string[] = [];
  const actions = new EntryActions({
    gate: new VaultGate(() => open),
    lists: { favourites: [], addRecent: async (id) => void recent.push(id), setFavourite: async () => undefined },
    clipboard: {
      copy: async (value, label) => {
        clipboard.push([value, label]);
        return { clearsInSeconds: 30 };
      },
    },
    notifyOnCopy: () => true,
    notify: (body) => notices.push(body),
    openExternal: async (url) => void opened.push(url),
    onChange: () => undefined,
    recordUse: (id) => void used.push(id),
  });
  const lock = (): void => {
    open = null;
  };
  return { actions, lock, clipboard, recent, notices, opened, used };
}

const LOCKED = { name: 'AppFailure', error: { kind: 'locked', message: 'Psono Tray is locked. Unlock it first.' } };

describe('entry actions', () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
  });

  it('copy writes the value with its label, records it as recent and notifies', async () => {
    assert.deepEqual(await w.actions.copy('e-github', 'password'), { label: 'password of GitHub', clearsInSeconds: 30 });
    assert.deepEqual(w.clipboard, [['gh-pass-Zq81!x', 'password of GitHub']]);
    assert.deepEqual(w.recent, ['e-github']);
    assert.deepEqual(w.notices, ['Copied the password of GitHub. The clipboard clears in 30 s.']);
    await w.actions.copy('e-otp', 'totp');
    assert.deepEqual(w.clipboard[1], ['492039', 'TOTP code of Two-factor']);
  });

  it('reveal, TOTP and open-URL hand out the value; only http(s) URLs open', async () => {
    assert.deepEqual(await w.actions.reveal('e-github', 'password'), { key: 'password', value: 'gh-pass-Zq81!x' });
    assert.equal((await w.actions.totp('e-otp')).code, '492039');
    await w.actions.openUrl('e-github');
    assert.deepEqual(w.opened, ['https://github.com/login']);
    await assert.rejects(w.actions.openUrl('e-bank'), { error: { kind: 'unsupported', message: 'This entry has no http or https URL to open.' } });
    assert.deepEqual(w.opened, ['https://github.com/login']);
  });

  it('records a use after a copy, a reveal and an opened URL, not for a TOTP display or details', async () => {
    await w.actions.copy('e-github', 'password');
    await w.actions.reveal('e-otp', 'totp');
    await w.actions.openUrl('e-github');
    await w.actions.totp('e-otp');
    await w.actions.details('e-github');
    assert.deepEqual(w.used, ['e-github', 'e-otp', 'e-github']);
    await assert.rejects(w.actions.openUrl('e-bank'));
    assert.deepEqual(w.used, ['e-github', 'e-otp', 'e-github'], 'a refused URL is no use');
  });

  it('refuses while locked and for an unknown id', async () => {
    await assert.rejects(w.actions.copy('e-nope', 'password'), { kind: 'not-found' });
    w.lock();
    await assert.rejects(w.actions.details('e-github'), LOCKED);
    await assert.rejects(w.actions.copy('e-github', 'password'), LOCKED);
  });

  for (const [name, run] of [
    ['copy', (a: EntryActions) => a.copy('e-github', 'password')],
    ['copy a TOTP code', (a: EntryActions) => a.copy('e-otp', 'totp')],
    ['reveal', (a: EntryActions) => a.reveal('e-github', 'password')],
    ['reveal a TOTP code', (a: EntryActions) => a.reveal('e-otp', 'totp')],
    ['the TOTP code', (a: EntryActions) => a.totp('e-otp')],
    ['open URL', (a: EntryActions) => a.openUrl('e-github')],
  ] as const) {
    it(`${name}: a lock that begins during the read stops the value`, async () => {
      const pending = run(w.actions);
      w.lock(); // the read is under way (the vault answers asynchronously)
      await assert.rejects(pending, LOCKED);
      assert.deepEqual(w.clipboard, []);
      assert.deepEqual(w.opened, []);
      assert.deepEqual(w.recent, []);
      assert.deepEqual(w.used, [], 'a stopped action is no use');
    });
  }
});
