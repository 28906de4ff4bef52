/**
 * Harness: main reports in AppState which lock triggers this desktop delivers, so the settings
 * screen can say so — OS lock and sleep from the event sources found at startup, system idle from the
 * readings while unlocked (an unreadable idle time makes it 'unavailable', and app inactivity
 * stands in).
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import type { AppState } from '../../src/shared/ipc/dto';
import { closeBrowser, launchApp, type HarnessApp } from '../harness/launch';
import { callBridge, expectOk } from './bridge';
import { FAKE_SETUP, FakeVaultService } from './fakes/fake-vault';

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  for (const started = Date.now(); !check() && Date.now() - started < timeoutMs; ) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('lock trigger availability in the app state', () => {
  let harness: HarnessApp | null = null;
  after(async () => {
    await harness?.close();
    await closeBrowser();
  });

  test('macOS: screen lock and sleep are delivered; system idle is learnt while unlocked', { timeout: 120_000 }, async () => {
    harness = await launchApp({ vault: new FakeVaultService(), platform: 'darwin' });
    const app = harness;
    await until(() => app.main.state().lockTriggers.osLock !== 'unknown', 20_000);
    assert.deepEqual(app.main.state().lockTriggers, { systemIdle: 'unknown', osLock: 'available', sleep: 'available' });

    expectOk(await callBridge<AppState>(await app.page(), 'setupSave', { credentials: FAKE_SETUP, pin: null }));
    assert.equal(app.main.state().phase, 'unlocked');
    // The OS cannot tell idle time (getSystemIdleTime fails or reads nonsense): the next poll says so.
    app.electron.powerMonitor.idleSeconds = -1;
    await until(() => app.main.state().lockTriggers.systemIdle !== 'unknown', 60_000);
    assert.equal(app.main.state().lockTriggers.systemIdle, 'unavailable');
    assert.ok(
      app.main.state().warnings.some((warning) => /does not report system idle time/.test(warning)),
      'the fallback to app inactivity is also explained in the warnings',
    );
  });
});
