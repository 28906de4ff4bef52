import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { DEMO_PROFILE_ENV, DEMO_USER_DATA_ENV, demoModeFromEnv, enterDemo, MemoryKeychain } from '../../src/main/demo-profile';
import { closeBrowser, launchApp, type HarnessApp } from '../harness/launch';
import { startDevVault, type DevVault } from './helpers';

describe('demo mode (npm run demo)', () => {
  let dev: DevVault;
  let root: string;
  let app: HarnessApp | undefined;

  before(async () => {
    dev = await startDevVault();
    root = await mkdtemp(path.join(tmpdir(), 'psono-tray-demo-test-'));
  });

  after(async () => {
    await app?.close();
    await dev.close();
    await closeBrowser();
    await rm(root, { recursive: true, force: true });
  });

  it('is off unless the demo profile variable is set', () => {
    assert.equal(demoModeFromEnv({}), null);
  });

  it('refuses a demo profile without its own user-data folder, and a broken profile file', async () => {
    const file = path.join(root, 'broken.json');
    await writeFile(file, JSON.stringify({ serverUrl: 'not a url' }));
    assert.throws(() => demoModeFromEnv({ [DEMO_PROFILE_ENV]: file }), /PSONO_TRAY_USER_DATA/);
    assert.throws(() => demoModeFromEnv({ [DEMO_PROFILE_ENV]: file, [DEMO_USER_DATA_ENV]: root }), /valid demo profile/);
  });

  it('opens the vault from the throw-away profile, keeping the profile in memory only', async () => {
    const file = path.join(root, 'demo-profile.json');
    await writeFile(file, JSON.stringify({ name: 'Demo', ...dev.setupValues() }));
    const demo = demoModeFromEnv({ [DEMO_PROFILE_ENV]: file, [DEMO_USER_DATA_ENV]: path.join(root, 'user-data') });
    assert.ok(demo);
    assert.ok(demo.keychain instanceof MemoryKeychain);

    app = await launchApp({ vault: dev.vaultService(), keychain: demo.keychain, userDataDir: demo.userDataDir });
    assert.equal(app.main.state().phase, 'no-profile');
    await enterDemo(app.main, demo);

    const state = app.main.state();
    assert.equal(state.phase, 'unlocked');
    assert.ok(state.entryCount > 0);
    assert.equal(state.profile?.hasPin, false);
    assert.deepEqual(await demo.keychain.accounts(), [`profile:${dev.setupValues().apiKeyId}`]);
    assert.equal(app.main.window.window.isVisible(), true);
  });
});
