/**
 * Screen capture and screen sharing get a blank window instead of the search window while the
 * `contentProtection` setting is on (macOS and Windows; Electron has no such control on Linux,
 * where the call does nothing).
 */
import type { BrowserWindow } from 'electron';

import type { Settings } from '../shared/settings';

export function applyContentProtection(window: Pick<BrowserWindow, 'setContentProtection' | 'isDestroyed'>, settings: Pick<Settings, 'contentProtection'>): void {
  if (!window.isDestroyed()) {
    window.setContentProtection(settings.contentProtection);
  }
}
