/**
 * A hostile share cannot stall or break unlock: the folder walk is linear in what it reads and
 * stops at MAX_FOLDER_DEPTH with a warning, and deeply nested values never reach a recursive
 * JSON.stringify. The nested documents are written as text: JSON.stringify itself cannot write them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { coerceText, itemModel, loadVault, MAX_VALUE_NESTING } from '../../../src/core/vault';
import { MAX_FOLDER_DEPTH } from '../../../src/core/vault/entries';
import { FakeVaultSource, uuid } from '../../fakes/vault-source';

const D1 = uuid(0xd1);
const S = uuid(0x5);

/** `{"a":{"a":…"leaf"…}}`, `depth` objects deep, built without recursion. */
function deepValue(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) {
    value = { a: value };
  }
  return value;
}

function deepValueText(depth: number): string {
  return `${'{"a":'.repeat(depth)}"leaf"${'}'.repeat(depth)}`;
}

/**
 * A folder share whose content is `depth` folders nested in one another, with one item in the
 * folders at `itemDepths` (1 = the first folder inside the share).
 */
function nestedShare(source: FakeVaultSource, depth: number, itemDepths: readonly number[]): void {
  const parts: string[] = [];
  for (let level = 1; level <= depth; level++) {
    const items = itemDepths.includes(level) ? [itemText(source, level)] : [];
    parts.push(`{"id":"${uuid(0x100000 + level)}","name":"L${level}","items":[${items.join(',')}],"folders":[`);
  }
  const plaintext = `{"name":"Deep","folders":[${parts.join('')}${']}'.repeat(depth)}]}`;
  const key = source.addShare(S, {}, { plaintext });
  source.datastores.push({
    id: D1,
    content: { folders: [{ id: uuid(0xf1), name: 'Deep', share_id: S, share_secret_key: key }], share_index: { [S]: { paths: [[uuid(0xf1)]], secret_key: key } } },
  });
}

function itemText(source: FakeVaultSource, level: number): string {
  const secretId = uuid(0x5000 + level);
  const key = source.addSecret(secretId, { note_title: `at ${level}`, note_notes: 'x' });
  return JSON.stringify({ id: uuid(0x1000 + level), type: 'note', name: `at ${level}`, secret_id: secretId, secret_key: key });
}

describe('folder depth', () => {
  it('20,000 nested folders in one share: the walk stops at the cap with one warning naming the share', async () => {
    const source = new FakeVaultSource();
    // The share is mounted at depth 1, so its folder at level n sits at depth n + 1.
    nestedShare(source, 20_000, [1, MAX_FOLDER_DEPTH - 1, MAX_FOLDER_DEPTH, 5_000, 19_999]);
    const started = performance.now();
    const vault = await loadVault(source);
    const elapsedMs = performance.now() - started;

    assert.deepEqual(vault.entries.map((entry) => [entry.title, entry.path.length, entry.shareId]), [
      ['at 1', 2, S],
      [`at ${MAX_FOLDER_DEPTH - 1}`, MAX_FOLDER_DEPTH, S],
    ]);
    assert.deepEqual(vault.warnings.map((w) => [w.kind, w.id]), [['folder-too-deep', S]]);
    assert.match(vault.warnings[0]!.message, new RegExp(`Share ${S} nests folders deeper than ${MAX_FOLDER_DEPTH} levels`));
    // Linear work takes well under a second here; the walk that copied its ancestors at every
    // level took 23–35 s for this share. The bound is generous so a loaded machine passes.
    assert.ok(elapsedMs < 5_000, `loading took ${Math.round(elapsedMs)} ms`);
  });

  it('a share reached at many paths is walked once per mount point, not once per path through it', async () => {
    // Twelve shares, each mounted twice inside the previous one: 2^12 ways down to the last.
    const source = new FakeVaultSource();
    const count = 12;
    const ids = Array.from({ length: count }, (_, i) => uuid(0x7000 + i));
    const keys = ids.map(() => '');
    for (let i = count - 1; i >= 0; i--) {
      const next = ids[i + 1];
      const content: Record<string, unknown> = { name: `S${i}`, items: i === count - 1 ? [JSON.parse(itemText(source, 1)) as unknown] : [] };
      if (next !== undefined) {
        const mounts = [uuid(0x8000 + 2 * i), uuid(0x8001 + 2 * i)];
        content['folders'] = mounts.map((id) => ({ id, name: `S${i + 1}`, share_id: next, share_secret_key: keys[i + 1] }));
        content['share_index'] = { [next]: { paths: mounts.map((id) => [id]), secret_key: keys[i + 1] } };
      }
      keys[i] = source.addShare(ids[i]!, content);
    }
    source.datastores.push({
      id: D1,
      content: { folders: [{ id: uuid(0xf1), name: 'S0', share_id: ids[0], share_secret_key: keys[0] }], share_index: { [ids[0]!]: { paths: [[uuid(0xf1)]], secret_key: keys[0] } } },
    });
    const vault = await loadVault(source);
    assert.equal(vault.entries.length, 1);
    assert.equal(vault.entries[0]!.path.length, count);
    // One visit per mount node of the last share (two), not one per path (4,096).
    assert.equal(vault.stats.duplicatesSkipped, 1);
  });
});

describe('wide share indexes', () => {
  it('a share mounted at 20,000 paths among 20,000 folders resolves each path once, not by scanning the folders', async () => {
    const source = new FakeVaultSource();
    const count = 20_000;
    const key = source.addShare(S, { name: 'Wide', items: [JSON.parse(itemText(source, 1)) as Record<string, unknown>] });
    const folders = Array.from({ length: count }, (_, i) => ({ id: uuid(0x200000 + i), name: `F${i}`, share_id: S, share_secret_key: key }));
    // The last folder is listed first: a scan from the front would look at every folder for most paths.
    const paths = folders.map((folder) => [folder.id]).reverse();
    source.datastores.push({ id: D1, content: { folders, share_index: { [S]: { paths, secret_key: key } } } });
    const started = performance.now();
    const vault = await loadVault(source);
    const elapsedMs = performance.now() - started;
    // The share's name wins over the mount's (spec §7.4).
    assert.deepEqual(vault.entries.map((entry) => entry.path), [['Wide']]);
    assert.equal(vault.stats.duplicatesSkipped, count - 1);
    assert.equal(source.count(`/share/${S}/`), 1);
    // Linear: well under a second. Scanning the folder list per path is 4·10^8 steps (seconds).
    assert.ok(elapsedMs < 5_000, `loading took ${Math.round(elapsedMs)} ms`);
  });
});

describe('deeply nested values', () => {
  it('a field nested 10,000 deep is no field, and the rest of the item stays', () => {
    const deep = deepValue(10_000);
    assert.equal(coerceText(deep), null);
    assert.equal(coerceText(deepValue(MAX_VALUE_NESTING)), JSON.stringify(deepValue(MAX_VALUE_NESTING)));
    const model = itemModel('application_password', { application_password_title: 'Deep', application_password_password: 'pw', application_password_notes: deep, extra_field: deep, tags: [deep, 'ok'] });
    assert.deepEqual([model.title, model.password, model.notes, model.tags], ['Deep', 'pw', null, ['ok']]);
    assert.deepEqual(model.fields.map((field) => field.source), ['application_password_password']);
  });

  it('an item whose name and an unknown property nest 10,000 deep loads, and the entry keeps neither', async () => {
    const source = new FakeVaultSource();
    const secretId = uuid(0x51);
    const key = source.addSecret(secretId, { note_title: 'x' });
    const plaintext = `{"datastore_id":"${D1}","items":[{"id":"${uuid(0x11)}","type":"note","name":${deepValueText(10_000)},"custom":${deepValueText(10_000)},"kept":{"a":1},"secret_id":"${secretId}","secret_key":"${key}"}]}`;
    source.datastores.push({ id: D1, content: null, plaintext });
    const vault = await loadVault(source);
    assert.equal(vault.entries.length, 1);
    const entry = vault.entries[0]!;
    assert.equal(entry.title, '');
    // An entry holds only what it names, so serialising it never meets the deep values.
    assert.doesNotThrow(() => JSON.stringify(entry));
  });
});
