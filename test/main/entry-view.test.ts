import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { SecretBytes } from '../../src/core/sensitive';
import { itemKind, typeActions, Vault, type VaultEntry, type VaultStats } from '../../src/core/vault';
import { indexedEntries } from '../../src/main/vault/psono-vault-service';

function entry(id: string, type: string, urlHost: string | null): VaultEntry {
  return {
    id,
    secretId: `${id}-secret`,
    secretKey: new SecretBytes(new Uint8Array(32).fill(7)),
    type,
    kind: itemKind(type),
    title: `Title ${id}`,
    path: ['Work', id],
    datastore: 'Default',
    datastoreId: 'ds',
    shareId: null,
    urlFilter: urlHost === null ? null : `${urlHost};other.org`,
    urlHost,
    description: `user-${id}`,
    tags: [id, 'tag'],
    extra: null,
  };
}

const stats: VaultStats = {
  datastores: 1,
  sharesFetched: 0,
  sharesSkipped: 0,
  entries: 4,
  deletedSkipped: 0,
  filesSkipped: 0,
  duplicatesSkipped: 0,
  invalidSkipped: 0,
  timings: { listMs: 0, datastoresMs: 0, sharesMs: 0, indexMs: 0, totalMs: 0 },
};

describe("main's entries over the unlocked vault", () => {
  const entries = [entry('site', 'website_password', 'example.com'), entry('mark', 'bookmark', 'news.example'), entry('odd', 'custom_thing', 'odd.example'), entry('note', 'note', null)];
  const vault = new Vault(entries, [], stats, () => Promise.reject(new Error('not read here')));
  const views = indexedEntries(vault);

  it('show every field of the core entry, with the kind as type, the raw type, the actions and whether a URL may open', () => {
    assert.deepEqual(
      views.map((view) => ({ id: view.id, type: view.type, rawType: view.rawType, title: view.title, path: view.path, urlHost: view.urlHost, urlFilter: view.urlFilter, description: view.description, datastore: view.datastore, tags: view.tags, actions: view.actions, canOpenUrl: view.canOpenUrl })),
      entries.map((core) => ({
        id: core.id,
        type: core.kind,
        rawType: core.type,
        title: core.title,
        path: core.path,
        urlHost: core.urlHost,
        urlFilter: core.urlFilter,
        description: core.description,
        datastore: core.datastore,
        tags: core.tags,
        actions: typeActions(core.type),
        canOpenUrl: core.id !== 'note',
      })),
    );
    assert.equal(views[2]!.type, 'unknown', 'an unknown type keeps its raw name apart');
    assert.equal(views[2]!.rawType, 'custom_thing');
  });

  it('have no own properties: spreading, JSON or a structured clone carries nothing of the entry or its key', () => {
    for (const view of views) {
      assert.deepEqual(Object.keys(view), []);
      assert.equal(JSON.stringify(view), '{}');
      assert.deepEqual({ ...view }, {});
      assert.deepEqual(structuredClone(view), {});
    }
  });
});
