/**
 * The tray menu as data, built by a pure function from state (unit-tested without Electron).
 * tray-service.ts turns it into an Electron Menu. On Linux every action must be in this context
 * menu: clicks on the icon itself are not delivered by every desktop (StatusNotifierItem hosts).
 */
import type { AppPhase, CopyField } from '../../shared/ipc/dto';

/** What an entry row needs; a subset of IndexedEntry. */
export interface TrayEntry {
  readonly id: string;
  readonly title: string;
  readonly actions: readonly CopyField[];
  readonly canOpenUrl: boolean;
}

export interface TrayFolder {
  readonly name: string;
  readonly folders: readonly TrayFolder[];
  readonly entries: readonly TrayEntry[];
}

export interface TrayMenuState {
  readonly phase: AppPhase;
  /** The accelerator as registered (shown next to Search…), or null if none is registered. */
  readonly shortcut: string | null;
  readonly recent: readonly TrayEntry[];
  readonly favourites: readonly TrayEntry[];
  readonly tree: TrayFolder | null;
  /** Items per submenu level before "N more — search". */
  readonly maxPerLevel?: number;
}

export type TrayAction =
  | { readonly type: 'unlock' }
  | { readonly type: 'setup' }
  | { readonly type: 'search' }
  | { readonly type: 'settings' }
  | { readonly type: 'lock' }
  | { readonly type: 'quit' }
  | { readonly type: 'copy'; readonly entryId: string; readonly field: TrayCopyField }
  | { readonly type: 'open-url'; readonly entryId: string }
  | { readonly type: 'generate' }
  | { readonly type: 'generator' };

export type TrayItem =
  | { readonly kind: 'action'; readonly id: string; readonly label: string; readonly action: TrayAction; readonly accelerator?: string }
  | { readonly kind: 'submenu'; readonly id: string; readonly label: string; readonly items: readonly TrayItem[] }
  | { readonly kind: 'label'; readonly id: string; readonly label: string }
  | { readonly kind: 'separator' };

export const DEFAULT_MAX_PER_LEVEL = 25;

/** Fields the tray offers, in menu order, with their labels. */
const COPY_FIELDS = [
  ['username', 'Copy username'],
  ['password', 'Copy password'],
  ['totp', 'Copy TOTP code'],
  ['url', 'Copy URL'],
] as const;
export type TrayCopyField = (typeof COPY_FIELDS)[number][0];

const separator: TrayItem = { kind: 'separator' };

/** Menu labels treat '&' as a mnemonic marker on Windows; double it so titles show as typed. */
function menuText(text: string): string {
  const flat = text.replace(/[\r\n\t]+/g, ' ').trim() || '(untitled)';
  return (flat.length > 60 ? `${flat.slice(0, 59)}…` : flat).replace(/&/g, '&&');
}

function entryMenu(entry: TrayEntry, idPrefix: string): TrayItem {
  const items: TrayItem[] = [];
  for (const [field, label] of COPY_FIELDS) {
    if (entry.actions.includes(field)) {
      items.push({ kind: 'action', id: `${idPrefix}:${entry.id}:copy-${field}`, label, action: { type: 'copy', entryId: entry.id, field } });
    }
  }
  if (entry.canOpenUrl) {
    items.push({ kind: 'action', id: `${idPrefix}:${entry.id}:open-url`, label: 'Open URL', action: { type: 'open-url', entryId: entry.id } });
  }
  if (items.length === 0) {
    items.push({ kind: 'label', id: `${idPrefix}:${entry.id}:none`, label: 'No quick actions — open it in Search' });
  }
  return { kind: 'submenu', id: `${idPrefix}:${entry.id}`, label: menuText(entry.title), items };
}

function capped(items: readonly TrayItem[], max: number, idPrefix: string): TrayItem[] {
  if (items.length <= max) {
    return [...items];
  }
  const hidden = items.length - (max - 1);
  return [
    ...items.slice(0, max - 1),
    { kind: 'action', id: `${idPrefix}:more`, label: `${hidden} more — search`, action: { type: 'search' } },
  ];
}

function folderItems(folder: TrayFolder, max: number, idPrefix: string): TrayItem[] {
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  const byTitle = (a: TrayEntry, b: TrayEntry) => a.title.localeCompare(b.title);
  const folders = [...folder.folders].sort(byName).map((child, index): TrayItem => {
    const childPrefix = `${idPrefix}/${index}`;
    const items = folderItems(child, max, childPrefix);
    return {
      kind: 'submenu',
      id: childPrefix,
      label: menuText(child.name),
      items: items.length > 0 ? items : [{ kind: 'label', id: `${childPrefix}:empty`, label: 'Empty' }],
    };
  });
  const entries = [...folder.entries].sort(byTitle).map((entry) => entryMenu(entry, idPrefix));
  return capped([...folders, ...entries], max, idPrefix);
}

function entryList(label: string, id: string, entries: readonly TrayEntry[], max: number, emptyText: string): TrayItem {
  const items = entries.length > 0 ? capped(entries.map((entry) => entryMenu(entry, id)), max, id) : [{ kind: 'label', id: `${id}:empty`, label: emptyText } as const];
  return { kind: 'submenu', id, label, items };
}

export function buildTrayMenu(state: TrayMenuState): TrayItem[] {
  const max = Math.max(2, state.maxPerLevel ?? DEFAULT_MAX_PER_LEVEL);
  const settings: TrayItem = { kind: 'action', id: 'settings', label: 'Settings…', action: { type: 'settings' } };
  const quit: TrayItem = { kind: 'action', id: 'quit', label: 'Quit', action: { type: 'quit' } };

  switch (state.phase) {
    case 'no-profile':
      return [{ kind: 'action', id: 'setup', label: 'Set up…', action: { type: 'setup' } }, settings, separator, quit];
    case 'locked':
    case 'unlocking':
      return [{ kind: 'action', id: 'unlock', label: 'Unlock…', action: { type: 'unlock' } }, settings, separator, quit];
    case 'unlocked': {
      const search: TrayItem = {
        kind: 'action',
        id: 'search',
        label: 'Search…',
        action: { type: 'search' },
        ...(state.shortcut ? { accelerator: state.shortcut } : {}),
      };
      const tree = state.tree ? folderItems(state.tree, max, 'tree') : [];
      return [
        search,
        separator,
        entryList('Recent', 'recent', state.recent, max, 'Nothing copied yet'),
        entryList('Favourites', 'favourites', state.favourites, max, 'No favourites yet'),
        separator,
        ...(tree.length > 0 ? tree : [{ kind: 'label', id: 'tree:empty', label: 'The vault is empty' } as const]),
        separator,
        { kind: 'action', id: 'generate', label: 'Copy a new password', action: { type: 'generate' } },
        { kind: 'action', id: 'generator', label: 'Password generator…', action: { type: 'generator' } },
        separator,
        { kind: 'action', id: 'lock', label: 'Lock', action: { type: 'lock' } },
        settings,
        separator,
        quit,
      ];
    }
  }
}
