import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inspect } from 'node:util';

import { PsonoError } from '../../../src/core/errors';
import { loadVault, typeActions, type VaultEntry } from '../../../src/core/vault';
import { vectors } from '../../fixtures/vectors';
import { FakeVaultSource, VectorVaultSource, uuid } from '../../fakes/vault-source';

type Json = Record<string, unknown>;

const summary = (entries: readonly VaultEntry[]): string[] => entries.map((e) => `${[...e.path, e.title].join('/')} [${e.type}] share=${e.shareId ?? '-'}`);

function item(n: number, name: string, source: FakeVaultSource, extra: Json = {}): Json {
  const secretId = uuid(0x5000 + n);
  const key = source.addSecret(secretId, { application_password_title: name, application_password_password: `pw-${n}` });
  return { id: uuid(0x1000 + n), type: 'application_password', name, secret_id: secretId, secret_key: key, ...extra };
}

describe('vault loader over the worked exchange (spec steps 4–7)', () => {
  it('lists the datastore, mounts the folder share and the nested item share, and drops the trash', async () => {
    const source = new VectorVaultSource();
    const vault = await loadVault(source);
    assert.deepEqual(summary(vault.entries), [
      'Example Mail [website_password] share=-',
      'Work/Build server [application_password] share=-',
      'Work/Team Shared/VPN token [totp] share=9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
      'Work/Team Shared/Shared DB password [application_password] share=0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e',
    ]);
    const mail = vault.entries[0]!;
    assert.equal(mail.id, 'd4e5f6a7-b8c9-4d0e-9f2a-3b4c5d6e7f8a');
    assert.equal(mail.secretId, '5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f');
    assert.equal(mail.datastore, 'Default');
    assert.equal(mail.urlHost, 'mail.example.com');
    assert.equal(mail.description, 'alice');
    assert.deepEqual(mail.tags, ['mail']);
    // The item share keeps its link id from the parent, not an id from the share content.
    assert.equal(vault.entries[3]!.id, '1b8c9d0e-f2a3-4b4c-9d6e-7f8a9b0c1d2e');
    assert.equal(vault.entries[3]!.secretId, '8f9a0b1c-2d3e-4f4a-9b5c-6d7e8f9a0b1c');
    assert.equal(vault.stats.sharesFetched, 2);
    assert.equal(vault.stats.deletedSkipped, 2);
    assert.deepEqual(vault.warnings, []);
    // Secrets were not read while indexing.
    assert.ok(!source.requests.some((path) => path.startsWith('/secret/')));
  });

  it('reads secrets on demand with the item key and caches them until wipe', async () => {
    const source = new VectorVaultSource();
    const vault = await loadVault(source);
    const exchange = vectors.api_key_login_exchange as Record<string, { secret_content: Json }>;
    assert.deepEqual(await vault.secret('d4e5f6a7-b8c9-4d0e-9f2a-3b4c5d6e7f8a'), exchange['step7_secret_read']!.secret_content);
    assert.deepEqual(await vault.secret('7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a0b'), exchange['step7b_secret_read_totp_from_share']!.secret_content);
    assert.deepEqual(await vault.secret('1b8c9d0e-f2a3-4b4c-9d6e-7f8a9b0c1d2e'), exchange['step7c_secret_read_from_nested_item_share']!.secret_content);
    await vault.secret('d4e5f6a7-b8c9-4d0e-9f2a-3b4c5d6e7f8a');
    assert.equal(source.requests.filter((p) => p === '/secret/5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f/').length, 1);

    const { model } = await vault.item('d4e5f6a7-b8c9-4d0e-9f2a-3b4c5d6e7f8a');
    assert.equal(model.username, 'alice');

    const key = vault.itemKey(vault.entries[0]!)!;
    vault.wipe();
    assert.ok(key.wiped);
    assert.equal(vault.entries.length, 0);
    await assert.rejects(vault.secret('d4e5f6a7-b8c9-4d0e-9f2a-3b4c5d6e7f8a'), /after wipe/);
  });

  it('an unknown id is not-found, and an unreadable secret fails only that read', async () => {
    const vault = await loadVault(new VectorVaultSource());
    await assert.rejects(vault.secret(uuid(1)), (error: unknown) => error instanceof PsonoError && error.kind === 'not-found');
    // Build server's secret is not in the vectors: the fake answers 400 like the server.
    await assert.rejects(vault.secret('e5f6a7b8-c9d0-4e1f-8a3b-4c5d6e7f8a9b'), (error: unknown) => error instanceof PsonoError && error.details.status === 400);
  });
});

describe('vault loader share walking', () => {
  it('guards against share cycles: A contains B contains A', async () => {
    const source = new FakeVaultSource();
    const a = uuid(0xa), b = uuid(0xb);
    const keyA = source.addShare(a, {}); // content set below, once B's key exists
    const keyB = source.addShare(b, {
      name: 'B',
      items: [item(2, 'in B', source)],
      folders: [{ id: uuid(0xb1), name: 'A again', share_id: a, share_secret_key: keyA }],
      share_index: { [a]: { paths: [[uuid(0xb1)]], secret_key: keyA } },
    });
    source.shares.get(a)!.content = {
      name: 'A',
      items: [item(1, 'in A', source)],
      folders: [{ id: uuid(0xa1), name: 'B', share_id: b, share_secret_key: keyB }],
      share_index: { [b]: { paths: [[uuid(0xa1)]], secret_key: keyB } },
    };
    source.datastores.push({ id: uuid(0xd1), content: { folders: [{ id: uuid(0xf1), name: 'A', share_id: a, share_secret_key: keyA }], share_index: { [a]: { paths: [[uuid(0xf1)]], secret_key: keyA } } } });

    const vault = await loadVault(source);
    assert.deepEqual(summary(vault.entries), [`A/in A [application_password] share=${a}`, `A/B/in B [application_password] share=${b}`]);
    assert.deepEqual(vault.warnings.map((w) => [w.kind, w.id]), [['share-cycle', a]]);
    assert.equal(source.count(`/share/${a}/`), 1);
    assert.equal(source.count(`/share/${b}/`), 1);
  });

  it('fetches a share mounted at several places once and lists its items once', async () => {
    const source = new FakeVaultSource();
    const s = uuid(0x5);
    const key = source.addShare(s, { name: 'Shared', items: [item(1, 'only once', source)] });
    const mount = (id: number): Json => ({ id: uuid(id), name: 'Shared', share_id: s, share_secret_key: key });
    source.datastores.push({
      id: uuid(0xd1),
      content: { folders: [mount(0xf1), { id: uuid(0xf2), name: 'Sub', folders: [mount(0xf3)] }], share_index: { [s]: { paths: [[uuid(0xf1)], [uuid(0xf2), uuid(0xf3)]], secret_key: key } } },
    });
    source.datastores.push({ id: uuid(0xd2), description: 'Second', isDefault: false, content: { folders: [mount(0xf4)], share_index: { [s]: { paths: [[uuid(0xf4)]], secret_key: key } } } });

    const vault = await loadVault(source);
    assert.deepEqual(summary(vault.entries), [`Shared/only once [application_password] share=${s}`]);
    assert.equal(source.count(`/share/${s}/`), 1);
    assert.equal(vault.stats.duplicatesSkipped, 2);
  });

  it('decodes every item key into its own bytes, skipping malformed keys', async () => {
    const source = new FakeVaultSource();
    const items: Json[] = [];
    const expected = new Map<string, string>();
    for (let n = 0; n < 700; n++) {
      const good = item(n, `item ${n}`, source);
      if (n % 97 === 5) {
        items.push({ ...good, secret_key: `${String(good['secret_key']).slice(0, 62)}zz` });
      } else if (n % 101 === 7) {
        items.push({ ...good, secret_key: String(good['secret_key']).slice(2) });
      } else {
        items.push(good);
        expected.set(String(good['id']), String(good['secret_key']));
      }
    }
    source.datastores.push({ id: uuid(0xd1), content: { items } });
    const vault = await loadVault(source);
    assert.equal(vault.stats.invalidSkipped, 700 - expected.size);
    assert.equal(vault.entries.length, expected.size);
    const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
    for (const entry of vault.entries) {
      assert.equal(hex(vault.itemKey(entry)!.expose()), expected.get(entry.id)!.toLowerCase(), entry.id);
    }
    assert.equal((await vault.item(uuid(0x1000 + 699))).model.password, 'pw-699');

    // Lock zeroes every key, also the ones never used.
    const first = vault.entries[0]!;
    const keys = vault.entries.map((entry) => vault.itemKey(entry)!);
    const bytes = keys.map((key) => key.expose());
    vault.wipe();
    assert.ok(keys.every((key) => key.wiped));
    assert.ok(bytes.every((key) => key.every((byte) => byte === 0)));
    assert.equal(vault.itemKey(first), undefined);
  });

  it('derives kind, quick actions and whether a URL may open from the type', async () => {
    const source = new FakeVaultSource();
    const items = [item(1, 'site', source, { type: 'website_password', urlfilter: 'example.com' }), item(2, 'mark', source, { type: 'bookmark' }), item(3, 'odd', source, { type: 'custom_thing', urlfilter: 'odd.example' }), item(4, 'note', source, { type: 'note' }), item(5, 'odd without url', source, { type: 'custom_thing' })];
    source.datastores.push({ id: uuid(0xd1), content: { items } });
    const vault = await loadVault(source);
    assert.deepEqual(
      vault.entries.map((entry) => [entry.title, entry.kind, entry.actions, entry.canOpenUrl]),
      [
        ['site', 'website_password', typeActions('website_password'), true],
        ['mark', 'bookmark', typeActions('bookmark'), true],
        ['odd', 'unknown', typeActions('custom_thing'), true],
        ['note', 'note', typeActions('note'), false],
        ['odd without url', 'unknown', typeActions('custom_thing'), false],
      ],
    );
  });

  it('keeps the first of each id across thousands of items, and tells apart ids that end alike', async () => {
    const source = new FakeVaultSource();
    const items: Json[] = [];
    for (let n = 0; n < 2500; n++) {
      items.push(item(n, `item ${n}`, source));
    }
    // Ids that share their last 12 characters but are not the same.
    const tail = '-4000-8000-0000000000ab';
    const alike = ['custom-a', 'custom-b', 'x'].map((head, i) => ({ ...item(3000 + i, `alike ${i}`, source), id: `${head}${tail}` }));
    // Later copies of earlier ids (a different object each): skipped as duplicates.
    const copies = [0, 1024, 2047, 2499].map((n) => ({ ...item(n, `copy of ${n}`, source), id: uuid(0x1000 + n) }));
    source.datastores.push({ id: uuid(0xd1), content: { items: [...items, ...alike, ...copies, alike[1]!] } });
    const vault = await loadVault(source);
    assert.equal(vault.entries.length, 2503);
    assert.equal(vault.stats.duplicatesSkipped, 5);
    assert.deepEqual(vault.entries.slice(2500).map((e) => e.title), ['alike 0', 'alike 1', 'alike 2']);
    assert.equal(vault.entries[1024]!.title, 'item 1024');
    assert.equal(new Set(vault.entries.map((e) => e.id)).size, 2503);
  });

  it('hands out plain frozen entries that print no key of their items', async () => {
    const vault = await loadVault(new VectorVaultSource());
    assert.equal(vault.entries.length, 4);
    for (const entry of vault.entries) {
      assert.ok(Object.isFrozen(entry));
      assert.equal(Object.getPrototypeOf(entry), Object.prototype);
      for (const printed of [JSON.stringify(entry), inspect(entry, { showHidden: true, getters: true, depth: 10 }), JSON.stringify({ ...entry })]) {
        assert.doesNotMatch(printed, /[0-9a-f]{64}/i, entry.title);
      }
    }
  });

  it('skips a share the key cannot read (400) with a warning and keeps everything else', async () => {
    const source = new FakeVaultSource();
    const denied = uuid(0xd), fine = uuid(0xf);
    const deniedKey = source.addShare(denied, { name: 'Secret stuff', items: [item(1, 'hidden', source)] }, { deny: true });
    const fineKey = source.addShare(fine, { name: 'Team', items: [item(2, 'visible', source)] });
    source.datastores.push({
      id: uuid(0xd1),
      content: {
        items: [item(3, 'top', source)],
        folders: [
          { id: uuid(0xf1), name: 'Secret stuff', share_id: denied, share_secret_key: deniedKey },
          { id: uuid(0xf2), name: 'Team', share_id: fine, share_secret_key: fineKey },
        ],
        share_index: { [denied]: { paths: [[uuid(0xf1)]], secret_key: deniedKey }, [fine]: { paths: [[uuid(0xf2)]], secret_key: fineKey } },
      },
    });
    const seen: string[] = [];
    const vault = await loadVault(source, { onWarning: (w) => seen.push(w.kind) });
    assert.deepEqual(summary(vault.entries), ['top [application_password] share=-', `Team/visible [application_password] share=${fine}`]);
    assert.deepEqual(vault.warnings.map((w) => [w.kind, w.id]), [['share-unreadable', denied]]);
    assert.deepEqual(seen, ['share-unreadable']);
    assert.equal(vault.stats.sharesSkipped, 1);
    assert.ok(!vault.warnings[0]!.message.includes(deniedKey));
  });

  it('a share that cannot be decrypted is skipped; other failures (network) fail the load', async () => {
    const source = new FakeVaultSource();
    const s = uuid(0x5);
    source.addShare(s, { name: 'X', items: [item(1, 'x', source)] });
    const wrongKey = source.addShare(uuid(0x6), {}); // a valid key, but not this share's
    source.datastores.push({ id: uuid(0xd1), content: { folders: [{ id: uuid(0xf1), name: 'X', share_id: s }], share_index: { [s]: { paths: [[uuid(0xf1)]], secret_key: wrongKey } } } });
    const vault = await loadVault(source);
    assert.deepEqual(vault.entries, []);
    assert.deepEqual(vault.warnings.map((w) => w.kind), ['share-undecryptable']);

    source.shares.get(s)!.failWith = new PsonoError('network');
    await assert.rejects(loadVault(source), (error: unknown) => error instanceof PsonoError && error.kind === 'network');
  });

  it('falls back to the node share_secret_key when the index entry has none', async () => {
    const source = new FakeVaultSource();
    const s = uuid(0x5);
    const key = source.addShare(s, { name: 'X', items: [item(1, 'reachable', source)] });
    source.datastores.push({ id: uuid(0xd1), content: { folders: [{ id: uuid(0xf1), name: 'X', share_id: s, share_secret_key: key }], share_index: { [s]: { paths: [[uuid(0xf1)]] } } } });
    const vault = await loadVault(source);
    assert.deepEqual(summary(vault.entries), [`X/reachable [application_password] share=${s}`]);
  });

  it('merges an item share onto its link node, which keeps its own id', async () => {
    const source = new FakeVaultSource();
    const s = uuid(0x5);
    const content = { ...item(1, 'shared login', source), id: uuid(0xeeee), description: 'bob' };
    const key = source.addShare(s, content);
    source.datastores.push({
      id: uuid(0xd1),
      content: { items: [{ id: uuid(0x1234), name: 'stale name', type: 'application_password', share_id: s, share_secret_key: key }], share_index: { [s]: { paths: [[uuid(0x1234)]], secret_key: key } } },
    });
    const vault = await loadVault(source);
    assert.deepEqual(
      vault.entries.map((e) => [e.id, e.title, e.description, e.shareId, e.secretId]),
      [[uuid(0x1234), 'shared login', 'bob', s, uuid(0x5001)]],
    );
  });

  it('drops deleted folders with their subtree, deleted items and deleted mounts, without fetching them', async () => {
    const source = new FakeVaultSource();
    const inTrash = uuid(0x7), itemShare = uuid(0x8), live = uuid(0x9);
    const trashKey = source.addShare(inTrash, { name: 'Trashed share', items: [item(1, 'never', source)] });
    const itemShareKey = source.addShare(itemShare, { ...item(2, 'deleted item share', source), id: undefined });
    const liveKey = source.addShare(live, {
      name: 'Live',
      items: [item(3, 'kept in share', source), item(4, 'deleted in share', source, { deleted: true })],
      folders: [{ id: uuid(0x91), name: 'Trash inside share', deleted: true, items: [item(5, 'gone', source)] }],
    });
    source.datastores.push({
      id: uuid(0xd1),
      content: {
        items: [item(6, 'kept', source), item(7, 'deleted', source, { deleted: true }), { id: uuid(0x1008), name: 'deleted item share', type: 'application_password', share_id: itemShare, share_secret_key: itemShareKey, deleted: true }],
        folders: [
          { id: uuid(0xf1), name: 'Archive', deleted: true, folders: [{ id: uuid(0xf2), name: 'Trashed share', share_id: inTrash, share_secret_key: trashKey }], items: [item(8, 'in archive', source)] },
          { id: uuid(0xf3), name: 'Live', share_id: live, share_secret_key: liveKey },
        ],
        share_index: {
          [inTrash]: { paths: [[uuid(0xf1), uuid(0xf2)]], secret_key: trashKey },
          [itemShare]: { paths: [[uuid(0x1008)]], secret_key: itemShareKey },
          [live]: { paths: [[uuid(0xf3)]], secret_key: liveKey },
        },
      },
    });
    const vault = await loadVault(source);
    assert.deepEqual(summary(vault.entries), ['kept [application_password] share=-', `Live/kept in share [application_password] share=${live}`]);
    assert.equal(source.count(`/share/${inTrash}/`), 0);
    assert.equal(source.count(`/share/${itemShare}/`), 0);
  });

  it('skips file items, keeps unknown types and fields, puts the default datastore first', async () => {
    const source = new FakeVaultSource();
    source.datastores.push({ id: uuid(0xd2), description: 'Private', isDefault: false, content: { items: [item(1, 'from private', source)] } });
    source.datastores.push({ id: uuid(0xd3), type: 'settings', content: {} });
    source.datastores.push({
      id: uuid(0xd1),
      description: 'Default',
      content: {
        items: [
          { id: uuid(0x1002), type: 'file', name: 'scan.pdf', file_id: uuid(0x77) },
          { ...item(3, 'future thing', source), type: 'hologram', hologram_colour: 'blue', tags: ['a', 7] },
        ],
      },
    });
    source.datastores.push({ id: uuid(0xd4), description: 'Empty', isDefault: false, content: null });
    const vault = await loadVault(source);
    assert.deepEqual(vault.entries.map((e) => [e.title, e.datastore, e.kind, e.type]), [
      ['future thing', 'Default', 'unknown', 'hologram'],
      ['from private', 'Private', 'application_password', 'application_password'],
    ]);
    assert.deepEqual(vault.entries[0]!.tags, ['a', '7']);
    assert.equal(vault.stats.filesSkipped, 1);
    assert.equal(vault.stats.datastores, 3);
    assert.equal(source.count(`/datastore/${uuid(0xd3)}/`), 0);
  });

  it('warns about datastore list entries it skips as malformed, not about other datastore types', async () => {
    const source = new FakeVaultSource();
    source.datastores.push({ id: uuid(0xd1), content: { items: [item(1, 'kept', source)] } });
    source.rewrite = (path, answer) => path !== '/datastore/' ? answer : {
      datastores: [...(answer as { datastores: unknown[] }).datastores, { id: uuid(0xd2), type: 'user' }, { id: 7, type: 'password' }, { id: uuid(0xd3), type: 0 }, 'x'],
    };
    const vault = await loadVault(source);
    assert.deepEqual(vault.entries.map((e) => e.title), ['kept']);
    assert.deepEqual(vault.warnings.map((w) => [w.kind, w.message]), [['datastore-invalid', 'The server\'s datastore list has 3 malformed entries.']]);

    source.rewrite = (path, answer) => path !== '/datastore/' ? answer : { datastores: [{ id: uuid(0xd1), type: 'password', is_default: true }] };
    const undescribed = await loadVault(source);
    assert.deepEqual(undescribed.entries.map((e) => [e.title, e.datastore]), [['kept', '']]);
    assert.deepEqual(undescribed.warnings.map((w) => w.kind), ['datastore-invalid']);
  });

  it('accepts upper-case item keys and skips items whose key is not 64 hex characters', async () => {
    const source = new FakeVaultSource();
    const upper = item(1, 'upper-case key', source);
    upper['secret_key'] = String(upper['secret_key']).toUpperCase();
    const badChar = { ...item(2, 'bad char', source), secret_key: `${'a'.repeat(63)}g` };
    const short = { ...item(3, 'short', source), secret_key: 'a'.repeat(62) };
    source.datastores.push({ id: uuid(0xd1), content: { items: [upper, badChar, short] } });
    const vault = await loadVault(source);
    assert.deepEqual(vault.entries.map((e) => e.title), ['upper-case key']);
    assert.deepEqual(vault.warnings.map((w) => [w.kind, w.id]), [['item-invalid', uuid(0x1002)], ['item-invalid', uuid(0x1003)]]);
    const secret = await vault.secret(uuid(0x1001));
    assert.equal(secret['application_password_password'], 'pw-1');
  });

  it('requests a nested share as soon as its parent is open, while the rest of the depth is still loading', async () => {
    const source = new FakeVaultSource();
    const fast = uuid(0x31), slow = uuid(0x32), nested = uuid(0x33);
    const nestedKey = source.addShare(nested, { name: 'Nested', items: [item(3, 'deep', source)] });
    const fastKey = source.addShare(fast, {
      name: 'Fast',
      items: [item(1, 'quick', source)],
      folders: [{ id: uuid(0x41), name: 'Nested', share_id: nested, share_secret_key: nestedKey }],
      share_index: { [nested]: { paths: [[uuid(0x41)]], secret_key: nestedKey } },
    });
    const slowKey = source.addShare(slow, { name: 'Slow', items: [item(2, 'late', source)] });
    source.datastores.push({
      id: uuid(0xd1),
      content: {
        folders: [
          { id: uuid(0x51), name: 'Fast', share_id: fast, share_secret_key: fastKey },
          { id: uuid(0x52), name: 'Slow', share_id: slow, share_secret_key: slowKey },
        ],
        share_index: { [fast]: { paths: [[uuid(0x51)]], secret_key: fastKey }, [slow]: { paths: [[uuid(0x52)]], secret_key: slowKey } },
      },
    });
    let release = (): void => undefined;
    source.holds.set(`/share/${slow}/`, new Promise<void>((resolve) => (release = resolve)));

    const loading = loadVault(source);
    for (let waited = 0; waited < 100 && source.count(`/share/${nested}/`) === 0; waited++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const nestedWhileSlowHeld = source.count(`/share/${nested}/`);
    release();
    const vault = await loading;

    assert.equal(nestedWhileSlowHeld, 1, 'the nested share went out before the slow share of the first depth answered');
    assert.deepEqual(summary(vault.entries), [
      `Fast/quick [application_password] share=${fast}`,
      `Fast/Nested/deep [application_password] share=${nested}`,
      `Slow/late [application_password] share=${slow}`,
    ]);
    for (const id of [fast, slow, nested]) {
      assert.equal(source.count(`/share/${id}/`), 1);
    }
  });

  it('opens a share fetched ahead again when its mount point lists other keys than the parent share did', async () => {
    // The parent share's content has no folders of its own, so its mount point keeps the folder it
    // had: fetching ahead resolves the nested path to an item of the content (a wrong key), the
    // mount to that folder (the right key). The mount's keys must win.
    const source = new FakeVaultSource();
    const parent = uuid(0x61), child = uuid(0x62), spot = uuid(0x71);
    const childKey = source.addShare(child, { name: 'Child', items: [item(5, 'reachable', source)] });
    const wrongKey = source.addShare(uuid(0x63), {});
    const parentKey = source.addShare(parent, {
      name: 'Parent',
      items: [{ id: spot, type: 'application_password', name: 'decoy', share_id: child, share_secret_key: wrongKey }],
      share_index: { [child]: { paths: [[spot]] } },
    });
    source.datastores.push({
      id: uuid(0xd1),
      content: {
        folders: [{ id: uuid(0x81), name: 'Parent', share_id: parent, share_secret_key: parentKey, folders: [{ id: spot, name: 'Child', share_id: child, share_secret_key: childKey }] }],
        share_index: { [parent]: { paths: [[uuid(0x81)]], secret_key: parentKey } },
      },
    });

    const vault = await loadVault(source);
    assert.deepEqual(vault.warnings, []);
    assert.ok(summary(vault.entries).includes(`Parent/Child/reachable [application_password] share=${child}`), summary(vault.entries).join('\n'));
    assert.equal(source.count(`/share/${child}/`), 1);
  });

  it('fetches the shares of one depth in parallel, never more than the bound', async () => {
    const source = new FakeVaultSource();
    source.delayMs = 20;
    const folders: Json[] = [];
    const index: Json = {};
    for (let n = 0; n < 12; n++) {
      const id = uuid(0x100 + n);
      const key = source.addShare(id, { name: `S${n}`, items: [item(n, `item ${n}`, source)] });
      folders.push({ id: uuid(0x200 + n), name: `S${n}`, share_id: id, share_secret_key: key });
      index[id] = { paths: [[uuid(0x200 + n)]], secret_key: key };
    }
    source.datastores.push({ id: uuid(0xd1), content: { folders, share_index: index } });
    const vault = await loadVault(source, { concurrency: 4 });
    assert.equal(vault.entries.length, 12);
    assert.equal(source.maxInFlight, 4);
  });
});
