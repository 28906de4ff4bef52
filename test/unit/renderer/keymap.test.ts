import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { searchCommandFor, type KeyPress, type SearchKeyContext } from '../../../src/renderer/search/keymap';
import { strings } from '../../../src/renderer/strings';

const plain: Omit<KeyPress, 'key'> = { shiftKey: false, ctrlKey: false, metaKey: false, altKey: false };
const ctx: SearchKeyContext = { queryEmpty: false, caretAtEnd: true, hasSelection: true };
const press = (key: string, mods: Partial<KeyPress> = {}, context: Partial<SearchKeyContext> = {}) => searchCommandFor({ ...plain, key, ...mods }, { ...ctx, ...context });

describe('search keymap', () => {
  it('maps the documented bindings', () => {
    assert.equal(press('ArrowDown'), 'move-down');
    assert.equal(press('ArrowUp'), 'move-up');
    assert.equal(press('Enter'), 'copy-main');
    assert.equal(press('Enter', { shiftKey: true }), 'copy-username');
    assert.equal(press('Enter', { ctrlKey: true }), 'copy-totp');
    assert.equal(press('Enter', { metaKey: true }), 'copy-totp');
    assert.equal(press('Enter', { ctrlKey: true, shiftKey: true }), 'auto-type');
    assert.equal(press('Enter', { metaKey: true, shiftKey: true }), 'auto-type');
    assert.equal(press('u', { ctrlKey: true }), 'open-url');
    assert.equal(press('U', { metaKey: true }), 'open-url');
    assert.equal(press('Tab'), 'details');
    assert.equal(press('ArrowRight'), 'details');
    assert.equal(press('Escape'), 'escape');
    assert.equal(press('l', { ctrlKey: true }), 'lock');
    assert.equal(press(',', { metaKey: true }), 'settings');
    assert.equal(press('?', {}, { queryEmpty: true }), 'shortcuts');
    assert.equal(press('PageDown'), 'page-down');
    assert.equal(press('PageUp'), 'page-up');
  });

  it('the shortcut sheet lists Page Up / Page Down, the generator and large type', () => {
    const keys = strings.shortcuts.rows.map(([key]) => key);
    for (const key of ['Page Up / Page Down', 'Ctrl/⌘+G', 'Ctrl/⌘+Shift+L']) {
      assert.ok(keys.includes(key), key);
    }
  });

  it('leaves typing alone: ? in a query, plain letters, → before the end of the text', () => {
    assert.equal(press('?'), null);
    assert.equal(press('u'), null);
    assert.equal(press('l'), null);
    assert.equal(press('ArrowRight', {}, { caretAtEnd: false }), null);
  });

  it('does not take Tab away when there is nothing to open, nor Shift+Tab', () => {
    assert.equal(press('Tab', {}, { hasSelection: false }), null);
    assert.equal(press('Tab', { shiftKey: true }), null);
  });

  it('with nothing typed (the recent list), Tab moves focus on and → opens details', () => {
    assert.equal(press('Tab', {}, { queryEmpty: true }), null);
    assert.equal(press('ArrowRight', {}, { queryEmpty: true }), 'details');
  });

  it('ignores AltGr/Alt combinations so typed characters are not swallowed', () => {
    assert.equal(press('l', { ctrlKey: true, altKey: true }), null);
  });
});
