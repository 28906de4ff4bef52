/**
 * Harness: the Linux tray icon follows the desktop's theme as nativeTheme reports it and changes
 * when the theme does ('updated'); the app's own theme setting does not decide the panel's glyph.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import { PanelTheme } from '../../src/main/tray/tray-service';
import { closeBrowser, launchApp, type HarnessApp } from '../harness/launch';
import { FakeVaultService } from './fakes/fake-vault';

describe('tray icon and the panel theme', () => {
  let harness: HarnessApp | undefined;
  after(async () => {
    await harness?.close();
    await closeBrowser();
  });
  const icon = (): string => harness?.electron.Tray.instances.at(-1)?.__imagePath() ?? '';

  test('light desktop: the light-panel glyph; dark: the dark one, switched on nativeTheme updated', async () => {
    harness = await launchApp({ vault: new FakeVaultService(), platform: 'linux', systemTheme: 'light' });
    const page = await harness.page();
    // The double also re-themes the page on 'updated'; wait for it so nothing is left running.
    const pageFollows = (scheme: string) => page.waitForFunction((media) => matchMedia(media).matches, `(prefers-color-scheme: ${scheme})`);
    assert.match(icon(), /tray-locked-light\.png$/);
    harness.electron.nativeTheme.systemDark = true;
    harness.electron.nativeTheme.emit('updated');
    assert.match(icon(), /tray-locked-dark\.png$/);
    await pageFollows('dark');
    harness.electron.nativeTheme.systemDark = false;
    harness.electron.nativeTheme.emit('updated');
    assert.match(icon(), /tray-locked-light\.png$/);
    await pageFollows('light');
  });

  test("the app's theme setting overriding nativeTheme keeps the last desktop reading", () => {
    const theme = { themeSource: 'system' as 'system' | 'light' | 'dark', shouldUseDarkColors: false };
    const panel = new PanelTheme(theme);
    assert.equal(panel.dark, false);
    theme.themeSource = 'dark';
    theme.shouldUseDarkColors = true; // the app's setting, not the desktop
    assert.equal(panel.dark, false);
    theme.themeSource = 'system';
    theme.shouldUseDarkColors = true;
    assert.equal(panel.dark, true);
    assert.equal(new PanelTheme({ themeSource: 'light', shouldUseDarkColors: false }).dark, true, 'no reading yet: dark, as most panels are');
  });
});
