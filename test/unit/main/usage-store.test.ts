/** usage.json: ids and times only, bounded, off means not recorded and not counted, clear empties it. */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';

import { USAGE_LIMIT, UsageStore } from '../../../src/main/usage/usage-store';

const NOW = Date.UTC(2026, 0, 15, 12);
const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 20));

describe('UsageStore', () => {
  let dir: string;
  let enabled: boolean;
  let now: number;
  const store = () => new UsageStore({ userDataDir: dir, enabled: () => enabled, now: () => now });

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'psono-usage-'));
    enabled = true;
    now = NOW;
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes ids and times only, and a new store reads them back', async () => {
    const usage = store();
    await usage.load();
    usage.recordUse('item-1');
    now += 1000;
    usage.recordUse('item-2');
    await flush();
    const file = JSON.parse(await readFile(path.join(dir, 'usage.json'), 'utf8')) as unknown;
    assert.deepEqual(file, { version: 1, uses: [{ id: 'item-1', at: NOW }, { id: 'item-2', at: NOW + 1000 }] });
    const again = store();
    await again.load();
    assert.ok(again.frecency('item-2') > again.frecency('item-1'));
    assert.equal(again.frecency('never'), 0);
  });

  it(`keeps the last ${USAGE_LIMIT} uses`, async () => {
    const usage = store();
    for (let i = 0; i < USAGE_LIMIT + 25; i++) {
      usage.recordUse(`item-${i}`);
    }
    assert.equal(usage.count, USAGE_LIMIT);
    assert.equal(usage.frecency('item-0'), 0, 'the oldest fell out');
    assert.ok(usage.frecency(`item-${USAGE_LIMIT + 24}`) > 0);
  });

  it('off: records nothing and counts what was stored as nothing', async () => {
    const usage = store();
    usage.recordUse('kept');
    enabled = false;
    usage.recordUse('ignored');
    assert.equal(usage.count, 1);
    assert.equal(usage.frecency('kept'), 0);
    enabled = true;
    assert.ok(usage.frecency('kept') > 0);
  });

  it('clear empties memory and file; an unreadable file is set aside with a warning', async () => {
    const usage = store();
    usage.recordUse('item');
    await usage.clear();
    assert.equal(usage.frecency('item'), 0);
    assert.deepEqual(JSON.parse(await readFile(path.join(dir, 'usage.json'), 'utf8')), { version: 1, uses: [] });
    await writeFile(path.join(dir, 'usage.json'), '{"version":1,"uses":[{"id":"x","at":1,"title":"GitHub"}]}');
    const strict = store();
    assert.match((await strict.load()) ?? '', /usage\.json could not be read/);
    assert.equal(strict.count, 0);
  });
});
