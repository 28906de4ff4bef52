/**
 * Spec §8: an item's name (the datastore's copy, which the list shows) and its secret's own title
 * are written together by the web client but can diverge (API writes that update only the secret).
 * The list shows the name; the detail view shows the secret's title. Harness + dev server.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import type { VaultSeed } from '../../devserver/index';
import type { AppState, EntryDetails, SearchResult } from '../../src/shared/ipc/dto';
import { closeBrowser, launchApp, type HarnessApp } from '../harness/launch';
import { callBridge, expectOk } from './bridge';
import { GITHUB_ID, MAIN_VAULT_SEED, NOTE_ID, startDevVault, type DevVault } from './helpers';

/** The fixture vault with the GitHub item renamed in the datastore only. */
function renamedSeed(): VaultSeed {
  const seed = structuredClone(MAIN_VAULT_SEED);
  const github = seed.datastores.flatMap((datastore) => datastore.items ?? []).find((item) => item.id === GITHUB_ID);
  assert.ok(github, 'the fixture has the GitHub item');
  (github as { name?: string }).name = 'GitHub (renamed in the list)';
  return seed;
}

let dev: DevVault;
let harness: HarnessApp;

before(async () => {
  dev = await startDevVault(renamedSeed());
  harness = await launchApp({ vault: dev.vaultService() });
});

after(async () => {
  await harness.close();
  await dev.close();
  await closeBrowser();
});

test('the list shows the item name, the detail view the secret title', async () => {
  const page = await harness.page();
  expectOk(await callBridge<AppState>(page, 'setupSave', { credentials: dev.setupValues(), pin: null }));
  const found = expectOk(await callBridge<SearchResult>(page, 'vaultSearch', { query: 'renamed', limit: 10 }));
  assert.deepEqual(found.entries.map((entry) => [entry.id, entry.title]), [[GITHUB_ID, 'GitHub (renamed in the list)']]);
  const details = expectOk(await callBridge<EntryDetails>(page, 'entryDetails', { id: GITHUB_ID }));
  assert.equal(details.summary.title, 'GitHub');
  // Where they agree, nothing changes.
  const note = expectOk(await callBridge<EntryDetails>(page, 'entryDetails', { id: NOTE_ID }));
  assert.equal(note.summary.title, 'Wifi');
});
