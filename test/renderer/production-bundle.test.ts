// The shipped entry (src/renderer/main.tsx) under the app's CSP, served as a header and as the page's
// meta tag: it mounts, raises no CSP violation, and says so plainly when there is no bridge.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

import { FakeBridge } from '../fakes/fake-bridge';
import { APP_CSP, sharedRenderer } from './support/renderer-page';

describe('production renderer bundle', { timeout: 300_000 }, () => {
  const renderer = sharedRenderer('production');

  it('carries the same CSP in index.html as the server sends, minus what a meta tag cannot hold', () => {
    const html = readFileSync('src/renderer/static/index.html', 'utf8');
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    assert.equal(meta, APP_CSP.replace("; frame-ancestors 'none'", ''));
    assert.doesNotMatch(html, /<script>|<style|\sstyle=|\son[a-z]+=/i, 'no inline script, style or handler');
  });

  it('mounts with the bridge, works, and raises no CSP violation or console error', async () => {
    const ui = await renderer.open(new FakeBridge());
    const violations: string[] = [];
    try {
      await ui.page.exposeFunction('__reportViolation', (text: string) => violations.push(text));
      await ui.page.evaluate(() =>
        document.addEventListener('securitypolicyviolation', (event) =>
          (window as unknown as { __reportViolation: (t: string) => void }).__reportViolation(`${event.violatedDirective} ${event.blockedURI}`),
        ),
      );
      await ui.searchBox.fill('git');
      await ui.page.locator('[role="option"]').first().waitFor();
      await ui.page.keyboard.press('Tab');
      await ui.page.getByTestId('detail-view').waitFor();
      await ui.page.locator('.totp-ring').waitFor();
      assert.deepEqual(violations, []);
      assert.deepEqual(ui.consoleProblems, []);
      assert.equal(await ui.page.evaluate(() => '__psonoTestStore' in window), false, 'no test hook in the shipped entry');
    } finally {
      await ui.close();
    }
  });

  it('tells the user when the page is opened without the preload bridge', async () => {
    const context = await renderer.browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(renderer.server.url);
      await page.getByText('This page works only inside Psono Tray.').waitFor();
    } finally {
      await context.close();
    }
  });
});
