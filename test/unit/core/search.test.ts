import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { buildSearchIndex, search, withinOneEdit, type Searchable } from '../../../src/core/search';
import { normalize, tokenize } from '../../../src/core/search/normalize';

interface Row extends Searchable {
  readonly id: string;
}

function row(id: string, title: string, more: Partial<Searchable> = {}): Row {
  return { id, title, path: [], urlHost: null, urlFilter: null, description: '', tags: [], type: '', ...more };
}

const rows: Row[] = [
  row('gmail', 'Gmail', { urlHost: 'mail.google.com', urlFilter: 'mail.google.com', description: 'alice@gmail.com' }),
  row('github', 'GitHub', { path: ['Work', 'Dev'], urlHost: 'github.com', urlFilter: 'github.com', description: 'alice' }),
  row('gitlab', 'GitLab CI token', { path: ['Work'], tags: ['ci'] }),
  row('cafe', 'Café Müller', { path: ['Privat', 'Essen'], description: 'Stammkunde' }),
  row('strasse', 'Straße der Einheit', { description: 'Adresse' }),
  row('bank', 'Bank of Examples', { tags: ['finance', 'git'], description: 'online banking' }),
  row('vpn', 'VPN token', { path: ['Work', 'Team Shared'] }),
  row('db', 'Shared DB password', { path: ['Work', 'Team Shared'], description: 'dbadmin' }),
  row('passwords', 'Passwords for the wiki', {}),
  row('zz', 'Zebra', { path: ['Github mirror'] }),
];
const index = buildSearchIndex(rows);
const ids = (query: string, limit?: number): string[] => search(index, query, limit === undefined ? {} : { limit }).hits.map((hit) => hit.entry.id);

describe('search', () => {
  it('matches nothing for an empty query', () => {
    assert.deepEqual(search(index, '   '), { hits: [], total: 0 });
  });

  it('works from the first character, title prefix before other fields', () => {
    const result = ids('g');
    assert.deepEqual(result.slice(0, 3), ['gmail', 'github', 'gitlab']);
    assert.ok(result.includes('zz'), 'path "Github mirror" matches too');
  });

  it('ranks exact > prefix > substring and title > path > others', () => {
    // "git": prefix of the GitHub/GitLab titles, exact tag on Bank, prefix of the Zebra path.
    assert.deepEqual(ids('git'), ['bank', 'github', 'gitlab', 'zz']);
    // "github": exact title beats exact word in a path.
    assert.deepEqual(ids('github'), ['github', 'zz']);
    // "lab" is only a substring of GitLab.
    assert.deepEqual(ids('lab'), ['gitlab']);
  });

  it('ANDs multiple words across fields', () => {
    assert.deepEqual(ids('team token'), ['vpn']);
    assert.deepEqual(ids('work shared db'), ['db']);
    assert.deepEqual(ids('work nothing'), []);
  });

  it('is case- and diacritics-insensitive in both directions', () => {
    assert.deepEqual(ids('cafe muller'), ['cafe']);
    assert.deepEqual(ids('CAFÉ'), ['cafe']);
    assert.deepEqual(ids('strasse'), ['strasse']);
    assert.deepEqual(ids('straße'), ['strasse']);
    assert.deepEqual(ids('essen'), ['cafe']);
  });

  it('tolerates one typo in words of four or more characters, ranked below real matches', () => {
    assert.deepEqual(ids('gmial'), ['gmail']);
    assert.deepEqual(ids('githbu'), ['github', 'zz']);
    // Both titles hold a one-edit typo; the shorter title wins the tie.
    assert.deepEqual(ids('pasword'), ['db', 'passwords']);
    assert.deepEqual(ids('tokne'), ['vpn', 'gitlab']);
    // Short words are not fuzzy: "gti" is no typo match for "git".
    assert.deepEqual(ids('gti'), []);
    const exact = search(index, 'token').hits.map((h) => h.score);
    const typo = search(index, 'tokne').hits.map((h) => h.score);
    assert.ok(Math.max(...typo) < Math.min(...exact));
  });

  it('matches abbreviations on titles (subsequence from a word start)', () => {
    assert.deepEqual(ids('sdbp'), ['db']);
    assert.deepEqual(ids('gtb'), []);
  });

  it('searches url hosts, descriptions and tags', () => {
    assert.deepEqual(ids('google.com'), ['gmail']);
    assert.deepEqual(ids('dbadmin'), ['db']);
    assert.deepEqual(ids('finance'), ['bank']);
  });

  it('searches the item type (spec §7.6) by whole words, below a match in any other field', () => {
    const typed = buildSearchIndex([
      row('mail', 'Mail', { type: 'website_password' }),
      row('vpn', 'VPN', { type: 'totp' }),
      row('otp-note', 'How our TOTP works', { type: 'note' }),
      row('ssh', 'Deploy', { type: 'ssh_own_key' }),
      row('odd', 'Odd', { type: 'Ünïcode_typ' }),
    ]);
    const found = (query: string): string[] => search(typed, query).hits.map((hit) => hit.entry.id);
    assert.deepEqual(found('totp'), ['otp-note', 'vpn'], 'the title match first, then the type match');
    assert.deepEqual(found('note'), ['otp-note']);
    assert.deepEqual(found('own key'), ['ssh']);
    assert.deepEqual(found('website password'), ['mail']);
    assert.deepEqual(found('unicode'), ['odd']);
    assert.deepEqual(found('_'), [], 'underscores of a type are not text');
    // Whole words only: a few type words are in most entries, and the first keystrokes of "password"
    // must not touch all of them.
    assert.deepEqual(found('tot'), ['otp-note'], 'a prefix finds the title, not the type');
    assert.deepEqual(found('pass'), []);
    assert.deepEqual(found('ebsit'), []);
  });

  it('returns title ranges in original offsets, also after diacritics folding', () => {
    const hit = (query: string) => search(index, query).hits[0]!;
    assert.deepEqual(hit('müll').titleRanges, [[5, 9]]);
    assert.deepEqual(hit('strasse').titleRanges, [[0, 6]]);
    assert.deepEqual(hit('team token').titleRanges, [[4, 9]]);
    assert.deepEqual(hit('gmial').titleRanges, [[0, 5]]);
    // Initials: S(hared) DB P(assword).
    assert.deepEqual(hit('sdbp').titleRanges, [[0, 1], [7, 9], [10, 11]]);
  });

  it('keeps only the top K but counts every match', () => {
    const many = buildSearchIndex(Array.from({ length: 500 }, (_, i) => row(`r${i}`, `Row ${String(i).padStart(3, '0')}`)));
    const result = search(many, 'row', { limit: 5 });
    assert.equal(result.total, 500);
    assert.deepEqual(result.hits.map((h) => h.entry.id), ['r0', 'r1', 'r2', 'r3', 'r4']);
    assert.deepEqual(search(many, 'row 042').hits.map((h) => h.entry.id), ['r42']);
  });
});

describe('search against a brute-force reference', () => {
  it('finds every entry in which each query word occurs as a word-prefix or a substring (2+ chars)', () => {
    const words = ['alpha', 'beta', 'gamma', 'delta', 'café', 'straße', 'zürich', 'mail', 'server', 'prod', 'x1', 'köln'];
    let state = 7;
    const next = (): number => (state = (state * 48271) % 2147483647) / 2147483647;
    const pick = (): string => words[Math.floor(next() * words.length)]!;
    const entries = Array.from({ length: 400 }, (_, i) => row(`e${i}`, `${pick()} ${pick()}-${i}`, { path: [pick()], description: `${pick()}@${pick()}.com`, tags: [pick()], urlHost: `${pick()}.example.org`, type: `${pick()}_${pick()}` }));
    const big = buildSearchIndex(entries);
    const fold = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/ß/g, 'ss');
    const haystack = (e: Row): string => fold([e.title, e.path.join(' / '), e.urlHost ?? '', e.description, e.tags.join(' ')].join(' '));
    const typeWords = (e: Row): string[] => fold(e.type).split('_');
    for (const query of ['al', 'ta', 'mail serv', 'cafe', 'strasse x1', 'rich', 'zu 12', 'com', 'xample', 'ko', 'ta pro', 'gamma', 'prod beta']) {
      const queryWords = fold(query).split(' ');
      const expected = entries.filter((e) => queryWords.every((w) => haystack(e).includes(w) || typeWords(e).includes(w))).map((e) => e.id);
      const found = new Set(search(big, query, { limit: 1000 }).hits.map((h) => h.entry.id));
      for (const id of expected) {
        assert.ok(found.has(id), `${query}: ${id} missing`);
      }
    }
  });
});

describe('an index over many entries', () => {
  it('scores every entry as an index of that entry alone would', () => {
    const words = ['alpha', 'beta', 'gamma', 'Delta', 'café', 'straße', 'Zürich', 'mail', 'server', 'prod', 'x1', 'köln', 'a@b.com', 'wiki/page', '#tag'];
    let state = 11;
    const next = (): number => (state = (state * 48271) % 2147483647) / 2147483647;
    const pick = (): string => words[Math.floor(next() * words.length)]!;
    const phrase = (count: number): string => Array.from({ length: count }, (_, i) => `${pick()}${i}`).join(' ');
    // Long entries (one of thousands of words) and short ones.
    const entries = Array.from({ length: 1500 }, (_, i) =>
      row(`e${i}`, i === 700 ? `huge ${phrase(6000)}` : `${pick()} ${pick()} ${i}`, {
        path: i % 4 === 0 ? [] : [pick(), pick()],
        description: i % 3 === 0 ? phrase(40) : pick(),
        tags: i % 5 === 0 ? [pick(), pick()] : [],
        urlHost: i % 2 ? `${pick()}.example.org` : null,
        urlFilter: i % 6 ? null : 'x1.example.org;mail.test',
        type: i % 7 === 0 ? `${pick()}_${pick()}` : i % 2 ? 'website_password' : 'note',
      }),
    );
    const big = buildSearchIndex(entries);
    const alone = entries.map((entry) => buildSearchIndex([entry]));
    for (const query of ['al', 'a', 'mail serv', 'cafe', 'strasse x1', 'rich', 'zu 12', 'com', '@', '#tag', 'wiki/', 'gma', 'dlt', 'köln3', 'delta7 huge', 'prdo', 'alpha beta']) {
      const found = new Map(search(big, query, { limit: entries.length }).hits.map((hit) => [hit.entry.id, hit]));
      let total = 0;
      entries.forEach((entry, i) => {
        const own = search(alone[i]!, query).hits[0];
        total += own ? 1 : 0;
        const hit = found.get(entry.id);
        assert.equal(hit?.score, own?.score, `${query}: score of ${entry.id}`);
        assert.deepEqual(hit?.titleRanges, own?.titleRanges, `${query}: title ranges of ${entry.id}`);
      });
      assert.equal(search(big, query, { limit: entries.length }).total, total, `${query}: total`);
    }
  });
});

describe('index words', () => {
  it('are exactly the words of every normalised field, plain ASCII or not', () => {
    const texts = ['GitHub: Alice (prod)', 'x1-Y2_z3', '  lead and trail  ', 'tab\there', 'a', '', '---', 'Ünïcode Straße', 'mixed ASCII é end', 'CAPS99lock', 'emoji 🔑 key', 'under_score.dot/slash?q=1'];
    const entries = texts.map((text, i) => row(`t${i}`, text, { path: i % 2 ? [text, 'Sub Folder'] : [], description: texts[(i + 3) % texts.length]!, tags: i % 3 ? [texts[(i + 5) % texts.length]!] : [], urlHost: i % 4 ? 'Host.Example' : null, urlFilter: i % 4 ? `https://${texts[i]!.replace(/\s/g, '')}` : null, type: texts[(i + 7) % texts.length]! }));
    const index = buildSearchIndex(entries);
    const expected = new Set<string>();
    for (const entry of entries) {
      const fields = [entry.title, entry.path.join(' / '), entry.urlHost === null && entry.urlFilter === null ? '' : `${entry.urlHost ?? ''} ${entry.urlFilter ?? ''}`, entry.description, entry.tags.join(' '), entry.type];
      const words = fields.flatMap((field) => tokenize(normalize(field)));
      words.forEach((word) => expected.add(word));
      for (const word of words) {
        assert.ok(search(index, word, { limit: 100 }).hits.some((hit) => hit.entry.id === entry.id), `${entry.id} is found by its word ${word}`);
      }
    }
    assert.deepEqual([...index.vocabulary].sort(), [...expected].sort());
  });
});

describe('withinOneEdit', () => {
  it('accepts one substitution, insertion, deletion or adjacent swap and nothing more', () => {
    for (const [a, b] of [['gmail', 'gmail'], ['gmail', 'gmial'], ['gmail', 'gmal'], ['gmail', 'gmaill'], ['gmail', 'gnail'], ['gmail', 'mgail']]) {
      assert.ok(withinOneEdit(a!, b!), `${a} ~ ${b}`);
    }
    for (const [a, b] of [['gmail', 'gmx'], ['gmail', 'giaml'], ['gmail', 'xmaix'], ['gmail', 'gmailxx']]) {
      assert.ok(!withinOneEdit(a!, b!), `${a} !~ ${b}`);
    }
  });
});

describe('search edge cases', () => {
  it('caps absurdly long queries and handles symbol-only words and limit 0', () => {
    const index = buildSearchIndex([row('a', 'alpha beta', { description: 'x@y' }), row('b', 'beta')]);
    const long = Array.from({ length: 300 }, () => 'beta').join(' ');
    assert.deepEqual(search(index, long).hits.map((h) => h.entry.id), ['b', 'a']);
    assert.deepEqual(search(index, '@').hits.map((h) => h.entry.id), ['a']);
    const none = search(index, 'beta', { limit: 0 });
    assert.deepEqual([none.hits.length, none.total], [0, 2]);
  });
});
