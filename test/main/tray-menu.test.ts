/** The tray menu is a pure function of state: tested without Electron. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { buildTrayMenu, type TrayEntry, type TrayItem, type TrayMenuState } from '../../src/main/tray/tray-menu';
import { folderTree, trayIconFile } from '../../src/main/tray/tray-service';
import type { IndexedEntry } from '../../src/main/vault/vault-service';

const labels = (items: readonly TrayItem[]): string[] => items.map((item) => (item.kind === 'separator' ? '—' : item.label));
const find = (items: readonly TrayItem[], label: string): TrayItem => {
  const item = items.find((candidate) => candidate.kind !== 'separator' && candidate.label === label);
  assert.ok(item, `no item ${label} in ${labels(items).join(', ')}`);
  return item;
};
const submenu = (items: readonly TrayItem[], label: string): readonly TrayItem[] => {
  const item = find(items, label);
  assert.equal(item.kind, 'submenu');
  return item.kind === 'submenu' ? item.items : [];
};

const github: TrayEntry = { id: 'g', title: 'GitHub', actions: ['username', 'password', 'totp', 'url', 'notes'], canOpenUrl: true };
const note: TrayEntry = { id: 'n', title: 'Wifi', actions: ['notes'], canOpenUrl: false };
const otp: TrayEntry = { id: 't', title: 'VPN token', actions: ['totp'], canOpenUrl: false };

const unlocked = (over: Partial<TrayMenuState> = {}): TrayMenuState => ({
  phase: 'unlocked',
  shortcut: 'CommandOrControl+Alt+P',
  recent: [github],
  favourites: [otp],
  tree: { name: '', folders: [{ name: 'Work', folders: [], entries: [otp] }], entries: [github, note] },
  ...over,
});

describe('buildTrayMenu', () => {
  test('locked: Unlock…, Settings…, Quit — nothing from the vault', () => {
    const items = buildTrayMenu({ phase: 'locked', shortcut: 'X', recent: [github], favourites: [github], tree: null });
    assert.deepEqual(labels(items), ['Unlock…', 'Settings…', '—', 'Quit']);
    assert.deepEqual(labels(buildTrayMenu({ phase: 'unlocking', shortcut: null, recent: [], favourites: [], tree: null })), ['Unlock…', 'Settings…', '—', 'Quit']);
  });

  test('no profile: Set up…, Settings…, Quit', () => {
    assert.deepEqual(labels(buildTrayMenu({ phase: 'no-profile', shortcut: null, recent: [], favourites: [], tree: null })), ['Set up…', 'Settings…', '—', 'Quit']);
  });

  test('unlocked: Search (with the shortcut), Recent, Favourites, the tree, Lock, Settings, Quit', () => {
    const items = buildTrayMenu(unlocked());
    assert.deepEqual(labels(items), ['Search…', '—', 'Recent', 'Favourites', '—', 'Work', 'GitHub', 'Wifi', '—', 'Copy a new password', 'Password generator…', '—', 'Lock', 'Settings…', '—', 'Quit']);
    const generate = find(items, 'Copy a new password');
    assert.deepEqual(generate.kind === 'action' && generate.action, { type: 'generate' });
    const generator = find(items, 'Password generator…');
    assert.deepEqual(generator.kind === 'action' && generator.action, { type: 'generator' });
    const search = find(items, 'Search…');
    assert.equal(search.kind === 'action' && search.accelerator, 'CommandOrControl+Alt+P');
    assert.deepEqual(labels(submenu(submenu(items, 'Favourites'), 'VPN token')), ['Copy TOTP code']);
    assert.deepEqual(labels(submenu(submenu(items, 'Work'), 'VPN token')), ['Copy TOTP code']);
  });

  test('an unregistered shortcut is not shown as an accelerator', () => {
    const search = find(buildTrayMenu(unlocked({ shortcut: null })), 'Search…');
    assert.equal(search.kind === 'action' && search.accelerator, undefined);
  });

  test('each entry offers exactly the copies its type allows, plus Open URL when it has a web URL', () => {
    const items = buildTrayMenu(unlocked());
    const entry = submenu(items, 'GitHub');
    assert.deepEqual(labels(entry), ['Copy username', 'Copy password', 'Copy TOTP code', 'Copy URL', 'Open URL']);
    const copyPassword = find(entry, 'Copy password');
    assert.deepEqual(copyPassword.kind === 'action' && copyPassword.action, { type: 'copy', entryId: 'g', field: 'password' });
    const open = find(entry, 'Open URL');
    assert.deepEqual(open.kind === 'action' && open.action, { type: 'open-url', entryId: 'g' });
    assert.deepEqual(labels(submenu(items, 'Wifi')), ['No quick actions — open it in Search']);
  });

  test('each level is capped, with "N more — search"', () => {
    const many = Array.from({ length: 30 }, (_, index): TrayEntry => ({ id: `e${index}`, title: `Entry ${String(index).padStart(2, '0')}`, actions: ['password'], canOpenUrl: false }));
    const items = buildTrayMenu(unlocked({ tree: { name: '', folders: [{ name: 'Big', folders: [], entries: many }], entries: [] }, maxPerLevel: 10 }));
    const big = submenu(items, 'Big');
    assert.equal(big.length, 10);
    assert.deepEqual(labels(big).slice(0, 2), ['Entry 00', 'Entry 01']);
    const more = big[9]!;
    assert.equal(more.kind === 'action' && more.label, '21 more — search');
    assert.deepEqual(more.kind === 'action' && more.action, { type: 'search' });
  });

  test('empty lists say so instead of vanishing', () => {
    const items = buildTrayMenu(unlocked({ recent: [], favourites: [], tree: { name: '', folders: [], entries: [] } }));
    assert.deepEqual(labels(submenu(items, 'Recent')), ['Nothing copied yet']);
    assert.deepEqual(labels(submenu(items, 'Favourites')), ['No favourites yet']);
    assert.ok(labels(items).includes('The vault is empty'));
  });

  test('titles are shown as typed: & is escaped for menus, long titles are shortened', () => {
    const items = buildTrayMenu(unlocked({ tree: { name: '', folders: [], entries: [{ ...github, title: 'Mail & Calendar' }, { ...note, title: 'x'.repeat(80) }] } }));
    assert.ok(labels(items).includes('Mail && Calendar'));
    assert.ok(labels(items).some((label) => label.length === 60 && label.endsWith('…')));
  });
});

describe('tray helpers', () => {
  test('folderTree nests entries by their path', () => {
    const base = { kind: 'note', urlHost: null, urlFilter: null, description: '', datastore: '', tags: [], actions: [], canOpenUrl: false, type: 'note' } as const;
    const entries: IndexedEntry[] = [
      { ...base, id: '1', title: 'top', path: [] },
      { ...base, id: '2', title: 'deep', path: ['A', 'B'] },
      { ...base, id: '3', title: 'mid', path: ['A'] },
    ];
    const tree = folderTree(entries);
    assert.deepEqual(tree.entries.map((entry) => entry.title), ['top']);
    assert.equal(tree.folders[0]?.name, 'A');
    assert.deepEqual(tree.folders[0]?.entries.map((entry) => entry.title), ['mid']);
    assert.deepEqual(tree.folders[0]?.folders[0]?.entries.map((entry) => entry.title), ['deep']);
  });

  test('locked and unlocked use different icon files; macOS uses template images', () => {
    assert.notEqual(trayIconFile('locked', 'linux', true), trayIconFile('unlocked', 'linux', true));
    assert.equal(trayIconFile('no-profile', 'linux', true), trayIconFile('locked', 'linux', true));
    assert.match(trayIconFile('unlocked', 'darwin', false), /Template\.png$/);
  });
});
