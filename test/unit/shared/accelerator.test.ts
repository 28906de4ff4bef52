import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { isValidAccelerator, recordPress, type RecordedPress } from '../../../src/shared/accelerator';

const none = { ctrlKey: false, metaKey: false, altKey: false, shiftKey: false };
const press = (code: string, mods: Partial<RecordedPress> = {}, mac = false) => recordPress({ ...none, code, ...mods }, mac);

describe('shortcut recorder: key presses to Electron accelerators', () => {
  it('writes the primary modifier as CommandOrControl (Ctrl elsewhere, Cmd on macOS)', () => {
    assert.deepEqual(press('KeyP', { ctrlKey: true, altKey: true }), { kind: 'complete', accelerator: 'CommandOrControl+Alt+P' });
    assert.deepEqual(press('KeyP', { metaKey: true, altKey: true }, true), { kind: 'complete', accelerator: 'CommandOrControl+Alt+P' });
    assert.deepEqual(press('Space', { metaKey: true }), { kind: 'complete', accelerator: 'Super+Space' });
    assert.deepEqual(press('KeyK', { ctrlKey: true }, true), { kind: 'complete', accelerator: 'Control+K' });
  });

  it('names keys by their place, not the layout: digits, arrows, punctuation, F-keys, numpad', () => {
    assert.deepEqual(press('Digit1', { ctrlKey: true, shiftKey: true }), { kind: 'complete', accelerator: 'CommandOrControl+Shift+1' });
    assert.deepEqual(press('ArrowUp', { altKey: true }), { kind: 'complete', accelerator: 'Alt+Up' });
    assert.deepEqual(press('Slash', { ctrlKey: true }), { kind: 'complete', accelerator: 'CommandOrControl+/' });
    assert.deepEqual(press('Numpad5', { ctrlKey: true }), { kind: 'complete', accelerator: 'CommandOrControl+num5' });
    assert.deepEqual(press('F9'), { kind: 'complete', accelerator: 'F9' });
  });

  it('waits while only modifiers are held; a plain or Shift-only key needs a modifier; unknown keys are refused', () => {
    assert.deepEqual(press('ControlLeft', { ctrlKey: true }), { kind: 'partial', modifiers: ['CommandOrControl'], waiting: true });
    assert.deepEqual(press('KeyP'), { kind: 'partial', modifiers: [], waiting: false });
    assert.deepEqual(press('KeyP', { shiftKey: true }), { kind: 'partial', modifiers: ['Shift'], waiting: false });
    assert.deepEqual(press('IntlBackslash', { ctrlKey: true }), { kind: 'unsupported' });
  });

  it('main accepts what the recorder writes and refuses anything else', () => {
    for (const good of ['CommandOrControl+Alt+P', 'Super+Space', 'Alt+Shift+K', 'CommandOrControl+Shift+Space', 'F9', 'Control+/', 'CommandOrControl+num5']) {
      assert.equal(isValidAccelerator(good), true, good);
    }
    for (const bad of ['', 'P', 'Shift+P', 'Ctrl+P', 'Alt+Alt+P', 'CommandOrControl+', 'CommandOrControl+Alt', 'Alt+P+Q', 'Alt+Foo', 'alt+p']) {
      assert.equal(isValidAccelerator(bad), false, bad);
    }
  });
});
