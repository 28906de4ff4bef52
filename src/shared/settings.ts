/**
 * The user's settings, declared once with their defaults. The `Settings` type, the defaults, the
 * patch that setup and `settings:set` accept, and what settings.json may hold all derive from here.
 */
import { z } from 'zod';

import type { LockSettings } from '../core/lock/types';
import { generatorSettingsShape } from './generator-schema';
import { DEFAULT_AUTO_TYPE_SEQUENCE, SETTING_LIMITS, THEMES } from './setting-limits';

const bounded = (limits: { readonly min: number; readonly max: number }) => z.number().int().min(limits.min).max(limits.max);

export const settingsSchema = z.object({
  lockOnIdle: z.boolean().default(true),
  idleMinutes: bounded(SETTING_LIMITS.idleMinutes).default(10),
  // Off: with lockOnIdle on, a desktop that cannot report system idle (Wayland) already locks
  // after idleMinutes without use of the app.
  lockOnAppInactivity: z.boolean().default(false),
  appInactivityMinutes: bounded(SETTING_LIMITS.appInactivityMinutes).default(15),
  lockOnOsLock: z.boolean().default(true),
  lockOnSleep: z.boolean().default(true),
  clipboardClearSeconds: bounded(SETTING_LIMITS.clipboardClearSeconds).default(30),
  clipboardExcludeFromHistory: z.boolean().default(true),
  notifyOnCopy: z.boolean().default(false),
  shortcut: z.string().min(1).max(100).default('CommandOrControl+Alt+P'),
  startAtLogin: z.boolean().default(false),
  theme: z.enum(THEMES).default('system'),
  // Screen capture shows the search window blank (macOS, Windows).
  contentProtection: z.boolean().default(true),
  // Page zoom of the window (Ctrl/Cmd +, −, 0), between Chromium's 50 % and 300 %.
  zoomFactor: z.number().min(SETTING_LIMITS.zoomFactor.min).max(SETTING_LIMITS.zoomFactor.max).default(1),
  // A copy from the search window hides it, so focus returns to the window the user came from.
  hideAfterCopy: z.boolean().default(true),
  // Copies, reveals and opened URLs are recorded (entry ids and times) to rank recent entries first.
  recordUsage: z.boolean().default(true),
  // The password generator's last options (the tray's item generates the same kind).
  ...generatorSettingsShape,
  // Auto-type (Ctrl/Cmd+Shift+Enter in the search window) and the sequence typed for entries without
  // their own (main checks its syntax with core's parser: src/core/autotype).
  autoType: z.boolean().default(true),
  autoTypeSequence: z.string().min(1).max(500).default(DEFAULT_AUTO_TYPE_SEQUENCE),
});

export type Settings = Readonly<z.output<typeof settingsSchema>>;

export const DEFAULT_SETTINGS: Settings = Object.freeze(settingsSchema.parse({}));

// Compile-time: core's lock reads these settings, by the same names and types.
type Assert<T extends true> = T;
export type SettingsCoverLockSettings = Assert<Settings extends LockSettings ? true : false>;

type Shape = typeof settingsSchema.shape;
type OptionalShape = { [K in keyof Shape]: z.ZodOptional<ReturnType<Shape[K]['unwrap']>> };

/** The same fields without their defaults, each optional: zod would fill a missing key with its default. */
const optionalShape = Object.fromEntries(
  Object.entries(settingsSchema.shape).map(([key, field]) => [key, field.unwrap().optional()]),
) as OptionalShape;

/** Changes to some settings, as setup and `settings:set` accept them; unknown keys are refused. */
export const settingsPatchSchema = z.object(optionalShape).strict();

/** What settings.json holds: only the settings the user changed; unknown keys (newer files) are dropped. */
export const storedSettingsSchema = z.object(optionalShape);

export type SettingsPatch = z.output<typeof settingsPatchSchema>;
