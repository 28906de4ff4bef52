// The synthetic vault generator (determinism, counts, nesting) and the Python-compatible
// serialisation helpers the server's signed documents depend on.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { deterministicUuid, describeSeed, generateContent, generateVault, type SeedFolderNode, type SeedItemNode, type SeedShare } from '../../devserver/index';
import { parseAwareTimestamp, pythonIsoformat, pythonJsonDumps } from '../../devserver/pyjson';

function countItems(nodes: Array<SeedFolderNode | SeedItemNode>): number {
  let count = 0;
  for (const node of nodes) {
    if ('share' in node) {
      continue;
    }
    if ('type' in node) {
      count++;
    } else {
      count += countItems([...(node.folders ?? []), ...(node.items ?? [])]);
    }
  }
  return count;
}

describe('devserver generator', () => {
  it('is deterministic for a seed string and differs for another', () => {
    const a = generateContent({ items: 300, shares: 6, depth: 3, seed: 'x' });
    const b = generateContent({ items: 300, shares: 6, depth: 3, seed: 'x' });
    const c = generateContent({ items: 300, shares: 6, depth: 3, seed: 'y' });
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
  });

  it('produces exactly N items of about 1 KiB and S shares nested no deeper than D', () => {
    const content = generateContent({ items: 500, shares: 12, depth: 2, seed: 'counts' });
    const inShares = content.shares.reduce((sum, share) => sum + countItems([...(share.kind === 'folder' ? share.items ?? [] : [])]), 0);
    assert.equal(countItems([...content.folders, ...content.items]) + inShares, 500);
    assert.equal(content.shares.length, 12);
    const parentOf = new Map<string, string>();
    for (const share of content.shares) {
      for (const node of share.kind === 'folder' ? share.folders ?? [] : []) {
        if ('share' in node) {
          parentOf.set(node.share, share.ref);
        }
      }
    }
    for (const share of content.shares) {
      let depth = 1;
      let parent = parentOf.get(share.ref);
      while (parent !== undefined) {
        depth++;
        parent = parentOf.get(parent);
      }
      assert.ok(depth <= 2, `${share.ref} depth ${depth}`);
    }
    assert.ok([...parentOf.keys()].length > 0, 'some shares are nested');
    const sizes = content.shares.flatMap((share: SeedShare) => (share.kind === 'folder' ? share.items ?? [] : []))
      .filter((node): node is Extract<SeedItemNode, { type: string }> => 'type' in node)
      .map((item) => JSON.stringify(item.secret).length);
    assert.ok(sizes.length > 0);
    for (const size of sizes) {
      assert.ok(size > 900 && size < 1300, `secret size ${size}`);
    }
  });

  it('materialises a generated vault with stable ids', () => {
    const vault = generateVault({ items: 50, shares: 3, seed: 'stable' });
    const first = describeSeed(vault);
    const second = describeSeed(vault);
    assert.deepEqual([...first.shareIds], [...second.shareIds]);
    assert.equal(first.items.size, second.items.size);
    assert.ok(first.items.size >= 100, 'items by link id and secret id');
  });

  it('derives UUIDs in canonical v4 shape', () => {
    assert.match(deterministicUuid('s', 'label'), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(deterministicUuid('s', 'label'), deterministicUuid('s', 'label'));
    assert.notEqual(deterministicUuid('s', 'label'), deterministicUuid('s', 'label2'));
  });
});

describe('devserver Python-compatible serialisation', () => {
  it('emulates json.dumps: separators and \\u escapes incl. surrogate pairs', () => {
    assert.equal(pythonJsonDumps({ a: 1, b: [true, null, 'x'] }), '{"a": 1, "b": [true, null, "x"]}');
    assert.equal(pythonJsonDumps('wörk €🔑\n"\u007f'), '"w\\u00f6rk \\u20ac\\ud83d\\udd11\\n\\"\\u007f"');
  });

  it('emulates isoformat with +00:00 and microseconds, without a zero fraction', () => {
    const epoch = Date.UTC(2026, 0, 15, 10, 10, 0, 123);
    assert.equal(pythonIsoformat(epoch, 456), '2026-01-15T10:10:00.123456+00:00');
    assert.equal(pythonIsoformat(Date.UTC(2026, 0, 15, 10, 10, 0, 0)), '2026-01-15T10:10:00+00:00');
  });

  it('tells zone-less timestamps apart', () => {
    assert.equal(parseAwareTimestamp('2026-01-15T10:00:00.000Z'), Date.UTC(2026, 0, 15, 10));
    assert.equal(parseAwareTimestamp('2026-01-15T12:00:00.123456+02:00'), Date.UTC(2026, 0, 15, 10, 0, 0, 123));
    assert.equal(parseAwareTimestamp('2026-01-15T10:00:00'), 'naive');
    assert.equal(parseAwareTimestamp('yesterday'), undefined);
  });
});
