/**
 * Datastore and share answers are checked for what they are (spec §6.2, §6.3, §7): an answer that
 * is not the datastore or share asked for, or a tree that is not a Psono tree, fails the load as
 * malformed-response instead of becoming an empty or partial vault.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { randomBytes, sealJson, wrapKey } from '../../../src/core/crypto';
import { PsonoError } from '../../../src/core/errors';
import { SecretBytes } from '../../../src/core/sensitive';
import { loadVault } from '../../../src/core/vault';
import { FakeVaultSource, uuid } from '../../fakes/vault-source';

type Json = Record<string, unknown>;

const D1 = uuid(0xd1);
const D2 = uuid(0xd2);
const S = uuid(0x5);

function item(n: number, source: FakeVaultSource): Json {
  const secretId = uuid(0x5000 + n);
  const key = source.addSecret(secretId, { application_password_title: `item ${n}`, application_password_password: `pw-${n}` });
  return { id: uuid(0x1000 + n), type: 'application_password', name: `item ${n}`, secret_id: secretId, secret_key: key };
}

/** A datastore answer as the server builds it, around any decrypted content. */
function datastoreAnswer(source: FakeVaultSource, content: unknown): Json {
  const key = SecretBytes.copyOf(randomBytes(32));
  const wrapped = wrapKey(key, source.userKey);
  const sealed = sealJson(content, key);
  return { data: sealed.text, data_nonce: sealed.nonce, secret_key: wrapped.text, secret_key_nonce: wrapped.nonce, type: 'password', description: 'Default', is_default: true };
}

async function rejectsMalformed(source: FakeVaultSource, detail: RegExp): Promise<void> {
  await assert.rejects(loadVault(source), (error: unknown) => {
    assert.ok(error instanceof PsonoError, String(error));
    assert.equal(error.kind, 'malformed-response');
    assert.match(error.details.detail ?? '', detail);
    return true;
  });
}

function withOneItem(): FakeVaultSource {
  const source = new FakeVaultSource();
  source.datastores.push({ id: D1, content: { items: [item(1, source)] } });
  return source;
}

describe('datastore answers', () => {
  it('a datastore list that is not a list is malformed-response; an empty list is an empty vault', async () => {
    for (const list of [{}, { datastores: {} }, null]) {
      const source = withOneItem();
      source.rewrite = (path, answer) => (path === '/datastore/' ? list : answer);
      await rejectsMalformed(source, /the datastore list is not a list/);
    }
    const none = new FakeVaultSource();
    const vault = await loadVault(none);
    assert.deepEqual([vault.entries.length, vault.stats.datastores, none.requests], [0, 0, ['/datastore/']]);
  });

  it('accepts a never-written datastore, one without folders or items, and an upper-case datastore_id', async () => {
    const source = new FakeVaultSource();
    source.datastores.push({ id: D1, content: null }, { id: D2, description: 'Second', isDefault: false, content: {} });
    const empty = await loadVault(source);
    assert.deepEqual([empty.entries.length, empty.stats.datastores, empty.warnings], [0, 2, []]);

    const upper = withOneItem();
    upper.datastores[0] = { id: D1, content: { datastore_id: D1.toUpperCase(), items: [item(1, upper)] } };
    assert.equal((await loadVault(upper)).entries.length, 1);
  });

  it('an empty answer, or one without its wrapped key, is malformed-response, not an empty vault', async () => {
    for (const replace of [(): unknown => ({}), (answer: Json): unknown => ({ ...answer, secret_key: undefined })]) {
      const source = withOneItem();
      source.rewrite = (path, answer) => (path === `/datastore/${D1}/` ? replace(answer as Json) : answer);
      await rejectsMalformed(source, new RegExp(`datastore ${D1}: fields missing`));
    }
  });

  it("the replayed answer of another datastore is malformed-response", async () => {
    const source = withOneItem();
    source.datastores.push({ id: D2, description: 'Second', isDefault: false, content: { items: [item(2, source)] } });
    const other = await source.get(`/datastore/${D2}/`);
    source.rewrite = (path, answer) => (path === `/datastore/${D1}/` ? structuredClone(other) : answer);
    await rejectsMalformed(source, new RegExp(`datastore ${D1}: the content is another datastore`));
  });

  it('content without datastore_id is read: spec 7.1 has it usually, not always', async () => {
    const source = withOneItem();
    const replacement = datastoreAnswer(source, { items: [item(1, source)] });
    source.rewrite = (path, original) => (path === `/datastore/${D1}/` ? replacement : original);
    const vault = await loadVault(source);
    assert.deepEqual(vault.entries.map((entry) => entry.title), ['item 1']);
  });

  it('content that is not an object, or is another datastore type, is malformed-response', async () => {
    const cases: Array<[(source: FakeVaultSource) => Json, RegExp]> = [
      [(source) => datastoreAnswer(source, [{ key: 'setting_clipboard_clear_delay', value: 30 }]), /the content is not an object/],
      [(source) => ({ ...datastoreAnswer(source, { datastore_id: D1 }), type: 'settings' }), /not a password datastore/],
    ];
    for (const [answer, detail] of cases) {
      const source = withOneItem();
      const replacement = answer(source);
      source.rewrite = (path, original) => (path === `/datastore/${D1}/` ? replacement : original);
      await rejectsMalformed(source, detail);
    }
  });

  it('folders or items that are not lists of objects with ids are malformed-response', async () => {
    const shapes: Json[] = [
      { folders: { id: uuid(0xf1), name: 'not a list' } },
      { items: 'not a list' },
      { items: [{ name: 'no id', type: 'note', secret_id: uuid(0x77), secret_key: 'ab'.repeat(32) }] },
      { items: [null] },
      { folders: [{ id: uuid(0xf1), name: 'Work', folders: [{ name: 'no id' }] }] },
    ];
    for (const shape of shapes) {
      const source = new FakeVaultSource();
      source.datastores.push({ id: D1, content: shape });
      await rejectsMalformed(source, new RegExp(`datastore ${D1}: (folders|items|an entry of (folders|items))`));
    }
  });
});

describe('share answers', () => {
  function withShare(content: Json = { name: 'Team', items: [] }): { source: FakeVaultSource; key: string } {
    const source = new FakeVaultSource();
    const key = source.addShare(S, content);
    source.datastores.push({
      id: D1,
      content: { folders: [{ id: uuid(0xf1), name: 'Team', share_id: S, share_secret_key: key }], share_index: { [S]: { paths: [[uuid(0xf1)]], secret_key: key } } },
    });
    return { source, key };
  }

  it('a share answer must name the share asked for', async () => {
    const other = uuid(0x6);
    for (const [id, detail] of [[other, /the answer is another share/], [undefined, /the answer names no id/]] as const) {
      const { source } = withShare({ name: 'Team', items: [item(1, new FakeVaultSource())] });
      source.rewrite = (path, answer) => (path === `/share/${S}/` ? { ...(answer as Json), id } : answer);
      await rejectsMalformed(source, new RegExp(`share ${S}: ${detail.source}`));
    }
    // The id compares case-insensitively.
    const { source } = withShare();
    source.rewrite = (path, answer) => (path === `/share/${S}/` ? { ...(answer as Json), id: S.toUpperCase() } : answer);
    assert.equal((await loadVault(source)).stats.sharesFetched, 1);
  });

  it('share content that is not an object, or a folder in it that is not a folder, is malformed-response naming the share', async () => {
    const notObject = withShare();
    notObject.source.addShare(S, {}, { key: notObject.key, plaintext: '["not", "a", "share"]' });
    await rejectsMalformed(notObject.source, new RegExp(`share ${S}: the content is not an object`));

    const badFolder = withShare({ name: 'Team', folders: [{ id: uuid(0xf2), name: 'Sub', items: 'x' }] });
    await rejectsMalformed(badFolder.source, new RegExp(`share ${S}: items is not a list`));
  });

  it('a share answer without data is malformed-response; with empty data, a warning', async () => {
    const missing = withShare();
    missing.source.rewrite = (path, answer) => (path === `/share/${S}/` ? { ...(answer as Json), data: undefined } : answer);
    await rejectsMalformed(missing.source, new RegExp(`share ${S}: fields missing`));

    const empty = withShare();
    empty.source.rewrite = (path, answer) => (path === `/share/${S}/` ? { ...(answer as Json), data: '', data_nonce: '' } : answer);
    const vault = await loadVault(empty.source);
    assert.deepEqual(vault.warnings.map((w) => [w.kind, w.id]), [['share-undecryptable', S]]);
  });
});
