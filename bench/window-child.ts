/**
 * Child of bench/window.ts, run with the Electron double (test/harness/register.mjs): the real
 * main process (src/main/app.ts) and the real renderer in headless Chromium. Measures global
 * shortcut press → the search window shown and its search input focused in the page, and prints
 * one JSON line with the samples.
 */
// The keychain is not what this measures; the in-memory one keeps the child free of D-Bus.
import { MemoryKeychain } from '../src/main/demo-profile';
import { FAKE_SETUP, FakeVaultService } from '../test/main/fakes/fake-vault';
import { closeBrowser, launchApp } from '../test/harness/launch';

const rounds = Number(process.argv[2] ?? 20);
const harness = await launchApp({ vault: new FakeVaultService(), keychain: new MemoryKeychain(), renderer: 'app' });
try {
  const page = await harness.page();
  // Set up as a user does: the six values, "Test", no PIN, "Save"; the page then shows the search.
  for (const [field, value] of Object.entries(FAKE_SETUP)) {
    if (value !== '') {
      await page.fill(`[data-testid="setup-${field}"]`, value);
    }
  }
  await page.click('[data-testid="setup-test"]');
  await page.waitForSelector('[data-testid="setup-check"]', { timeout: 30_000 });
  await page.click('[data-testid="setup-no-pin"]');
  await page.click('[data-testid="setup-save"]');
  await page.waitForSelector('[data-testid="search-input"]', { timeout: 30_000 });
  // Counts window:shown events arriving in the page, to tell a lost event from a missed focus.
  await page.evaluate(() => {
    const target = window as unknown as { __benchShown: number; psonoTray: { on(event: string, listener: () => void): void } };
    target.__benchShown = 0;
    target.psonoTray.on('window:shown', () => (target.__benchShown += 1));
  });
  const window = harness.main.window.window;
  const samples: number[] = [];
  for (let round = 0; round < rounds + 2; round++) {
    if (window.isVisible()) {
      harness.pressShortcut();
    }
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const started = performance.now();
    harness.pressShortcut();
    // Polled from here with one CDP evaluate after another (the page's CSP forbids an in-page
    // poller); each poll's round trip is counted, so the figure is a ceiling.
    const focusedInPage = (): Promise<boolean> => page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'search-input');
    while (!(await focusedInPage())) {
      if (performance.now() - started > 10_000) {
        const shown = await page.evaluate(() => (window as unknown as { __benchShown: number }).__benchShown);
        throw new Error(
          shown === 0
            ? `bench: the window is ${window.isVisible() ? 'visible' : 'hidden'} but window:shown never reached the page, so the input was not focused (10 s)`
            : 'bench: window:shown reached the page but the search input did not get focus within 10 s',
        );
      }
    }
    const at = performance.now();
    if (!window.isVisible()) {
      throw new Error('bench: the input was focused but the window is not visible');
    }
    // The first two rounds warm up the page and the IPC path.
    if (round >= 2) {
      samples.push(at - started);
    }
  }
  process.stdout.write(`${JSON.stringify({ samples })}\n`);
} finally {
  await harness.close();
  await closeBrowser();
}
