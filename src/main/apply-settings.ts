/**
 * A settings change from the window, with its effects on the system: start at login, the global
 * shortcut and the theme. The OS entry is changed first: the setting must never claim what the
 * system does not do.
 */
import type { Settings, SettingsPatch } from '../shared/settings';
import { AppFailure } from './app-error';
import type { Autostart } from './autostart';

export interface SettingsEffects {
  /** Absent: start at login is not available in this build. */
  readonly autostart: Pick<Autostart, 'setEnabled'> | undefined;
  readonly store: { updateSettings(patch: SettingsPatch): Promise<Settings> };
  readonly shortcut: { apply(accelerator: string): unknown };
  /** Electron's nativeTheme. */
  readonly theme: { themeSource: Settings['theme'] };
  /** After the change is stored (lock timers, the published state). */
  readonly onApplied: (settings: Settings) => void;
}

export async function applySettings(patch: SettingsPatch, effects: SettingsEffects): Promise<Settings> {
  if (patch.startAtLogin !== undefined) {
    if (!effects.autostart) {
      throw new AppFailure('unsupported', { message: 'Start at login is not available in this build.' });
    }
    const result = await effects.autostart.setEnabled(patch.startAtLogin);
    if (!result.ok) {
      throw new AppFailure('unsupported', { message: result.error.message });
    }
  }
  const updated = await effects.store.updateSettings(patch);
  if (patch.shortcut !== undefined) {
    effects.shortcut.apply(updated.shortcut);
  }
  if (patch.theme !== undefined) {
    effects.theme.themeSource = updated.theme;
  }
  effects.onApplied(updated);
  return updated;
}
