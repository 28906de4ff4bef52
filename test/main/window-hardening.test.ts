/**
 * Harness tests: the search window's security settings, the app:// protocol with its CSP, the
 * navigation/window-open/permission/webview guards and the bridge surface, asserted against the
 * real main-process code with its page in headless Chromium.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { CONTENT_SECURITY_POLICY } from '../../src/main/windows/app-protocol';
import { bridgeMethodName, requestChannels } from '../../src/shared/ipc/channels';
import type { BrowserWindow as FakeBrowserWindow } from '../harness/fake-electron/windows';
import { closeBrowser, launchApp, type HarnessApp } from '../harness/launch';
import { FakeVaultService } from './fakes/fake-vault';

describe('search window hardening', () => {
  let harness: HarnessApp;

  before(async () => {
    harness = await launchApp({ vault: new FakeVaultService() });
  });
  after(async () => {
    await harness.close();
    await closeBrowser();
  });

  test('webPreferences isolate and sandbox the page, without Node', () => {
    const window = harness.main.window.window as unknown as FakeBrowserWindow;
    const prefs = window.options.webPreferences ?? {};
    assert.equal(prefs.contextIsolation, true);
    assert.equal(prefs.sandbox, true);
    assert.equal(prefs.nodeIntegration, false);
    assert.equal(prefs.nodeIntegrationInWorker, false);
    assert.equal(prefs.nodeIntegrationInSubFrames, false);
    assert.equal(prefs.webSecurity, true);
    assert.equal(prefs.allowRunningInsecureContent, false);
    assert.equal(prefs.webviewTag, false);
    assert.equal(prefs.experimentalFeatures, false);
    assert.match(String(prefs.preload), /dist[\\/]preload[\\/]search-window\.cjs$/);
    // Not packaged in the harness: devtools stay available for development.
    assert.equal(prefs.devTools, true);
  });

  test('the page is served from app:// and never from file://', () => {
    assert.equal(harness.main.window.window.webContents.getURL(), 'app://psono-tray/index.html');
  });

  test('every response carries the strict CSP and security headers', async () => {
    const response = await harness.electron.session.defaultSession.protocol.__fetch('app://psono-tray/index.html');
    assert.equal(response.status, 200);
    const csp = response.headers.get('content-security-policy') ?? '';
    assert.equal(csp, CONTENT_SECURITY_POLICY);
    for (const directive of ["default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'none'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'", "form-action 'none'"]) {
      assert.ok(csp.split('; ').includes(directive), `CSP lacks ${directive}`);
    }
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    const script = await harness.electron.session.defaultSession.protocol.__fetch('app://psono-tray/probe.js');
    assert.equal(script.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
    assert.match(script.headers.get('content-type') ?? '', /^text\/javascript/);
  });

  test('the protocol refuses paths outside the renderer folder and other hosts', async () => {
    const protocol = harness.electron.session.defaultSession.protocol;
    for (const url of ['app://psono-tray/%2e%2e/%2e%2e/package.json', 'app://psono-tray/..%2f..%2fpackage.json']) {
      const response = await protocol.__fetch(url);
      assert.ok(response.status === 403 || response.status === 404, `${url} answered ${response.status}`);
    }
    assert.equal((await protocol.__fetch('app://elsewhere/index.html')).status, 403);
    assert.equal((await protocol.__fetch('app://psono-tray/missing.js')).status, 404);
    assert.equal((await protocol.__fetch('app://psono-tray/index.html', { method: 'POST', body: 'x' })).status, 405);
  });

  test('the CSP blocks inline scripts and any network request in the real page', async () => {
    const page = await harness.page();
    const result = await page.evaluate(async () => {
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (event) => violations.push(event.effectiveDirective));
      const inline = document.createElement('script');
      inline.textContent = 'window.__inlineRan = true;';
      document.head.append(inline);
      let fetched = 'allowed';
      try {
        await fetch('http://127.0.0.1:9/');
      } catch {
        fetched = 'blocked';
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      return { inlineRan: (window as unknown as { __inlineRan?: boolean }).__inlineRan === true, fetched, violations };
    });
    assert.equal(result.inlineRan, false);
    assert.equal(result.fetched, 'blocked');
    assert.ok(result.violations.includes('script-src-elem') || result.violations.includes('script-src'), result.violations.join());
    assert.ok(result.violations.includes('connect-src'), result.violations.join());
  });

  test('the page sees no require, process or ipcRenderer, and a frozen bridge with one function per channel', async () => {
    const page = await harness.page();
    const surface = await page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      const bridge = w['psonoTray'] as Record<string, unknown>;
      return {
        require: typeof w['require'],
        process: typeof w['process'],
        ipcRenderer: typeof w['ipcRenderer'],
        electron: typeof w['electron'],
        rawBinding: typeof w['__electronIpc'],
        keys: Object.keys(bridge).sort(),
        types: Object.values(bridge).map((value) => typeof value),
        frozen: Object.isFrozen(bridge),
        writable: Object.getOwnPropertyDescriptor(window, 'psonoTray')?.writable,
      };
    });
    assert.equal(surface.require, 'undefined');
    assert.equal(surface.process, 'undefined');
    assert.equal(surface.ipcRenderer, 'undefined');
    assert.equal(surface.electron, 'undefined');
    assert.equal(surface.rawBinding, 'undefined');
    assert.deepEqual(surface.keys, [...requestChannels.map((channel) => bridgeMethodName(channel)), 'on'].sort());
    assert.ok(surface.types.every((type) => type === 'function'));
    assert.equal(surface.frozen, true);
    assert.equal(surface.writable, false);
  });

  test('navigation away from the app page is blocked', async () => {
    const page = await harness.page();
    await page.evaluate(() => {
      window.location.href = 'https://evil.invalid/phish';
    });
    await page.waitForTimeout(200);
    assert.equal(harness.main.window.window.webContents.getURL(), 'app://psono-tray/index.html');
    // The document survived (a cancelled navigation keeps the page and its state).
    assert.equal(await page.evaluate(() => document.getElementById('heading')?.textContent), 'Probe');
    assert.ok(harness.logs.some((line) => line.includes('blocked a navigation')));
  });

  test('window.open is denied', async () => {
    const page = await harness.page();
    // A real click: Chromium's popup blocker would swallow a window.open without a user gesture.
    await page.evaluate(() => {
      const button = document.createElement('button');
      button.id = 'opener';
      button.textContent = 'open';
      button.addEventListener('click', () => window.open('https://evil.invalid/popup', '_blank'));
      document.body.append(button);
    });
    await page.click('#opener');
    const webContents = harness.main.window.window.webContents as unknown as { deniedOpens: string[] };
    for (let i = 0; i < 50 && webContents.deniedOpens.length === 0; i++) {
      await page.waitForTimeout(50);
    }
    assert.deepEqual(webContents.deniedOpens, ['https://evil.invalid/popup']);
  });

  test('permission requests and checks are denied', async () => {
    const session = harness.electron.session.defaultSession;
    const webContents = harness.main.window.window.webContents as unknown as Parameters<typeof session.__requestPermission>[0];
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal']) {
      assert.equal(await session.__requestPermission(webContents, permission), false, permission);
      assert.equal(session.__checkPermission(webContents, permission), false, permission);
    }
  });

  test('a packaged build has devtools disabled', async () => {
    await harness.close(); // one app at a time: the double is a single Electron
    const packaged = await launchApp({ vault: new FakeVaultService(), packaged: true });
    try {
      const window = packaged.main.window.window as unknown as FakeBrowserWindow;
      assert.equal(window.options.webPreferences?.devTools, false);
      window.webContents.openDevTools();
      assert.equal(window.webContents.isDevToolsOpened(), false);
    } finally {
      await packaged.close();
      harness = await launchApp({ vault: new FakeVaultService() });
    }
  });

  test('a subframe navigation is prevented too (will-navigate covers the main frame only)', () => {
    let prevented = false;
    harness.main.window.window.webContents.emit('will-frame-navigate', { preventDefault: () => (prevented = true), url: 'https://evil.example/', isMainFrame: false });
    assert.equal(prevented, true);
  });

  test('attaching a <webview> is prevented', () => {
    let prevented = false;
    harness.main.window.window.webContents.emit('will-attach-webview', { preventDefault: () => (prevented = true) }, {}, {});
    assert.equal(prevented, true);
  });
});
