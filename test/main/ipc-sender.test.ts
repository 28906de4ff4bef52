/**
 * Main refuses IPC from anything but the main frame of its own window showing app://psono-tray:
 * a foreign page loaded into the window, an iframe, an unknown webContents. Arguments are parsed
 * with the contract's schemas; channels that need the vault answer 'locked' while locked.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { dispatch, type ChannelHandler } from '../../src/main/ipc/router';
import { senderRejection } from '../../src/main/ipc/sender';
import { createLogger } from '../../src/main/log';
import type { AppState } from '../../src/shared/ipc/dto';
import { closeBrowser, launchApp, type HarnessApp } from '../harness/launch';
import { callBridge, expectError, expectOk } from './bridge';
import { FakeVaultService } from './fakes/fake-vault';

const EVIL_PAGE = `<!doctype html><html><body><h1>evil</h1>
<iframe id="inner" srcdoc="<p>inner</p>"></iframe></body></html>`;

describe('IPC sender checks in the harness', () => {
  let harness: HarnessApp;

  before(async () => {
    harness = await launchApp({ vault: new FakeVaultService() });
    harness.electron.fakeWeb.set('https://evil.invalid', () => ({ body: EVIL_PAGE }));
  });
  after(async () => {
    await harness.close();
    await closeBrowser();
  });

  test('our own page, main frame: accepted', async () => {
    const page = await harness.page();
    const state = expectOk(await callBridge<AppState>(page, 'appGetState'));
    assert.equal(state.phase, 'no-profile');
  });

  test('a foreign page loaded into our window is refused, in its main frame and in its iframe', async () => {
    const page = await harness.page();
    await harness.main.window.window.loadURL('https://evil.invalid/');
    assert.equal(await page.evaluate(() => document.querySelector('h1')?.textContent), 'evil');
    const before = harness.logs.filter((line) => line.includes('refused')).length;

    // The preload runs in every page a window loads — so main must check the origin. (A subframe
    // with our own origin cannot exist: frame-src 'none'; the crafted-event tests below cover it.)
    expectError(await callBridge(page, 'appGetState'), 'forbidden-sender');
    const inner = page.frameLocator('#inner');
    await inner.locator('p').waitFor();
    const frame = page.frames().find((candidate) => candidate !== page.mainFrame());
    assert.ok(frame);
    const fromFrame = await frame.evaluate(() =>
      (window as unknown as { psonoTray: { appGetState(): Promise<{ ok: boolean; error?: { kind: string } }> } }).psonoTray.appGetState(),
    );
    assert.equal(fromFrame.ok, false);
    assert.equal(fromFrame.error?.kind, 'forbidden-sender');
    const refusals = harness.logs.filter((line) => line.includes('refused'));
    assert.equal(refusals.length - before, 2);
    assert.ok(refusals.some((line) => line.includes('foreign origin')));
    assert.ok(refusals.some((line) => line.includes('not the main frame')));

    // Back to our page: accepted again.
    await harness.main.window.window.loadURL('app://psono-tray/index.html');
    expectOk(await callBridge(page, 'appGetState'));
  });

  test('arguments are parsed before use', async () => {
    const page = await harness.page();
    const message = expectError(await callBridge(page, 'vaultSearch', { query: 42, limit: 10 }), 'invalid-argument');
    assert.match(message, /query/);
    expectError(await callBridge(page, 'vaultSearch', { query: 'x', limit: 10, extra: true }), 'invalid-argument');
    expectError(await callBridge(page, 'entryCopy', { id: 'e-github', field: '../../etc' }), 'invalid-argument');
    // Extra arguments never reach main through the bridge (one argument per call)...
    const result = await page.evaluate(() =>
      (window as unknown as { psonoTray: { appGetState(...args: unknown[]): Promise<{ ok: boolean }> } }).psonoTray.appGetState('extra'),
    );
    assert.equal(result.ok, false);
  });

  test('vault channels answer no-profile / locked before unlock', async () => {
    const page = await harness.page();
    expectError(await callBridge(page, 'vaultSearch', { query: 'git', limit: 5 }), 'no-profile');
    expectError(await callBridge(page, 'entryCopy', { id: 'e-github', field: 'password' }), 'no-profile');
  });
});

describe('senderRejection and dispatch (crafted events)', () => {
  const policy = { origin: 'app://psono-tray', trustedWebContentsIds: () => new Set([7]) };
  const frame = (url: string, parent: unknown = null) => ({ url, origin: new URL(url).protocol === 'app:' ? `app://${new URL(url).host}` : new URL(url).origin, parent });

  test('each kind of untrusted sender is named', () => {
    assert.equal(senderRejection({ sender: { id: 7 }, senderFrame: frame('app://psono-tray/index.html') }, policy), null);
    assert.equal(senderRejection({ sender: { id: 8 }, senderFrame: frame('app://psono-tray/index.html') }, policy), 'unknown webContents');
    assert.equal(senderRejection({ sender: { id: 7 }, senderFrame: null }, policy), 'sender frame gone');
    assert.equal(senderRejection({ sender: { id: 7 }, senderFrame: frame('app://psono-tray/index.html', {}) }, policy), 'not the main frame');
    assert.equal(senderRejection({ sender: { id: 7 }, senderFrame: frame('https://evil.invalid/') }, policy), 'foreign origin');
    assert.equal(senderRejection({ sender: { id: 7 }, senderFrame: frame('app://elsewhere/index.html') }, policy), 'foreign origin');
    // An origin that claims ours while the URL is elsewhere is still refused.
    assert.equal(senderRejection({ sender: { id: 7 }, senderFrame: { url: 'file:///etc/passwd', origin: 'app://psono-tray', parent: null } }, policy), 'foreign origin');
  });

  test('dispatch never runs the handler for a refused sender, and maps thrown errors to values', async () => {
    let runs = 0;
    const handler: ChannelHandler<'window:hide'> = {
      access: 'any',
      run: () => {
        runs++;
        throw new Error('secret detail that must not cross');
      },
    };
    const deps = { policy, phase: () => 'unlocked' as const, log: createLogger('IPC', () => undefined) };
    const good = { sender: { id: 7 }, senderFrame: frame('app://psono-tray/index.html') } as unknown as Parameters<typeof dispatch>[2];
    const bad = { sender: { id: 9 }, senderFrame: frame('app://psono-tray/index.html') } as unknown as Parameters<typeof dispatch>[2];
    const refused = await dispatch('window:hide', handler, bad, [undefined], deps);
    assert.equal(runs, 0);
    assert.deepEqual(refused.ok ? null : refused.error.kind, 'forbidden-sender');
    const failed = await dispatch('window:hide', handler, good, [undefined], deps);
    assert.equal(runs, 1);
    assert.equal(failed.ok ? null : failed.error.kind, 'internal');
    assert.ok(!JSON.stringify(failed).includes('secret detail'));
  });
});
