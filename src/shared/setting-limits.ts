/**
 * Ranges and choices of the settings as plain values, without zod, so the renderer can bound its
 * inputs with the same numbers the schema in settings.ts enforces.
 */
export const SETTING_LIMITS = {
  idleMinutes: { min: 1, max: 24 * 60 },
  appInactivityMinutes: { min: 1, max: 24 * 60 },
  clipboardClearSeconds: { min: 0, max: 3600 },
  zoomFactor: { min: 0.5, max: 3 },
} as const;

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

/** The auto-type sequence for entries without their own (core's parser reads it: src/core/autotype). */
export const DEFAULT_AUTO_TYPE_SEQUENCE = '{USERNAME}{TAB}{PASSWORD}{ENTER}';
