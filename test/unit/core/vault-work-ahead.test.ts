// Work done while the shares load (loadVault's whileSharesLoad, SearchIndexBuilder.prepareAhead)
// must not change the result: the same entries, in the same order, with the same keys, and the
// same search answers, as a load and a build that did everything at the end.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { search, SearchIndexBuilder, buildSearchIndex, type Searchable } from '../../../src/core/search';
import { loadVault, type VaultEntry } from '../../../src/core/vault';
import { FakeVaultSource, uuid } from '../../fakes/vault-source';

type Json = Record<string, unknown>;

function item(source: FakeVaultSource, n: number, name: string, extra: Json = {}): Json {
  const secretId = uuid(0x5000 + n);
  const key = source.addSecret(secretId, { application_password_title: name, application_password_password: `pw-${n}` });
  return { id: uuid(0x1000 + n), type: 'application_password', name, secret_id: secretId, secret_key: key, ...extra };
}

/**
 * A datastore whose shares change what the provisional pass saw: a folder share mounted before a
 * folder holding a duplicate of one of its items (the share's copy comes first and wins), a share
 * inside that share, and an item share merged onto a stale link item.
 */
function scenario(): FakeVaultSource {
  const source = new FakeVaultSource();
  source.delayMs = 6; // answers take a while, so the client is idle in between and works ahead
  const folderShare = uuid(0xa1);
  const nestedShare = uuid(0xa2);
  const itemShare = uuid(0xa3);
  const duplicated = item(source, 7, 'duplicated login');
  const nestedKey = source.addShare(nestedShare, { items: [item(source, 20, 'nested deploy key')] });
  const folderKey = source.addShare(folderShare, {
    items: [duplicated, item(source, 8, 'team wiki')],
    folders: [{ id: uuid(0xf5), name: 'Deep', share_id: nestedShare, share_secret_key: nestedKey }],
    share_index: { [nestedShare]: { paths: [[uuid(0xf5)]], secret_key: nestedKey } },
  });
  const itemKey = source.addShare(itemShare, { ...item(source, 30, 'fresh shared login'), description: 'from the share' });
  const own = Array.from({ length: 300 }, (_, i) => item(source, 100 + i, `own entry ${i}`, { urlfilter: `host${i % 17}.example.com`, description: i % 5 === 0 ? 'with notes' : '' }));
  source.datastores.push({
    id: uuid(0xd1),
    content: {
      items: [
        ...own.slice(0, 150),
        // The stale link: its own old secret and name until the item share is merged onto it.
        { ...item(source, 31, 'stale link name'), id: uuid(0x1234), share_id: itemShare, share_secret_key: itemKey },
      ],
      folders: [
        { id: uuid(0xf1), name: 'Team', share_id: folderShare, share_secret_key: folderKey },
        { id: uuid(0xf2), name: 'Mine', items: [{ ...duplicated }, ...own.slice(150)] },
      ],
      share_index: {
        [folderShare]: { paths: [[uuid(0xf1)]], secret_key: folderKey },
        [itemShare]: { paths: [[uuid(0x1234)]], secret_key: itemKey },
      },
    },
  });
  return source;
}

function comparable(entries: readonly VaultEntry[]): unknown[] {
  return entries.map((entry) => ({ ...entry, secretKey: entry.secretKey === null ? null : Buffer.from(entry.secretKey.expose()).toString('hex') }));
}

describe('work ahead while the shares load', () => {
  it('gives the entries of a plain load, taking most provisional entries as they are and wiping the rest', async () => {
    const plain = await loadVault(scenario());
    let provisional: readonly VaultEntry[] = [];
    let idleSeen = false;
    const ahead = await loadVault(scenario(), {
      whileSharesLoad: async (entries, signals) => {
        provisional = entries;
        idleSeen = signals.idle();
      },
    });
    // Different sources (fresh random keys): compare everything but the key bytes and secret ids' keys.
    const strip = (entries: readonly VaultEntry[]): unknown[] => (comparable(entries) as Json[]).map(({ secretKey, ...rest }) => ({ ...rest, hasKey: secretKey !== null }));
    assert.deepEqual(strip(ahead.entries), strip(plain.entries));
    assert.deepEqual(ahead.stats.duplicatesSkipped, plain.stats.duplicatesSkipped);
    assert.deepEqual(ahead.warnings, plain.warnings);

    assert.ok(idleSeen, 'the hook ran while the client was idle');
    assert.ok(provisional.length >= 300, `provisional pass saw ${provisional.length} entries`);
    const taken = provisional.filter((entry) => ahead.entries.includes(entry));
    assert.ok(taken.length >= 290, `${taken.length} provisional entries were taken as they are`);
    const untaken = provisional.filter((entry) => !ahead.entries.includes(entry));
    // The stale link item and the later duplicate were made provisionally and then dropped.
    assert.deepEqual(untaken.map((entry) => entry.title).sort(), ['duplicated login', 'stale link name']);
    for (const entry of untaken) {
      assert.equal(entry.secretKey?.wiped, true, `${entry.title}: its key copy is zeroed`);
    }
    const link = ahead.entries.find((entry) => entry.id === uuid(0x1234));
    assert.deepEqual([link?.title, link?.description, link?.secretId], ['fresh shared login', 'from the share', uuid(0x5000 + 30)]);
    const duplicate = ahead.entries.filter((entry) => entry.title === 'duplicated login');
    assert.deepEqual(duplicate.map((entry) => entry.path), [['Team']]);
  });

  it('a load without shares or without the hook does no provisional pass', async () => {
    const source = new FakeVaultSource();
    source.datastores.push({ id: uuid(0xd2), content: { items: [item(source, 1, 'only')] } });
    let called = false;
    const vault = await loadVault(source, {
      whileSharesLoad: async () => {
        called = true;
      },
    });
    assert.equal(called, false);
    assert.deepEqual(vault.entries.map((entry) => entry.title), ['only']);
  });
});

describe('SearchIndexBuilder.prepareAhead', () => {
  const words = ['github', 'gitlab', 'mail', 'bank', 'Straße', 'café', 'prod db', 'grafana', 'wifi', 'zendesk'];
  const entries: Searchable[] = Array.from({ length: 400 }, (_, i) => ({
    title: `${words[i % words.length]} account ${i}`,
    path: i % 3 === 0 ? [] : ['Work', words[(i * 7) % words.length]!],
    urlHost: i % 4 === 0 ? null : `${words[i % 5]}.example.com`,
    urlFilter: i % 4 === 0 ? null : `${words[i % 5]}.example.com`,
    description: i % 6 === 0 ? 'shared with the team' : '',
    tags: i % 9 === 0 ? ['ops', 'legacy'] : [],
  }));
  const queries = ['g', 'git', 'github acc', 'strasse', 'cafe', 'prod', 'graf', 'gthub', 'work bank', 'team', 'ops', 'example', '12', 'zzz'];

  it('answers every query as a build without preparation, with entries prepared, some unused, and copies indexed', async () => {
    const plainIndex = buildSearchIndex(entries);
    const builder = new SearchIndexBuilder();
    // Prepare the first 300 plus 50 entries that the final index will not contain.
    const stray: Searchable[] = entries.slice(0, 50).map((entry) => ({ ...entry, title: `stray ${entry.title} vocabularyonly` }));
    await builder.prepareAhead([...entries.slice(0, 300), ...stray], { done: () => false, idle: () => true });
    // The index is over copies (as main's own entries are), mapped back by position.
    const copies = entries.map((entry) => ({ ...entry }));
    const preparedIndex = builder.build(copies, (_, i) => entries[i]!);
    for (const query of queries) {
      const expected = search(plainIndex, query, { limit: 50 });
      const actual = search(preparedIndex, query, { limit: 50 });
      assert.equal(actual.total, expected.total, query);
      assert.deepEqual(
        actual.hits.map((hit) => [copies.indexOf(hit.entry), hit.score, hit.titleRanges]),
        expected.hits.map((hit) => [entries.indexOf(hit.entry), hit.score, hit.titleRanges]),
        query,
      );
    }
    assert.equal(search(preparedIndex, 'vocabularyonly').total, 0);
  });

  it('does nothing while not idle and stops when done', async () => {
    const builder = new SearchIndexBuilder();
    let checks = 0;
    await builder.prepareAhead(entries, { done: () => ++checks > 3, idle: () => false });
    assert.ok(checks > 3);
    const index = builder.build(entries);
    assert.equal(search(index, 'github').total, search(buildSearchIndex(entries), 'github').total);
  });
});
