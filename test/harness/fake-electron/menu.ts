/** Menu, MenuItem, Tray and nativeImage doubles. Menus can be clicked by label path. */
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import type * as E from 'electron';

export class FakeNativeImage {
  constructor(
    /** The file it was loaded from, or a marker for non-file sources. */
    readonly source: string,
    private readonly empty: boolean,
  ) {}
  isEmpty(): boolean {
    return this.empty;
  }
  getSize(): { width: number; height: number } {
    return this.empty ? { width: 0, height: 0 } : { width: 16, height: 16 };
  }
  resize(_options: { width?: number; height?: number }): FakeNativeImage {
    return this;
  }
  setTemplateImage(_option: boolean): void {}
  toPNG(): Buffer {
    return Buffer.alloc(0);
  }
}

export const nativeImage = {
  // Electron returns an empty image (no exception) when the file is missing; so does the double.
  createFromPath: (filePath: string): FakeNativeImage => new FakeNativeImage(filePath, !existsSync(filePath)),
  createEmpty: (): FakeNativeImage => new FakeNativeImage('empty', true),
  createFromDataURL: (dataUrl: string): FakeNativeImage => new FakeNativeImage(dataUrl.slice(0, 40), false),
  createFromBuffer: (_buffer: Buffer): FakeNativeImage => new FakeNativeImage('buffer', false),
};

type ClickHandler = (menuItem: MenuItem, window: unknown, event: unknown) => void;

export class MenuItem {
  readonly id: string;
  readonly label: string;
  readonly sublabel: string;
  readonly type: NonNullable<E.MenuItemConstructorOptions['type']>;
  readonly role: string | undefined;
  readonly accelerator: string | undefined;
  readonly toolTip: string;
  enabled: boolean;
  visible: boolean;
  checked: boolean;
  readonly submenu: Menu | undefined;
  readonly click: ClickHandler | undefined;

  constructor(options: E.MenuItemConstructorOptions) {
    this.id = options.id ?? '';
    this.label = options.label ?? '';
    this.sublabel = options.sublabel ?? '';
    this.type = options.type ?? (options.submenu ? 'submenu' : 'normal');
    this.role = options.role;
    this.accelerator = options.accelerator === undefined ? undefined : String(options.accelerator);
    this.toolTip = options.toolTip ?? '';
    this.enabled = options.enabled ?? true;
    this.visible = options.visible ?? true;
    this.checked = options.checked ?? false;
    const submenu = options.submenu;
    this.submenu = submenu === undefined ? undefined : Array.isArray(submenu) ? Menu.buildFromTemplate(submenu) : (submenu as unknown as Menu);
    this.click = options.click as ClickHandler | undefined;
  }
}

/** A plain snapshot of a menu for assertions. */
export interface MenuSnapshot {
  readonly label: string;
  readonly id: string;
  readonly type: string;
  readonly enabled: boolean;
  readonly accelerator?: string;
  readonly submenu?: readonly MenuSnapshot[];
}

export class Menu extends EventEmitter {
  static applicationMenu: Menu | null = null;
  readonly items: MenuItem[] = [];

  static buildFromTemplate(template: Array<E.MenuItemConstructorOptions | MenuItem>): Menu {
    const menu = new Menu();
    for (const entry of template) {
      menu.append(entry instanceof MenuItem ? entry : new MenuItem(entry));
    }
    return menu;
  }
  static setApplicationMenu(menu: Menu | null): void {
    Menu.applicationMenu = menu;
  }
  static getApplicationMenu(): Menu | null {
    return Menu.applicationMenu;
  }
  append(menuItem: MenuItem): void {
    this.items.push(menuItem);
  }
  getMenuItemById(id: string): MenuItem | null {
    for (const item of this.items) {
      if (item.id === id) {
        return item;
      }
      const inner = item.submenu?.getMenuItemById(id);
      if (inner) {
        return inner;
      }
    }
    return null;
  }
  popup(): void {}
  closePopup(): void {}

  /** Harness: what a user would see (invisible items and separators' labels left out). */
  __snapshot(): MenuSnapshot[] {
    return this.items
      .filter((item) => item.visible)
      .map((item) => ({
        label: item.label,
        id: item.id,
        type: item.type,
        enabled: item.enabled,
        ...(item.accelerator === undefined ? {} : { accelerator: item.accelerator }),
        ...(item.submenu ? { submenu: item.submenu.__snapshot() } : {}),
      }));
  }

  /** Harness: finds an item by its label path, e.g. ['Favourites', 'GitHub', 'Copy password']. */
  __find(labelPath: readonly string[]): MenuItem {
    const [head, ...rest] = labelPath;
    const visible = this.items.filter((item) => item.visible && item.type !== 'separator');
    const item = visible.find((candidate) => candidate.label === head);
    if (!item) {
      throw new Error(`no menu item '${String(head)}' (have: ${visible.map((candidate) => candidate.label).join(' | ')})`);
    }
    if (rest.length === 0) {
      return item;
    }
    if (!item.submenu) {
      throw new Error(`menu item '${item.label}' has no submenu`);
    }
    return item.submenu.__find(rest);
  }

  /** Harness: a user chooses the item at this label path. Disabled items cannot be clicked. */
  __click(labelPath: readonly string[]): void {
    const item = this.__find(labelPath);
    if (!item.enabled) {
      throw new Error(`menu item '${labelPath.join(' > ')}' is disabled`);
    }
    if (item.type === 'checkbox') {
      item.checked = !item.checked;
    }
    item.click?.(item, undefined, { shiftKey: false, ctrlKey: false, altKey: false, metaKey: false, triggeredByAccelerator: false });
  }
}

export class Tray extends EventEmitter {
  static instances: Tray[] = [];
  image: FakeNativeImage | string;
  tooltip = '';
  title = '';
  contextMenu: Menu | null = null;
  #destroyed = false;

  constructor(image: FakeNativeImage | string, _guid?: string) {
    super();
    this.image = image;
    Tray.instances.push(this);
  }
  setImage(image: FakeNativeImage | string): void {
    this.image = image;
  }
  setToolTip(toolTip: string): void {
    this.tooltip = toolTip;
  }
  setTitle(title: string): void {
    this.title = title;
  }
  setContextMenu(menu: Menu | null): void {
    this.contextMenu = menu;
  }
  popUpContextMenu(): void {}
  destroy(): void {
    this.#destroyed = true;
  }
  isDestroyed(): boolean {
    return this.#destroyed;
  }
  /** Harness: the source path of the current icon. */
  __imagePath(): string {
    return typeof this.image === 'string' ? this.image : this.image.source;
  }
  /** Harness: the user picks an entry from the tray's context menu. */
  __click(...labelPath: string[]): void {
    if (!this.contextMenu) {
      throw new Error('the tray has no context menu');
    }
    this.contextMenu.__click(labelPath);
  }
}

export function resetMenus(): void {
  Menu.applicationMenu = null;
  Tray.instances = [];
}
