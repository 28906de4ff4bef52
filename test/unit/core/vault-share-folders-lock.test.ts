/**
 * Items in folders inside shares keep the share's id (what `ls --json` prints as share_id), and a
 * lock leaves no decrypted secret reachable from a vault that something still holds.
 */
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, it } from 'node:test';

import { loadRestrictedVault, loadVault, type RestrictedSource, type Vault } from '../../../src/core/vault';
import { FakeVaultSource, uuid } from '../../fakes/vault-source';

type Json = Record<string, unknown>;

function item(n: number, name: string, source: FakeVaultSource): Json {
  const secretId = uuid(0x5000 + n);
  const key = source.addSecret(secretId, { application_password_title: name, application_password_password: `pw-${n}` });
  return { id: uuid(0x1000 + n), type: 'application_password', name, secret_id: secretId, secret_key: key };
}

describe('items in folders inside shares', () => {
  it('keep the id of the closest share at every depth, and an item share inside keeps its own', async () => {
    const source = new FakeVaultSource();
    const team = uuid(0xa), single = uuid(0xb), inner = uuid(0xc);
    const singleKey = source.addShare(single, item(4, 'single', source));
    const innerKey = source.addShare(inner, { name: 'Inner', items: [item(5, 'in inner', source)] });
    const teamKey = source.addShare(team, {
      name: 'Team',
      items: [item(1, 'top of team', source)],
      folders: [
        {
          id: uuid(0xf2),
          name: 'Ops',
          items: [item(2, 'in ops', source)],
          folders: [
            {
              id: uuid(0xf3),
              name: 'Deeper',
              items: [item(3, 'in deeper', source), { id: uuid(0x1b), name: 'single', type: 'application_password', share_id: single, share_secret_key: singleKey }],
              folders: [{ id: uuid(0xf4), name: 'Inner', share_id: inner, share_secret_key: innerKey }],
            },
          ],
        },
      ],
      share_index: {
        [single]: { paths: [[uuid(0xf2), uuid(0xf3), uuid(0x1b)]], secret_key: singleKey },
        [inner]: { paths: [[uuid(0xf2), uuid(0xf3), uuid(0xf4)]], secret_key: innerKey },
      },
    });
    source.datastores.push({
      id: uuid(0xd1),
      content: {
        items: [item(0, 'own', source)],
        folders: [{ id: uuid(0xf0), name: 'Work', folders: [{ id: uuid(0xf1), name: 'Team', share_id: team, share_secret_key: teamKey }] }],
        share_index: { [team]: { paths: [[uuid(0xf0), uuid(0xf1)]], secret_key: teamKey } },
      },
    });
    const vault = await loadVault(source);
    assert.deepEqual(
      vault.entries.map((entry) => [[...entry.path, entry.title].join('/'), entry.shareId]),
      [
        ['own', null],
        ['Work/Team/top of team', team],
        ['Work/Team/Ops/in ops', team],
        ['Work/Team/Ops/Deeper/in deeper', team],
        ['Work/Team/Ops/Deeper/single', single],
        ['Work/Team/Ops/Deeper/Inner/in inner', inner],
      ],
    );
    assert.equal((await vault.item(uuid(0x1003))).model.password, 'pw-3');
  });
});

describe('lock', () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;

  /** Collects garbage after the current job: WeakRefs made in a job keep their target until it ends. */
  async function collect(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    gc();
  }

  /** A weak reference to each secret the vault hands out for `ids` (the caller keeps none). */
  async function readWeakly(vault: Vault, ids: readonly string[]): Promise<Array<WeakRef<object>>> {
    const refs: Array<WeakRef<object>> = [];
    for (const id of ids) {
      refs.push(new WeakRef(await vault.secret(id)));
      refs.push(new WeakRef((await vault.item(id)).model));
    }
    return refs;
  }

  async function assertLockReleases(vault: Vault, ids: readonly string[]): Promise<void> {
    const refs = await readWeakly(vault, ids);
    await collect();
    // The control: unlocked, the vault keeps the secrets it read (one server read per secret).
    assert.ok(refs.filter((_, i) => i % 2 === 0).every((ref) => ref.deref() !== undefined), 'secrets are cached while unlocked');
    vault.wipe();
    await collect();
    assert.deepEqual(
      refs.map((ref) => ref.deref() !== undefined),
      refs.map(() => false),
      'no decrypted secret or item model is reachable after the lock',
    );
    // The vault itself is still held here.
    assert.equal(vault.wiped, true);
  }

  it('a lock leaves no decrypted secret reachable from the vault (session key)', async () => {
    const source = new FakeVaultSource();
    source.datastores.push({ id: uuid(0xd1), content: { items: [item(1, 'one', source), item(2, 'two', source)] } });
    const vault = await loadVault(source);
    await assertLockReleases(vault, [uuid(0x1001), uuid(0x1002)]);
  });

  it('a lock leaves no decrypted secret reachable from the vault (restricted key, secrets read while indexing)', async () => {
    const secrets = new Map<string, Json>([
      [uuid(0x51), { application_password_title: 'one', application_password_password: 'pw-1' }],
      [uuid(0x52), { application_password_title: 'two', application_password_password: 'pw-2' }],
    ]);
    const source: RestrictedSource = {
      secretIds: async () => [...secrets.keys()],
      readSecret: async (secretId) => structuredClone(secrets.get(secretId)!),
    };
    const vault = await loadRestrictedVault(source);
    await assertLockReleases(vault, [uuid(0x51), uuid(0x52)]);
  });
});
