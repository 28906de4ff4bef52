/**
 * Harness + dev server + the real gnome-keyring (npm test runs inside scripts/with-keyring.sh):
 * setup through the window's bridge stores the profile in the OS keychain and nowhere else, and a
 * restart finds it there and unlocks with the PIN.
 */
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import type { Page } from 'playwright-core';

import { accountFor, KeytarKeychain } from '../../src/main/keychain/keychain';
import { keytar } from '../../src/main/keychain/keytar-module';
import { createLogger } from '../../src/main/log';
import type { AppState, IpcResult, SetupCheck, SetupCredentials } from '../../src/shared/ipc/dto';
import { closeBrowser, launchApp } from '../harness/launch';
import { keySecrets, startDevVault, type DevVault } from './helpers';

type Bridge = Record<string, (arg?: unknown) => Promise<IpcResult<unknown>>>;

function call<T>(page: Page, method: string, arg?: unknown): Promise<IpcResult<T>> {
  return page.evaluate(
    ([name, value]) => (window as unknown as { psonoTray: Bridge }).psonoTray[name as string]!(value) as Promise<IpcResult<T>>,
    [method, arg] as const,
  );
}

function ok<T>(result: IpcResult<T>): T {
  if (!result.ok) {
    assert.fail(`expected ok, got ${result.error.kind}: ${result.error.message}`);
  }
  return result.value;
}

async function filesUnder(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    found.push(...(entry.isDirectory() ? await filesUnder(full) : [full]));
  }
  return found;
}

describe('setup stores the profile in the real keychain', () => {
  let dev: DevVault;
  let values: SetupCredentials;
  const service = `psono-tray-test-setup-${process.pid}`;
  const keychain = new KeytarKeychain(keytar, createLogger('Keychain', () => undefined), service);
  let userDataDir: string;

  before(async () => {
    dev = await startDevVault();
    values = dev.setupValues();
    userDataDir = await mkdtemp(path.join(tmpdir(), 'psono-tray-setup-'));
  });
  after(async () => {
    for (const account of await keychain.accounts().catch(() => [])) {
      await keychain.remove(account);
    }
    await rm(userDataDir, { recursive: true, force: true });
    await dev.close();
    await closeBrowser();
  });

  test('first run: check shows the server, save stores a PIN-wrapped profile in the keychain only', async () => {
    const harness = await launchApp({ vault: dev.vaultService(), keychain, userDataDir });
    try {
      const page = await harness.page();
      const initial = ok(await call<AppState>(page, 'appGetState'));
      assert.equal(initial.phase, 'no-profile');

      const check = ok(await call<SetupCheck>(page, 'setupCheck', values));
      assert.equal(check.username, 'tray-user@example.com');
      assert.equal(check.entryCount, 6);
      assert.equal(check.restricted, false);
      assert.match(check.serverFingerprint, /\S/);
      assert.deepEqual(await keychain.accounts(), [], 'check stores nothing');

      const saved = ok(await call<AppState>(page, 'setupSave', { credentials: values, pin: 'correct horse' }));
      assert.equal(saved.phase, 'unlocked');
      assert.equal(saved.entryCount, 6);
      assert.equal(saved.profile?.hasPin, true);

      // The real Secret Service now holds exactly one item for this profile.
      const account = accountFor(values.apiKeyId);
      assert.deepEqual(await keychain.accounts(), [account]);
      const raw = await keytar.getPassword(service, account);
      assert.ok(raw);
      const stored = JSON.parse(raw) as Record<string, unknown>;
      assert.equal(stored['apiKeyId'], values.apiKeyId);
      assert.equal(stored['serverUrl'], values.serverUrl);
      // PIN mode: the keychain entry alone does not contain the API key's secrets.
      for (const secret of keySecrets(values)) {
        assert.ok(!raw.includes(secret), 'a raw key is in the keychain entry despite the PIN');
      }
      // And nothing under userData has key material (settings.json, attempt counter).
      for (const file of await filesUnder(userDataDir)) {
        const text = await readFile(file, 'utf8');
        for (const secret of keySecrets(values)) {
          assert.ok(!text.includes(secret), `${path.basename(file)} contains key material`);
        }
      }
      const settings = JSON.parse(await readFile(path.join(userDataDir, 'settings.json'), 'utf8')) as { profileAccount: string };
      assert.equal(settings.profileAccount, account);
    } finally {
      await harness.close();
    }
  });

  test('restart: the profile is found locked; a wrong PIN is refused, the right one unlocks', async () => {
    const harness = await launchApp({ vault: dev.vaultService(), keychain, userDataDir });
    try {
      const page = await harness.page();
      const state = ok(await call<AppState>(page, 'appGetState'));
      assert.equal(state.phase, 'locked');
      assert.equal(state.profile?.apiKeyId, values.apiKeyId);
      assert.equal(state.entryCount, 0);

      const searchWhileLocked = await call(page, 'vaultSearch', { query: 'git', limit: 10 });
      assert.equal(searchWhileLocked.ok, false);
      assert.equal(!searchWhileLocked.ok && searchWhileLocked.error.kind, 'locked');

      const wrong = await call(page, 'lockUnlock', { pin: 'wrong pin!' });
      assert.equal(wrong.ok, false);
      assert.equal(!wrong.ok && wrong.error.kind, 'wrong-pin');

      const unlocked = ok(await call<AppState>(page, 'lockUnlock', { pin: 'correct horse' }));
      assert.equal(unlocked.phase, 'unlocked');
      assert.equal(unlocked.entryCount, 6);
    } finally {
      await harness.close();
    }
  });

  test('"trust my OS login" stores the keys in the keychain entry, and setup check reports a wrong key', async () => {
    const harness = await launchApp({ vault: dev.vaultService(), keychain, userDataDir });
    try {
      const page = await harness.page();
      // Replacing the stored profile (and checking a key for it) needs the app unlocked.
      const locked = await call(page, 'setupCheck', values);
      assert.equal(!locked.ok && locked.error.kind, 'locked');
      ok(await call<AppState>(page, 'lockUnlock', { pin: 'correct horse' }));
      const inactive = await call(page, 'setupCheck', dev.setupValues('inactive'));
      assert.equal(inactive.ok, false);
      assert.equal(!inactive.ok && inactive.error.kind, 'key-inactive');

      const malformed = await call(page, 'setupCheck', { ...values, apiKeySecretKey: 'not hex' });
      assert.equal(malformed.ok, false);
      assert.equal(!malformed.ok && malformed.error.kind, 'invalid-argument');
      assert.equal(!malformed.ok && malformed.error.field, 'apiKeySecretKey');

      ok(await call<AppState>(page, 'setupSave', { credentials: values, pin: null }));
      const raw = (await keytar.getPassword(service, accountFor(values.apiKeyId))) ?? '';
      assert.ok(raw.includes(values.apiKeySecretKey.toLowerCase()), 'OS-login mode keeps the key in the keychain entry');
      assert.equal(harness.main.state().profile?.hasPin, false);

      const removed = ok(await call<AppState>(page, 'profileRemove', { pin: null }));
      assert.equal(removed.phase, 'no-profile');
      assert.deepEqual(await keychain.accounts(), []);
    } finally {
      await harness.close();
    }
  });
});
