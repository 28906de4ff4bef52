/**
 * Page zoom for a window whose menu is removed (so Electron's own zoom accelerators are gone):
 * Ctrl/Cmd with +, − and 0 step the zoom factor, like a browser, and the factor is kept in the
 * settings so the window opens at the same size of text next time.
 */
import type { Input, WebContents } from 'electron';

import { SETTING_LIMITS } from '../../shared/setting-limits';
import type { Settings, SettingsPatch } from '../../shared/settings';

/** Chromium's zoom steps between the schema's bounds (0.5 and 3). */
export const ZOOM_FACTORS = [0.5, 0.67, 0.75, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3] as const;

export type ZoomCommand = 'in' | 'out' | 'reset';

/** The zoom command a key press asks for, if any: Cmd on macOS, Ctrl elsewhere, without Alt. */
export function zoomCommandFor(input: Pick<Input, 'type' | 'key' | 'control' | 'meta' | 'alt'>, platform: NodeJS.Platform): ZoomCommand | null {
  const primary = platform === 'darwin' ? input.meta : input.control;
  if (input.type !== 'keyDown' || !primary || input.alt) {
    return null;
  }
  switch (input.key) {
    case '+':
    case '=': // the + key without Shift on most layouts
      return 'in';
    case '-':
    case '_':
      return 'out';
    case '0':
      return 'reset';
    default:
      return null;
  }
}

/** The factor after `command`: the next step up or down from `current`, or 1. */
export function nextZoomFactor(current: number, command: ZoomCommand): number {
  if (command === 'reset') {
    return 1;
  }
  if (command === 'in') {
    return ZOOM_FACTORS.find((factor) => factor > current + 0.001) ?? SETTING_LIMITS.zoomFactor.max;
  }
  return [...ZOOM_FACTORS].reverse().find((factor) => factor < current - 0.001) ?? SETTING_LIMITS.zoomFactor.min;
}

/** The members of a webContents zoom uses (Electron's WebContents, or the test double). */
export interface ZoomableContents {
  setZoomFactor(factor: number): void;
  on(event: 'before-input-event', listener: (event: { preventDefault(): void }, input: Input) => void): unknown;
  on(event: 'did-finish-load', listener: () => void): unknown;
}

export interface ZoomSettings {
  readonly settings: Pick<Settings, 'zoomFactor'>;
  updateSettings(patch: SettingsPatch): Promise<unknown>;
}

/**
 * Applies the stored factor to `contents` (again after each load), and handles the zoom keys
 * before the page sees them. `onError` hears a failed save; the zoom itself still applies.
 */
export function attachZoom(contents: ZoomableContents, store: ZoomSettings, onError: (error: unknown) => void, platform: NodeJS.Platform = process.platform): void {
  const apply = () => contents.setZoomFactor(store.settings.zoomFactor);
  apply();
  contents.on('did-finish-load', apply);
  contents.on('before-input-event', (event, input) => {
    const command = zoomCommandFor(input, platform);
    if (command === null) {
      return;
    }
    event.preventDefault();
    const factor = nextZoomFactor(store.settings.zoomFactor, command);
    contents.setZoomFactor(factor);
    store.updateSettings({ zoomFactor: factor }).catch(onError);
  });
}

// Compile-time: Electron's WebContents is a ZoomableContents.
type Assert<T extends true> = T;
export type WebContentsZooms = Assert<WebContents extends ZoomableContents ? true : false>;
