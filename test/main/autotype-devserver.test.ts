/**
 * Auto-type against the dev server and the real vault service (harness): the sequence comes from a
 * Psono custom field named "Auto-Type" (a password-type field, so its value is a secret the detail
 * view does not carry) and {TOTP} types the current code; an entry without one uses Settings'.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import type { Page } from 'playwright-core';

import type { VaultSeed } from '../../devserver/index';
import { totpCode, totpParams } from '../../src/core/totp';
import type { AppState } from '../../src/shared/ipc/dto';
import { closeBrowser, launchApp, type HarnessApp } from '../harness/launch';
import { callBridge, callBridgeAfterKey, expectOk } from './bridge';
import { EDITOR, focusReturnsOnHide, openSearchFrom, RecordingTyper } from './fakes/recording-typer';
import { BUILD_ID, GITHUB_ID, MAIN_VAULT_SEED, startDevVault, type DevVault } from './helpers';

const TOTP_SECRET = 'JBSWY3DPEHPK3PXP';

/** The fixture vault with an Auto-Type custom field on the GitHub item. */
function seedWithOwnSequence(): VaultSeed {
  const seed = structuredClone(MAIN_VAULT_SEED);
  const github = seed.datastores.flatMap((datastore) => datastore.items ?? []).find((item) => item.id === GITHUB_ID);
  assert.ok(github, 'the fixture has the GitHub item');
  const secret = (github as { secret: Record<string, unknown> }).secret;
  secret['custom_fields'] = [{ name: 'Auto-Type', type: 'password', value: '{USERNAME}{TAB}{TOTP}{ENTER}' }];
  return seed;
}

let dev: DevVault;
let harness: HarnessApp;
let page: Page;
const keys = new RecordingTyper();

before(async () => {
  dev = await startDevVault(seedWithOwnSequence());
  harness = await launchApp({ vault: dev.vaultService(), autoTypeKeys: keys });
  focusReturnsOnHide(harness, keys);
  page = await harness.page();
  expectOk(await callBridge<AppState>(page, 'setupSave', { credentials: dev.setupValues(), pin: null }));
});

after(async () => {
  await harness.close();
  await dev.close();
  await closeBrowser();
});

test('the entry\'s Auto-Type field is its sequence, {TOTP} the current code', async () => {
  await openSearchFrom(harness, page, keys, EDITOR);
  const before = Date.now();
  expectOk(await callBridgeAfterKey(page, 'entryAutoType', { id: GITHUB_ID }));
  const after = Date.now();
  const params = totpParams({ secret: TOTP_SECRET });
  // The code of the moment it was typed (the period may have turned over during the call).
  const codes = new Set([totpCode(params, before).code, totpCode(params, after).code]);
  assert.equal(keys.typed.length, 4);
  assert.deepEqual([keys.typed[0], keys.typed[1], keys.typed[3]], ['octo-fixture', '<Tab>', '<Return>']);
  assert.ok(codes.has(keys.typed[2]!), 'the current TOTP code was typed');
  keys.typed.splice(0);
});

test('an entry without its own field gets the sequence from Settings', async () => {
  await openSearchFrom(harness, page, keys, EDITOR);
  expectOk(await callBridgeAfterKey(page, 'entryAutoType', { id: BUILD_ID }));
  assert.deepEqual(keys.typed, ['deploy', '<Tab>', 'build-Fixture-Pass-23', '<Return>']);
  assert.equal(harness.logs.some((line) => line.includes('build-Fixture-Pass-23')), false, 'the password is not logged');
});
