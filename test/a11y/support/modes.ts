// The ways the accessibility tier looks at every renderer state: both themes, and Windows-style
// forced colours (Chromium's emulation of `forced-colors: active` with its high-contrast palette).
import type { RendererPage } from '../../renderer/support/renderer-page';

export interface Mode {
  readonly name: string;
  readonly colorScheme: 'light' | 'dark';
  readonly forcedColors: boolean;
}

export const MODES: readonly Mode[] = [
  { name: 'light', colorScheme: 'light', forcedColors: false },
  { name: 'dark', colorScheme: 'dark', forcedColors: false },
  { name: 'forced', colorScheme: 'dark', forcedColors: true },
];

export async function applyMode(ui: RendererPage, mode: Mode): Promise<void> {
  if (mode.forcedColors) {
    await ui.page.emulateMedia({ forcedColors: 'active' });
  }
}

