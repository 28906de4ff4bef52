/**
 * The keychain adapter against the real gnome-keyring (scripts/with-keyring.sh), its refusal
 * without a secure backend, and the settings file (validated, atomic, corrupt file kept aside).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';

import { accountFor, KeytarKeychain, type StoredProfile } from '../../src/main/keychain/keychain';
import { keytar } from '../../src/main/keychain/keytar-module';
import { createLogger } from '../../src/main/log';
import { SettingsStore } from '../../src/main/settings/settings-store';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';

const run = promisify(execFile);
const service = `psono-tray-test-keychain-${process.pid}`;
const keychain = new KeytarKeychain(keytar, createLogger('Keychain', () => undefined), service);

const profile: StoredProfile = {
  version: 1,
  serverUrl: 'https://psono.example.com/server',
  apiKeyId: '6f1c7a52-0d9e-4e8a-9a51-3c2b7f0e9d11',
  serverSignature: 'a'.repeat(64),
  serverPublicKey: '',
  serverFingerprint: 'AB:CD',
  username: 'alice@example.com',
  restricted: false,
  hasPin: true,
  wrappedKeys: '{"format":"psono-tray-wrapped-keys","v":1,"mode":"pin"}',
};

describe('keychain adapter (real Secret Service)', () => {
  after(async () => {
    for (const account of await keychain.accounts().catch(() => [])) {
      await keychain.remove(account);
    }
  });

  test('stores one item per profile (service + account), reads it back, removes it', async () => {
    await keychain.probe();
    const account = accountFor(profile.apiKeyId);
    assert.equal(account, 'profile:6f1c7a52-0d9e-4e8a-9a51-3c2b7f0e9d11');
    await keychain.save(account, profile);
    assert.deepEqual(await keychain.accounts(), [account]);
    assert.deepEqual(await keychain.load(account), profile);
    assert.equal(JSON.parse((await keytar.getPassword(service, account)) ?? '{}').apiKeyId, profile.apiKeyId);
    await keychain.remove(account);
    assert.equal(await keychain.load(account), null);
    assert.deepEqual(await keychain.accounts(), []);
  });

  test('an entry this version cannot read is treated as absent, not trusted', async () => {
    await keytar.setPassword(service, 'profile:broken', '{"version":99}');
    assert.equal(await keychain.load('profile:broken'), null);
    await keytar.setPassword(service, 'profile:broken', 'not json');
    assert.equal(await keychain.load('profile:broken'), null);
    await keychain.remove('profile:broken');
  });

  test('refuses invalid profiles before writing', async () => {
    await assert.rejects(keychain.save('profile:x', { ...profile, serverSignature: 'nope' }));
    assert.deepEqual(await keychain.accounts(), []);
  });

  test('without a reachable Secret Service it refuses with a remedy (no file fallback)', async () => {
    const probe = fileURLToPath(new URL('./fixtures/keychain-probe.ts', import.meta.url));
    const env: NodeJS.ProcessEnv = { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' };
    delete env['DISPLAY'];
    const { stdout } = await run(process.execPath, ['--import', 'tsx', probe], { env, timeout: 60_000 });
    const result = JSON.parse(stdout) as { ok: boolean; kind?: string; message?: string };
    assert.equal(result.ok, false);
    assert.equal(result.kind, 'keychain-unavailable');
    assert.match(result.message ?? '', /Secret Service/);
    assert.match(result.message ?? '', /GNOME Keyring|KWallet/);
  });
});

describe('settings.json', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'psono-tray-settings-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('missing file: defaults, no warning', async () => {
    const store = new SettingsStore(path.join(dir, 'fresh'));
    await store.load();
    assert.deepEqual(store.settings, DEFAULT_SETTINGS);
    assert.equal(store.settings.clipboardClearSeconds, 30);
    assert.equal(store.settings.shortcut, 'CommandOrControl+Alt+P');
    assert.equal(store.loadWarning, null);
  });

  test('updates are written atomically and survive a reload', async () => {
    const folder = path.join(dir, 'atomic');
    const store = new SettingsStore(folder);
    await store.load();
    await Promise.all([store.updateSettings({ idleMinutes: 3 }), store.setFavourite('a', true), store.addRecent('b')]);
    assert.deepEqual(await readdir(folder), ['settings.json'], 'no temporary file left behind');
    const again = new SettingsStore(folder);
    await again.load();
    assert.equal(again.settings.idleMinutes, 3);
    assert.deepEqual(again.favourites, ['a']);
    assert.deepEqual(again.recent, ['b']);
  });

  test('a corrupt file is kept aside, defaults are used, and the user is told', async () => {
    const folder = path.join(dir, 'corrupt');
    const store = new SettingsStore(folder);
    await store.load();
    await store.updateSettings({ idleMinutes: 7 });
    await writeFile(path.join(folder, 'settings.json'), '{"version":1,"settings":{"idleMinutes":');
    const reloaded = new SettingsStore(folder);
    await reloaded.load();
    assert.deepEqual(reloaded.settings, DEFAULT_SETTINGS);
    assert.match(reloaded.loadWarning ?? '', /settings\.json could not be read because it is not valid JSON; it was kept as settings\.json\.corrupt-/);
    const files = await readdir(folder);
    const aside = files.find((name) => name.startsWith('settings.json.corrupt-'));
    assert.ok(aside);
    assert.equal(await readFile(path.join(folder, aside), 'utf8'), '{"version":1,"settings":{"idleMinutes":');
  });

  test('valid JSON with invalid values is also kept aside; unknown keys are dropped', async () => {
    const folder = path.join(dir, 'invalid');
    await new SettingsStore(folder).load();
    await rm(folder, { recursive: true, force: true });
    const store = new SettingsStore(folder);
    await store.updateSettings({ theme: 'dark' });
    const file = path.join(folder, 'settings.json');
    const good = JSON.parse(await readFile(file, 'utf8')) as { settings: Record<string, unknown> };
    await writeFile(file, JSON.stringify({ ...good, settings: { ...good.settings, futureSetting: true } }));
    const withUnknown = new SettingsStore(folder);
    await withUnknown.load();
    assert.equal(withUnknown.loadWarning, null);
    assert.equal(withUnknown.settings.theme, 'dark');

    await writeFile(file, JSON.stringify({ ...good, settings: { idleMinutes: -5 } }));
    const invalid = new SettingsStore(folder);
    await invalid.load();
    assert.match(invalid.loadWarning ?? '', /its contents are not valid/);
    assert.equal(invalid.settings.idleMinutes, DEFAULT_SETTINGS.idleMinutes);
  });
});
