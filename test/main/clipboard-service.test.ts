/** ClipboardService with the clipboard double: per-platform history hints and the clear rules. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { ClipboardItem, clipboard } from 'electron';

import { ClipboardService, historyExclusionFormats, rawFormat } from '../../src/main/clipboard/clipboard-service';
import { createLogger } from '../../src/main/log';

type FakeClipboard = typeof clipboard & { __formats(): string[]; __readFormat(type: string): string | null; __reset(): void };
const fakeClipboard = clipboard as FakeClipboard;

function service(platform: NodeJS.Platform, settings = { clipboardClearSeconds: 0, clipboardExcludeFromHistory: true }): ClipboardService {
  fakeClipboard.__reset();
  return new ClipboardService({ clipboard, ClipboardItem, platform, settings: () => settings, log: createLogger('Clipboard', () => undefined), onChange: () => undefined });
}

describe('clipboard history exclusion hints', () => {
  test('Linux: x-kde-passwordManagerHint = secret', async () => {
    await service('linux').copy('v1', 'password of A');
    assert.deepEqual(fakeClipboard.__formats().sort(), [rawFormat('x-kde-passwordManagerHint'), 'text/plain'].sort());
    assert.equal(fakeClipboard.__readFormat(rawFormat('x-kde-passwordManagerHint')), 'secret');
    assert.equal(await clipboard.readText(), 'v1');
  });

  test('macOS: org.nspasteboard.ConcealedType', async () => {
    await service('darwin').copy('v2', 'password of A');
    assert.ok(fakeClipboard.__formats().includes(rawFormat('org.nspasteboard.ConcealedType')));
    assert.equal(await clipboard.readText(), 'v2');
  });

  test('Windows: ExcludeClipboardContentFromMonitorProcessing, and history/cloud off (DWORD 0)', async () => {
    await service('win32').copy('v3', 'password of A');
    const formats = fakeClipboard.__formats();
    for (const name of ['ExcludeClipboardContentFromMonitorProcessing', 'CanIncludeInClipboardHistory', 'CanUploadToCloudClipboard']) {
      assert.ok(formats.includes(rawFormat(name)), name);
    }
    assert.equal(fakeClipboard.__readFormat(rawFormat('CanIncludeInClipboardHistory')), '\0\0\0\0');
    assert.equal(await clipboard.readText(), 'v3');
  });

  test('with the setting off, only plain text is written', async () => {
    await service('linux', { clipboardClearSeconds: 0, clipboardExcludeFromHistory: false }).copy('v4', 'password of A');
    assert.deepEqual(fakeClipboard.__formats(), ['text/plain']);
  });

  test('the hint table names the three platforms', () => {
    assert.equal(Object.keys(historyExclusionFormats('linux')).length, 1);
    assert.equal(Object.keys(historyExclusionFormats('darwin')).length, 1);
    assert.equal(Object.keys(historyExclusionFormats('win32')).length, 3);
  });
});

describe('clearing', () => {
  test('clearIfOurs clears only our own value, once', async () => {
    const clip = service('linux');
    await clip.copy('ours', 'password of A');
    assert.equal(await clip.clearIfOurs('lock'), 'cleared');
    assert.equal(await clipboard.readText(), '');
    assert.equal(await clip.clearIfOurs('lock'), 'nothing-held');

    await clip.copy('ours again', 'password of A');
    await clipboard.writeText('theirs');
    assert.equal(await clip.clearIfOurs('quit'), 'changed-by-user');
    assert.equal(await clipboard.readText(), 'theirs');
  });

  test('a new copy replaces the pending timer of the previous one', async () => {
    const clip = service('linux', { clipboardClearSeconds: 1, clipboardExcludeFromHistory: true });
    await clip.copy('first', 'a');
    const first = clip.pendingClear;
    await clip.copy('second', 'b');
    assert.equal(await first, 'nothing-held');
    assert.equal(await clip.pendingClear, 'cleared');
    assert.equal(await clipboard.readText(), '');
  });
});
