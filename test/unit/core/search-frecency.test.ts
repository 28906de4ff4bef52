/** Frecency (decay, tie-break among equal matches), the empty-query listing, and description ranges. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { browse, buildSearchIndex, FRECENCY_HALF_LIFE_MS, frecencyScores, search, type Searchable } from '../../../src/core/search';

interface Row extends Searchable {
  readonly id: string;
}

function row(id: string, title: string, description = ''): Row {
  return { id, title, path: [], urlHost: null, urlFilter: null, description, tags: [], type: 'website_password' };
}

/** A fixed clock: every age below is relative to it. */
const NOW = Date.UTC(2026, 0, 15, 12);
const DAY = 24 * 60 * 60 * 1000;

describe('frecency', () => {
  it('counts a use now as 1 and halves it every half-life (a week)', () => {
    assert.equal(FRECENCY_HALF_LIFE_MS, 7 * DAY);
    const scores = frecencyScores([{ id: 'a', at: NOW }, { id: 'b', at: NOW - 7 * DAY }, { id: 'c', at: NOW - 14 * DAY }, { id: 'a', at: NOW - 7 * DAY }], NOW);
    assert.equal(scores.get('a'), 1.5);
    assert.equal(scores.get('b'), 0.5);
    assert.equal(scores.get('c'), 0.25);
    assert.equal(scores.get('never'), undefined);
  });

  it('weighs often and lately: three uses a week ago beat one use yesterday', () => {
    const scores = frecencyScores([{ id: 'often', at: NOW - 7 * DAY }, { id: 'often', at: NOW - 7 * DAY }, { id: 'often', at: NOW - 7 * DAY }, { id: 'lately', at: NOW - DAY }], NOW);
    assert.ok(scores.get('often')! > scores.get('lately')!);
  });

  it('counts a use stamped after now (a changed clock) as now, never more', () => {
    assert.equal(frecencyScores([{ id: 'a', at: NOW + 3 * DAY }], NOW).get('a'), 1);
  });
});

describe('frecency in search', () => {
  // Same title length and same words: equally good matches for "mail".
  const rows = [row('m1', 'Mail one', 'alice'), row('m2', 'Mail two', 'bob'), row('m3', 'Mail six', 'carol')];
  const index = buildSearchIndex(rows);
  const ids = (frecency?: Map<string, number>): string[] =>
    search(index, 'mail', frecency ? { frecency: (entry) => frecency.get(entry.id) ?? 0 } : {}).hits.map((hit) => hit.entry.id);

  it('breaks ties between equally good matches, most used first', () => {
    assert.deepEqual(ids(), ['m1', 'm2', 'm3']);
    const used = frecencyScores([{ id: 'm3', at: NOW }, { id: 'm3', at: NOW - DAY }, { id: 'm2', at: NOW - 3 * DAY }], NOW);
    assert.deepEqual(ids(used), ['m3', 'm2', 'm1']);
  });

  it('never lifts a worse match above a better one', () => {
    const mixed = buildSearchIndex([row('sub', 'Gmail archive'), row('exact', 'Mail')]);
    const used = new Map([['sub', 100]]);
    assert.deepEqual(search(mixed, 'mail', { frecency: (entry) => used.get(entry.id) ?? 0 }).hits.map((hit) => hit.entry.id), ['exact', 'sub']);
  });
});

describe('browse (the empty query)', () => {
  const rows = [row('z', 'Zulu'), row('a', 'alpha'), row('m', 'Mike'), row('b', 'Bravo'), row('fav', 'Yankee'), row('used', 'X-ray'), row('old', 'Whiskey')];
  const index = buildSearchIndex(rows);
  const favourites = new Set(['fav']);
  const used = frecencyScores([{ id: 'used', at: NOW }, { id: 'old', at: NOW - 30 * DAY }], NOW);
  const list = (limit: number): string[] =>
    browse(index, { limit, favourite: (entry) => favourites.has(entry.id), frecency: (entry) => used.get(entry.id) ?? 0 }).hits.map((hit) => hit.entry.id);

  it('lists favourites, then recently used by frecency, then A–Z ignoring case', () => {
    assert.deepEqual(list(50), ['fav', 'used', 'old', 'a', 'b', 'm', 'z']);
  });

  it('returns at most `limit` entries, the same first ones, and reports the vault size as total', () => {
    assert.deepEqual(list(3), ['fav', 'used', 'old']);
    assert.deepEqual(list(5), ['fav', 'used', 'old', 'a', 'b']);
    assert.deepEqual(list(0), []);
    assert.equal(browse(index, { limit: 2, favourite: () => false, frecency: () => 0 }).total, rows.length);
  });
});

describe('description ranges', () => {
  const index = buildSearchIndex([row('g', 'GitHub', 'octo-fixture'), row('w', 'Work mail', 'Octavia')]);
  const hit = (query: string, id: string) => search(index, query).hits.find((found) => found.entry.id === id);

  it('finds entries by their username and says where it matched', () => {
    assert.deepEqual(hit('octo', 'g')?.descriptionRanges, [[0, 4]]);
    assert.deepEqual(hit('octo', 'g')?.titleRanges, []);
    assert.deepEqual(hit('oct', 'w')?.descriptionRanges, [[0, 3]]);
  });

  it('marks a one-typo match in the username, and words in title and username each where they hit', () => {
    assert.deepEqual(hit('fixtrue', 'g')?.descriptionRanges, [[5, 12]]);
    const both = hit('github fixture', 'g');
    assert.deepEqual(both?.titleRanges, [[0, 6]]);
    assert.deepEqual(both?.descriptionRanges, [[5, 12]]);
  });
});
