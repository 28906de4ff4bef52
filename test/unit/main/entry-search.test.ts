/** EntrySearch over a vault larger than a page: the empty-query listing's cap and order, and frecency in search. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { BROWSE_LIMIT, EntrySearch } from '../../../src/main/entries/entry-search';
import type { IndexedEntry, VaultSession } from '../../../src/main/vault/vault-service';

function entry(i: number): IndexedEntry {
  const id = `id-${String(i).padStart(3, '0')}`;
  return {
    id,
    type: 'website_password',
    kind: 'website_password',
    title: `Login ${String(999 - i).padStart(3, '0')}`,
    path: [],
    urlHost: null,
    urlFilter: null,
    description: `user${i}`,
    datastore: 'Default',
    tags: [],
    actions: ['password', 'username'],
    canOpenUrl: false,
  };
}

const entries = Array.from({ length: 300 }, (_, i) => entry(i));
// EntrySearch reads only `entries` (and takeSearchIndex, optional) of a session.
const vault = { entries } as unknown as VaultSession;

describe('EntrySearch', () => {
  it('lists an empty query as one page at most, whatever limit the window asks', () => {
    const search = new EntrySearch(() => []);
    const listed = search.run(vault, '', 1000);
    assert.equal(listed.entries.length, BROWSE_LIMIT);
    assert.equal(listed.total, entries.length);
    assert.equal(search.run(vault, '  ', 10).entries.length, 10);
    assert.equal(search.run(vault, 'login', 1000).entries.length, 300, 'a query is not capped by the page');
  });

  it('lists favourites, then used entries by frecency, then A–Z', () => {
    const used = new Map([['id-010', 2], ['id-020', 5]]);
    const search = new EntrySearch(() => ['id-299'], (id) => used.get(id) ?? 0);
    const listed = search.run(vault, '', 5).entries.map((row) => row.id);
    // Titles run backwards (id-299 is "Login 700"), so A–Z starts at the highest id.
    assert.deepEqual(listed, ['id-299', 'id-020', 'id-010', 'id-298', 'id-297']);
    assert.equal(search.run(vault, '', 5).entries[0]?.favourite, true);
  });

  it('orders equally good matches by frecency and returns where the username matched', () => {
    const used = new Map([['id-123', 1]]);
    const search = new EntrySearch(() => [], (id) => used.get(id) ?? 0);
    const found = search.run(vault, 'login', 3).entries;
    assert.equal(found[0]?.id, 'id-123');
    const byUser = search.run(vault, 'user12', 50).entries.find((row) => row.id === 'id-012');
    assert.deepEqual(byUser?.descriptionMatches, [[0, 6]]);
    assert.deepEqual(byUser?.titleMatches, []);
  });
});
