/**
 * A settings change from the window, with its effects on the system: start at login, the global
 * shortcut and the theme. The OS entry is changed first: the setting must never claim what the
 * system does not do.
 */
import { isValidAccelerator } from '../shared/accelerator';
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
  if (patch.shortcut !== undefined && !isValidAccelerator(patch.shortcut)) {
    throw new AppFailure('invalid-argument', { message: `“${patch.shortcut.slice(0, 100)}” is not a key combination: modifiers (CommandOrControl, Alt, Shift, Super) and one key.` });
  }
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
