/**
 * Page object for the real search window in the harness: verbs a user performs (paste setup
 * values, search, press keys, reveal, lock, unlock) and what they can observe. No store access:
 * the shipped bundle has no test hook, so everything goes through the DOM like a user.
 */
import type { Page } from 'playwright-core';

import type { SetupCredentials } from '../../src/shared/ipc/dto';

export function dialogText(values: SetupCredentials): string {
  return [
    `API_KEY_ID: ${values.apiKeyId}`,
    `API_KEY_PRIVATE_KEY: ${values.apiKeyPrivateKey}`,
    `API_KEY_SECRET_KEY: ${values.apiKeySecretKey}`,
    `SERVER_URL: ${values.serverUrl}`,
    `SERVER_PUBLIC_KEY: ${values.serverPublicKey}`,
    `SERVER_SIGNATURE: ${values.serverSignature}`,
  ].join('\n');
}

export class SearchWindowPage {
  constructor(readonly page: Page) {
    page.setDefaultTimeout(60_000);
  }

  get searchBox() {
    return this.page.getByRole('combobox', { name: 'Search entries' });
  }

  get status() {
    return this.page.getByTestId('status-line');
  }

  async setUp(values: SetupCredentials, pin: string | null): Promise<string> {
    await this.page.getByTestId('setup-screen').waitFor();
    await this.page.getByTestId('setup-paste').fill(dialogText(values));
    await this.page.getByTestId('setup-test').click();
    const check = this.page.getByTestId('setup-check');
    await check.waitFor();
    const checkText = await check.innerText();
    if (pin === null) {
      await this.page.getByTestId('setup-no-pin').check();
    } else {
      await this.page.getByTestId('setup-pin').fill(pin);
      await this.page.getByTestId('setup-pin-repeat').fill(pin);
    }
    await this.page.getByTestId('setup-save').click();
    await this.searchBox.waitFor();
    return checkText;
  }

  /** Types a query and waits until the shown results answer it. */
  async search(query: string, expectFirst?: string): Promise<void> {
    await this.searchBox.fill(query);
    if (expectFirst !== undefined) {
      await this.page.locator('[role="option"][aria-selected="true"] .result-title-text', { hasText: expectFirst }).waitFor();
    }
  }

  async press(key: string): Promise<void> {
    await this.page.keyboard.press(key);
  }

  async waitForStatus(pattern: RegExp, timeout = 20_000): Promise<string> {
    try {
      await this.page.waitForFunction(
        ([source, flags]) => new RegExp(source, flags).test(document.querySelector('[data-testid="status-line"]')?.textContent ?? ''),
        [pattern.source, pattern.flags] as const,
        { timeout },
      );
    } catch (error) {
      throw new Error(`status line never matched ${String(pattern)}; it says: ${await this.status.innerText()}`, { cause: error });
    }
    return this.status.innerText();
  }

  async resultTitles(): Promise<string[]> {
    return this.page.locator('[role="option"] .result-title-text').allInnerTexts();
  }

  async waitForSearchFocus(): Promise<void> {
    await this.page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'combobox');
  }

  async unlock(pin: string): Promise<void> {
    const input = this.page.getByTestId('unlock-pin');
    await input.fill(pin);
    await input.press('Enter');
  }

  /** Everything the DOM holds as text, including input values. */
  async domText(): Promise<string> {
    return this.page.evaluate(() => {
      const values = [...document.querySelectorAll('input, textarea')].map((element) => (element as HTMLInputElement).value);
      return document.documentElement.outerHTML + '\n' + values.join('\n');
    });
  }
}
