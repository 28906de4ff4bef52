/**
 * Drives every path that touches a secret — setup with a PIN, search, details, reveal, copy, TOTP,
 * tray copies, lock, wrong and right PIN, quit — and then greps everything main logged (its logger,
 * the vault adapter's warnings, and anything written to stdout/stderr meanwhile) for the fixture's
 * secret values and the API key's secrets. None may appear.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, test } from 'node:test';

import type { AppState, EntryDetails, RevealedValue, SearchResult, TotpCode } from '../../src/shared/ipc/dto';
import { closeBrowser, launchApp, type HarnessApp } from '../harness/launch';
import { callBridge, callBridgeAfterKey, expectError, expectOk } from './bridge';
import { FIXTURE_SECRET_VALUES, GITHUB_ID, keySecrets, NOTE_ID, startDevVault, VPN_TOTP_ID, type DevVault } from './helpers';

let dev: DevVault;
let harness: HarnessApp;
const vaultLog: string[] = [];
const processOutput: string[] = [];
const originalStdout = process.stdout.write.bind(process.stdout);
const originalStderr = process.stderr.write.bind(process.stderr);

before(async () => {
  dev = await startDevVault();
  // Tee the process's own output: a stray console.log in main would land here.
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    processOutput.push(String(chunk));
    return (originalStdout as (...args: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    processOutput.push(String(chunk));
    return (originalStderr as (...args: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stderr.write;
  harness = await launchApp({ vault: dev.vaultService((_level, line) => vaultLog.push(line)), settings: { clipboardClearSeconds: 1 } });
});

after(async () => {
  process.stdout.write = originalStdout;
  process.stderr.write = originalStderr;
  await harness.close();
  await dev.close();
  await closeBrowser();
});

test('nothing main logs contains a secret value, a key or the PIN', async () => {
  const page = await harness.page();
  const values = dev.setupValues();
  const pin = 'pin-Fixture-8426';

  expectOk(await callBridge(page, 'setupCheck', values));
  expectOk(await callBridge<AppState>(page, 'setupSave', { credentials: values, pin }));
  const found = expectOk(await callBridge<SearchResult>(page, 'vaultSearch', { query: 'git', limit: 10 }));
  assert.equal(found.entries[0]?.id, GITHUB_ID);
  const details = expectOk(await callBridge<EntryDetails>(page, 'entryDetails', { id: GITHUB_ID }));
  assert.equal(details.fields.find((field) => field.key === 'password')?.value, null, 'secret fields cross masked');
  const revealed = expectOk(await callBridgeAfterKey<RevealedValue>(page, 'entryReveal', { id: GITHUB_ID, field: 'password' }));
  assert.equal(revealed.value, 'gh-Fixture-Pass-91!');
  expectOk(await callBridgeAfterKey(page, 'entryCopy', { id: NOTE_ID, field: 'notes' }));
  assert.equal(await harness.clipboardText(), 'wifi-Fixture-Note-77');
  const code = expectOk(await callBridge<TotpCode>(page, 'entryTotp', { id: VPN_TOTP_ID }));
  assert.match(code.code, /^\d{6}$/);
  await harness.clickTray('GitHub', 'Copy password');
  await harness.clickTray('Work', 'Cloud', 'Cloud console', 'Copy password');
  await harness.main.clipboard.pendingClear;
  const reloaded = once(harness.main.window.window.webContents, 'did-finish-load');
  await harness.clickTray('Lock');
  await reloaded; // locking reloads the page so the renderer keeps nothing
  const lockedPage = await harness.page();
  expectError(await callBridge(lockedPage, 'lockUnlock', { pin: 'pin-Wrong-0000' }), 'wrong-pin');
  expectOk(await callBridge<AppState>(lockedPage, 'lockUnlock', { pin }));
  await harness.quit();

  const everything = [...harness.logs, ...vaultLog, ...processOutput].join('\n');
  assert.ok(harness.logs.length > 10, 'main did log the scenario');
  assert.ok(harness.logs.some((line) => line.includes('copied password of GitHub')));
  for (const secret of [...FIXTURE_SECRET_VALUES, ...keySecrets(values), pin, code.code]) {
    assert.ok(!everything.includes(secret), `a secret appears in the logs (${secret.slice(0, 3)}…)`);
  }
});
