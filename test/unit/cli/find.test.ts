import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { entryReference, referenceSegments, resolveEntry } from '../../../src/cli/find';
import { escapeControl, table } from '../../../src/cli/text';
import type { VaultEntry } from '../../../src/core/vault';

/** Only the fields find.ts reads. */
const entry = (id: string, secretId: string, path: string[], title: string): VaultEntry => ({ id, secretId, path, title }) as unknown as VaultEntry;

describe('resolveEntry', () => {
  const a = entry('aaaa0000-0000-4000-8000-000000000001', 'cccc0000-0000-4000-8000-000000000001', ['Work'], 'DB');
  const b = entry('aaab0000-0000-4000-8000-000000000002', 'cccc0000-0000-4000-8000-000000000002', ['Home'], 'DB');
  const mountedTwice = [entry('bbbb0000-0000-4000-8000-000000000003', 'dddd0000-0000-4000-8000-000000000009', [], 'Shared'), entry('bbbb0000-0000-4000-8000-000000000004', 'dddd0000-0000-4000-8000-000000000009', ['Team'], 'Shared')];
  const entries = [a, b, ...mountedTwice];

  it('an item id beats a secret id, both case-insensitive', () => {
    assert.deepEqual(resolveEntry(entries, a.id.toUpperCase()), { kind: 'found', entry: a });
    assert.deepEqual(resolveEntry(entries, b.secretId), { kind: 'found', entry: b });
  });

  it('a secret mounted twice is one match (the first in tree order)', () => {
    assert.deepEqual(resolveEntry(entries, 'Shared'), { kind: 'found', entry: mountedTwice[0] });
    assert.deepEqual(resolveEntry(entries, 'dddd'), { kind: 'found', entry: mountedTwice[0] });
  });

  it('several secrets are ambiguous; a prefix needs 4 hex digits', () => {
    assert.deepEqual(resolveEntry(entries, 'DB'), { kind: 'ambiguous', candidates: [a, b] });
    assert.deepEqual(resolveEntry(entries, 'aaa'), { kind: 'none' });
    assert.deepEqual(resolveEntry(entries, 'aaab'), { kind: 'found', entry: b });
    assert.deepEqual(resolveEntry(entries, 'home/db'), { kind: 'found', entry: b });
  });
});

describe('references', () => {
  it('escape / and \\ in names and read them back', () => {
    const names = { path: ['a/b', 'c\\d'], title: 'e\\/f' };
    const reference = entryReference(names);
    assert.equal(reference, 'a\\/b/c\\\\d/e\\\\\\/f');
    assert.deepEqual(referenceSegments(reference), ['a/b', 'c\\d', 'e\\/f']);
    assert.deepEqual(referenceSegments('x\\y'), ['x\\y'], 'a lone backslash is kept');
  });
});

describe('terminal text', () => {
  it('escapes C0, DEL and C1 control characters', () => {
    assert.equal(escapeControl('a\u001b[31m\u0007\u007f\u009b\tb\nc'), 'a\\x1b[31m\\x07\\x7f\\x9b\\tb\\nc');
  });

  it('aligns columns by display width (wide characters take two)', () => {
    assert.equal(table([['文件', 'x'], ['ab', 'y'], ['abcd', 'z']]), '文件  x\nab    y\nabcd  z\n');
  });
});
