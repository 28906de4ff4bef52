/**
 * Owns the Tray (a module-level reference keeps it from being garbage-collected, see the Electron
 * FAQ) and re-renders its menu and icon whenever the state changes, and the icon when the desktop's
 * theme changes (nativeTheme 'updated').
 */
import path from 'node:path';

import { Menu, Tray, nativeImage, nativeTheme, type MenuItemConstructorOptions } from 'electron';

import type { AppPhase } from '../../shared/ipc/dto';
import type { IndexedEntry, VaultSession } from '../vault/vault-service';
import { buildTrayMenu, type TrayAction, type TrayEntry, type TrayFolder, type TrayItem, type TrayMenuState } from './tray-menu';

export interface TrayServiceOptions {
  readonly resourcesDir: string;
  readonly platform: NodeJS.Platform;
  readonly onAction: (action: TrayAction) => void;
}

/**
 * Icon file under resources/ (see resources/tray/README.md): the locked and unlocked glyphs differ
 * in shape (closed/open shackle), not only colour; `darkPanel` picks the light glyph.
 */
export function trayIconFile(phase: AppPhase, platform: NodeJS.Platform, darkPanel: boolean): string {
  const state = phase === 'unlocked' ? 'unlocked' : 'locked';
  // macOS template images are recoloured for the menu bar by the OS itself.
  return platform === 'darwin' ? `tray/tray-${state}Template.png` : `tray/tray-${state}-${darkPanel ? 'dark' : 'light'}.png`;
}

const TOOLTIPS: Record<AppPhase, string> = {
  'no-profile': 'Psono Tray — not set up',
  locked: 'Psono Tray — locked',
  unlocking: 'Psono Tray — unlocking…',
  unlocked: 'Psono Tray — unlocked',
};

export function toMenuTemplate(items: readonly TrayItem[], onAction: (action: TrayAction) => void): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    switch (item.kind) {
      case 'separator':
        return { type: 'separator' };
      case 'label':
        return { id: item.id, label: item.label, enabled: false };
      case 'submenu':
        return { id: item.id, label: item.label, submenu: toMenuTemplate(item.items, onAction) };
      case 'action':
        return {
          id: item.id,
          label: item.label,
          // Shown as a hint only: the global shortcut is registered separately.
          ...(item.accelerator ? { accelerator: item.accelerator, registerAccelerator: false } : {}),
          click: () => onAction(item.action),
        };
    }
  });
}

/** The folder tree for the tray from the flat index (entries carry their folder path). */
export function folderTree(entries: readonly IndexedEntry[]): TrayFolder {
  interface MutableFolder {
    name: string;
    folders: Map<string, MutableFolder>;
    entries: TrayEntry[];
  }
  const root: MutableFolder = { name: '', folders: new Map(), entries: [] };
  for (const entry of entries) {
    let folder = root;
    for (const name of entry.path) {
      let child = folder.folders.get(name);
      if (!child) {
        child = { name, folders: new Map(), entries: [] };
        folder.folders.set(name, child);
      }
      folder = child;
    }
    folder.entries.push(entry);
  }
  const freeze = (folder: MutableFolder): TrayFolder => ({
    name: folder.name,
    folders: [...folder.folders.values()].map(freeze),
    entries: folder.entries,
  });
  return freeze(root);
}

/**
 * The menu for the current phase: recent and favourite entries (ids the vault no longer holds are
 * left out) and the folder tree, from the vault only while it is unlocked (`vault` null otherwise).
 */
export function trayMenuState(
  phase: AppPhase,
  shortcut: string | null,
  lists: { readonly recent: readonly string[]; readonly favourites: readonly string[] },
  vault: VaultSession | null,
): TrayMenuState {
  const entries = (ids: readonly string[]): TrayEntry[] =>
    vault ? ids.map((id) => vault.find(id)).filter((entry): entry is IndexedEntry => entry !== undefined) : [];
  return { phase, shortcut, recent: entries(lists.recent), favourites: entries(lists.favourites), tree: vault ? folderTree(vault.entries) : null };
}

/**
 * Whether the panel is dark, from what nativeTheme says about the desktop. While the app's own
 * theme setting overrides nativeTheme (themeSource light or dark), it no longer tells the
 * desktop's theme: the last reading taken under 'system' stands, dark before any (most panels are).
 */
export class PanelTheme {
  #systemDark = true;

  constructor(private readonly theme: Pick<typeof nativeTheme, 'themeSource' | 'shouldUseDarkColors'>) {}

  get dark(): boolean {
    if (this.theme.themeSource === 'system') {
      this.#systemDark = this.theme.shouldUseDarkColors;
    }
    return this.#systemDark;
  }
}

export class TrayService {
  readonly tray: Tray;
  #lastPhase: AppPhase | null = null;
  /** The phase the icon shows (the tray starts with the locked glyph). */
  #iconPhase: AppPhase = 'locked';
  #iconFile: string;
  readonly #panel = new PanelTheme(nativeTheme);
  readonly #onThemeUpdated = (): void => this.#updateIcon();

  constructor(private readonly options: TrayServiceOptions) {
    this.#iconFile = this.#iconPath('locked');
    this.tray = new Tray(nativeImage.createFromPath(this.#iconFile));
    // Where the desktop delivers clicks on the icon, a click opens search (or unlock/setup).
    this.tray.on('click', () => options.onAction({ type: 'search' }));
    if (options.platform !== 'darwin') {
      // macOS recolours its template image itself; elsewhere the glyph follows the theme.
      nativeTheme.on('updated', this.#onThemeUpdated);
    }
  }

  #iconPath(phase: AppPhase): string {
    // Windows: the taskbar follows the system theme; Linux: the panel's theme as the desktop reports it.
    return path.join(this.options.resourcesDir, trayIconFile(phase, this.options.platform, this.#panel.dark));
  }

  #updateIcon(): void {
    const file = this.#iconPath(this.#iconPhase);
    if (file === this.#iconFile || this.tray.isDestroyed()) {
      return;
    }
    const icon = nativeImage.createFromPath(file);
    if (this.options.platform === 'darwin') {
      icon.setTemplateImage(true);
    }
    this.tray.setImage(icon);
    this.#iconFile = file;
  }

  render(state: TrayMenuState): void {
    if (this.tray.isDestroyed()) {
      return;
    }
    if (state.phase !== this.#lastPhase) {
      this.#lastPhase = state.phase;
      this.#iconPhase = state.phase;
      this.#updateIcon();
      this.tray.setToolTip(TOOLTIPS[state.phase]);
    }
    this.tray.setContextMenu(Menu.buildFromTemplate(toMenuTemplate(buildTrayMenu(state), this.options.onAction)));
  }

  destroy(): void {
    nativeTheme.removeListener('updated', this.#onThemeUpdated);
    if (!this.tray.isDestroyed()) {
      this.tray.destroy();
    }
  }
}
