/**
 * Locks that race other work (harness + dev server): a tray copy after the idle deadline, a copy
 * started just before a lock, a lock whose logout the server never answers, and a screen lock that
 * arrives while an unlock runs. In each, nothing of the vault may reach the clipboard, the tray or
 * the app state after the lock began.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';

import type { HttpRequest, HttpResponse, HttpTransport } from '../../src/core/http';
import { createLogger } from '../../src/main/log';
import { PsonoVaultService } from '../../src/main/vault/psono-vault-service';
import type { AppState } from '../../src/shared/ipc/dto';
import { closeBrowser, launchApp, type HarnessApp } from '../harness/launch';
import { callBridge, expectOk } from './bridge';
import { GITHUB_ID, startDevVault, type DevVault } from './helpers';

/** Sends every request, but never delivers the logout's answer (a server gone silent). */
class SilentLogoutTransport implements HttpTransport {
  constructor(private readonly inner: HttpTransport) {}
  send(request: HttpRequest): Promise<HttpResponse> {
    const answer = this.inner.send(request);
    if (new URL(request.url).pathname.endsWith('/authentication/logout/')) {
      answer.catch(() => undefined);
      return new Promise<HttpResponse>(() => undefined);
    }
    return answer;
  }
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('locks racing other work', { timeout: 180_000 }, () => {
  let dev: DevVault;
  let app: HarnessApp | null = null;
  const realNow = Date.now;

  before(async () => {
    dev = await startDevVault();
  });
  after(async () => {
    Date.now = realNow;
    await app?.close();
    await dev.close();
    await closeBrowser();
  });

  async function launch(vault: PsonoVaultService, pin: string | null): Promise<HarnessApp> {
    await app?.close();
    app = await launchApp({ vault, settings: { clipboardClearSeconds: 30 } });
    expectOk(await callBridge<AppState>(await app.page(), 'setupSave', { credentials: dev.setupValues(), pin }));
    assert.equal(app.main.state().phase, 'unlocked');
    return app;
  }

  /** The password copied once (so the vault holds the secret and a later copy needs no request), then the clipboard emptied. */
  async function warmCopy(running: HarnessApp): Promise<void> {
    await running.main.copy(GITHUB_ID, 'password');
    assert.equal(await running.clipboardText(), 'gh-Fixture-Pass-91!');
    await running.main.clipboard.clearIfOurs('timer');
    assert.equal(await running.clipboardText(), '');
  }

  /** Every phase main publishes to the window from now on (the page's own record dies with the reload on lock). */
  function publishedPhases(running: HarnessApp): string[] {
    const phases: string[] = [];
    const contents = running.main.window.window.webContents as unknown as { send(channel: string, payload: unknown): void };
    const send = contents.send.bind(contents);
    contents.send = (channel, payload) => {
      if (channel === 'state:changed') {
        phases.push((payload as AppState).phase);
      }
      send(channel, payload);
    };
    return phases;
  }

  it('a tray copy after the idle deadline locks and copies nothing', async () => {
    const running = await launch(dev.vaultService(), null);
    await warmCopy(running);
    try {
      Date.now = () => realNow() + 11 * 60_000;
      await running.clickTray('GitHub', 'Copy password');
      for (let i = 0; i < 100 && running.main.state().phase !== 'locked'; i++) {
        await pause(20);
      }
      assert.equal(running.main.state().phase, 'locked');
      await pause(200);
      assert.equal(await running.clipboardText(), '', 'no password on the clipboard after the lock');
      assert.equal(running.main.clipboard.clearsInSeconds, null, 'no clear timer armed');
    } finally {
      Date.now = realNow;
    }
  });

  it('a copy whose read finishes after a lock began does not write the clipboard', async () => {
    const running = await launch(dev.vaultService(), null);
    await warmCopy(running);
    const locking = running.main.lock('manual');
    const copied = await running.main.copy(GITHUB_ID, 'password').then(
      () => 'copied',
      (error: unknown) => String((error as Error).message),
    );
    await locking;
    assert.notEqual(copied, 'copied');
    assert.equal(await running.clipboardText(), '');
  });

  it('with a server that never answers the logout, the lock shows at once: state, clipboard and tray', async () => {
    const vault = new PsonoVaultService({ transport: new SilentLogoutTransport(dev.transport), deviceFingerprint: randomUUID(), deviceDescription: 'lock race test', log: createLogger('Vault', () => undefined) });
    const running = await launch(vault, null);
    await running.main.copy(GITHUB_ID, 'password');
    assert.equal(await running.clipboardText(), 'gh-Fixture-Pass-91!');
    const trayBefore = running.trayMenu().filter((item) => item.label).length;
    let lockDone = false;
    const locking = running.main.lock('manual').then(() => (lockDone = true));
    assert.equal(running.main.sessions.phase, 'unlocked', 'control: the lock has not run yet');
    assert.equal(running.main.sessions.effectivePhase, 'locked', 'a lock asked for counts as locked at once');
    await pause(300);
    assert.equal(lockDone, false, 'control: the logout is still outstanding');
    assert.equal(running.main.state().phase, 'locked');
    assert.equal(await running.clipboardText(), '', 'clipboard cleared before the logout answered');
    assert.ok(running.trayMenu().filter((item) => item.label).length < trayBefore, 'the tray no longer lists the vault');
    await locking;
  });

  it('a screen lock during an unlock: the app never shows itself unlocked', async () => {
    const running = await launch(dev.vaultService(), 'pin-Race-123456');
    await running.main.lock('manual');
    const phases = new Set<string>();
    const published = publishedPhases(running);
    const unlocking = running.main.sessions.unlock('pin-Race-123456').catch(() => undefined);
    // The screen locks once the unlock is under way (PIN accepted, the vault loading).
    for (let i = 0; i < 500 && running.main.state().phase !== 'unlocking'; i++) {
      await pause(1);
    }
    phases.add(running.main.state().phase);
    assert.equal(running.main.state().phase, 'unlocking', 'control: the lock arrives during the unlock');
    running.electron.powerMonitor.emit('lock-screen');
    for (let i = 0; i < 200; i++) {
      phases.add(running.main.state().phase);
      if (i > 5 && running.main.state().phase === 'locked' && running.main.sessions.session === null) {
        break;
      }
      await pause(10);
    }
    await unlocking;
    await running.main.lock('manual');
    phases.add(running.main.state().phase);
    assert.ok(!phases.has('unlocked'), [...phases].join());
    assert.ok(published.includes('unlocking') && !published.includes('unlocked'), published.join());
    assert.equal(running.main.state().phase, 'locked');
    assert.equal(running.main.sessions.session, null);
  });
});
