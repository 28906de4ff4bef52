/**
 * Child process of app-heap.test.ts (not a test file itself): runs the REAL main process
 * (src/main/app.ts through the harness, the real renderer in headless Chromium, the real keychain)
 * against the dev server in a third process. It never imports the fixtures and gets only what a
 * user would type (the pasted dialog values and the PIN, on stdin), so any fixture secret in its
 * heap came through the app. Steps, as a user would do them:
 *   setup with a PIN → tray Lock → unlock with the PIN → search, copy passwords, a note and TOTP
 *   codes, reveal a password in the detail view, show a TOTP code → heap snapshot "before" (the
 *   control) → tray Lock → locked screen → forced GC → heap snapshot "after".
 * Prints one JSON line: the snapshot paths and what the locked page showed (no values).
 */
import { setFlagsFromString, writeHeapSnapshot } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { randomUUID } from 'node:crypto';

import { SearchWindowPage } from '../e2e/search-window-page';
import { closeBrowser, launchApp } from '../harness/launch';
import { createLogger } from '../../src/main/log';
import { PsonoVaultService } from '../../src/main/vault/psono-vault-service';
import { NodeHttpTransport } from '../../src/platform/http-transport';
import type { SetupCredentials } from '../../src/shared/ipc/dto';

interface ChildInput {
  readonly credentials: SetupCredentials;
  readonly pin: string;
  readonly outDir: string;
  /** Entry titles (not secrets): the locked page's DOM must show none of them. */
  readonly titles: readonly string[];
}

export interface AppHeapReport {
  readonly before: string;
  readonly after: string;
  readonly phaseBefore: string;
  readonly phase: string;
  readonly lockedScreen: boolean;
  readonly lockReason: string;
  readonly titlesInLockedDom: string[];
  readonly resultRowsWhenLocked: number;
  readonly copies: number;
  readonly revealed: boolean;
}

function forceGc(): void {
  // The flag can be set at runtime when --expose-gc is not on the command line.
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  for (const chunk of chunks) {
    chunk.fill(0);
  }
  return text;
}

async function main(): Promise<void> {
  let input: ChildInput | null = JSON.parse(await readStdin()) as ChildInput;
  const { outDir, titles } = input;
  const transport = new NodeHttpTransport();
  const app = await launchApp({
    vault: new PsonoVaultService({
      transport,
      deviceFingerprint: randomUUID(),
      deviceDescription: 'psono-tray heap test',
      log: createLogger('Vault', () => undefined),
    }),
    renderer: 'app',
    // Copies run one after another in the open window (going back after a copy is test/e2e/quick-access's).
    settings: { clipboardClearSeconds: 300, hideAfterCopy: false },
  });
  const ui = new SearchWindowPage(await app.page());
  let copies = 0;
  const copied = async (pattern: RegExp): Promise<void> => {
    await ui.waitForStatus(pattern);
    copies++;
  };

  // Setup from the pasted dialog values, with a PIN; then lock from the tray and unlock with the PIN.
  app.main.show('setup');
  await ui.setUp(input.credentials, input.pin);
  await app.clickTray('Lock');
  await ui.page.getByTestId('locked-screen').waitFor();
  await ui.unlock(input.pin);
  await ui.searchBox.waitFor();
  input = null;

  // Copy several secrets (password, note, TOTP codes), reveal one, show a TOTP code.
  await ui.search('github', 'GitHub');
  await ui.press('Enter');
  await copied(/Copied .*password/i);
  await ui.press('Control+Enter');
  await copied(/Copied .*TOTP/i);
  await ui.search('wifi', 'Wifi');
  await ui.press('Enter');
  await copied(/Copied/);
  await ui.search('vpn', 'VPN token');
  await ui.press('Enter');
  await copied(/Copied .*TOTP/i);
  await ui.search('cloud', 'Cloud console');
  await ui.press('Enter');
  await copied(/Copied .*password/i);
  await ui.search('build', 'Build server');
  await ui.press('Tab');
  await ui.page.getByTestId('detail-view').waitFor();
  await ui.page.getByRole('button', { name: /^Show / }).first().click();
  await ui.page.locator('.secret.revealed').waitFor();
  const revealed = (await ui.page.locator('.secret.revealed').count()) > 0;
  await ui.press('Escape');
  await ui.search('vpn', 'VPN token');
  await ui.press('ArrowRight');
  await ui.page.locator('.totp-code').waitFor();
  await ui.press('Escape');
  await ui.searchBox.waitFor();
  const phaseBefore = app.main.state().phase;

  forceGc();
  const before = writeHeapSnapshot(`${outDir}/app-before-lock.heapsnapshot`);

  // Lock from the tray, as a user walking away would.
  await app.clickTray('Lock');
  await ui.page.getByTestId('locked-screen').waitFor();
  const lockReason = await ui.page.getByTestId('lock-reason').innerText();
  const dom = await ui.domText();
  const titlesInLockedDom = titles.filter((title) => dom.includes(title));
  const resultRowsWhenLocked = await ui.page.locator('[role="option"]').count();
  const lockedScreen = (await ui.page.getByTestId('locked-screen').count()) === 1;
  const phase = app.main.state().phase;

  // Let the logout's sockets close and pending callbacks (with their buffers) run out.
  await new Promise((resolve) => setTimeout(resolve, 500));
  forceGc();
  const after = writeHeapSnapshot(`${outDir}/app-after-lock.heapsnapshot`);

  await app.close();
  transport.close();
  await closeBrowser();
  const report: AppHeapReport = {
    before,
    after,
    phaseBefore,
    phase,
    lockedScreen,
    lockReason,
    titlesInLockedDom,
    resultRowsWhenLocked,
    copies,
    revealed,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    // Only the error's class and message: harness messages name selectors and patterns, never values.
    process.stderr.write(`app-heap child failed: ${error instanceof Error ? `${error.name}: ${error.message.slice(0, 500)}` : 'error'}\n`);
    process.exit(1);
  },
);
