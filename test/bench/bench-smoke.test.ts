// `npm run bench -- --quick` still runs end to end (200 items, 3 repetitions; the cold CLI figure
// on 500 items, 2 pairs, with a CLI built here) and writes a complete bench-results.json. Checks
// shape and sanity only — never a time limit: figures on a shared machine are for reading, not
// asserting.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { buildCli, type BuiltCli } from '../integration/cli-helpers';

const folder = mkdtempSync(path.join(tmpdir(), 'psono-tray-bench-'));
let cli: BuiltCli;
before(async () => {
  cli = await buildCli();
});
after(() => {
  cli?.cleanup();
  rmSync(folder, { recursive: true, force: true });
});

interface Figure {
  readonly n: number;
  readonly median: number;
  readonly p95: number;
}

test('the quick benchmark runs against the dev server and reports every figure', { timeout: 150_000 }, () => {
  const out = path.join(folder, 'results.json');
  const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/run.ts', '--quick', '--cli', cli.path, '--out', out], { encoding: 'utf8', timeout: 140_000 });
  assert.equal(run.status, 0, `bench failed:\n${run.stderr.slice(-2000)}`);
  assert.match(run.stdout, /unlock → searchable, median ms/);

  assert.match(run.stdout, /ls \/ reader \(ratio of medians; target ≤ 0\.75\)/);
  assert.match(run.stdout, /psono --version wall time: median [\d.]+ ms/);
  assert.match(run.stdout, /psono get --json through the agent \(loopback\): median [\d.]+ ms/);

  const report = JSON.parse(readFileSync(out, 'utf8')) as { results: Array<Record<string, unknown>>; coldCli: Record<string, unknown> };
  assert.equal(report.results.length, 1);
  const result = report.results[0]!;
  assert.equal(result['items'], 200);
  // Every generated item except files is indexed; the generator makes no files or deleted items.
  assert.equal(result['entries'], 200);
  // Login, list, the datastore, then 100 shares: the seed's share count, each fetched once (a key
  // known as unrestricted sends no /info/).
  assert.equal(result['requests'], 103);
  const positive = (figure: Figure, name: string): void => {
    assert.ok(figure.n > 0 && figure.median > 0 && figure.p95 >= figure.median, `${name}: ${JSON.stringify(figure)}`);
  };
  positive(result['ours'] as Figure, 'ours');
  positive(result['naive'] as Figure, 'naive');
  const lowerBound = result['lowerBound'] as { requests: Figure; decrypt: Figure; total: number };
  positive(lowerBound.requests, 'requests only');
  positive(lowerBound.decrypt, 'decrypt');
  positive((result['search'] as { all: Figure }).all, 'search');
  positive((result['copy'] as { total: Figure }).total, 'copy');
  assert.ok((result['naive'] as { requests: number }).requests > 103, 'the naive reader re-fetches twice-mounted shares');

  const cold = report.coldCli;
  assert.equal(cold['status'], 'ok', JSON.stringify(cold));
  // Both readers listed every entry (the bench checks they agree).
  assert.equal(cold['entries'], 500);
  positive(cold['version'] as Figure, 'psono --version');
  positive(cold['agentGet'] as Figure, 'get through the agent');
  assert.equal((cold['agentGet'] as Figure).n, 5);
  const modes = cold['modes'] as Array<{ name: string; ls: Figure; reader: Figure; ratio: number; lsRequests: number; readerRequests: number }>;
  assert.deepEqual(modes.map((mode) => mode.name.split(',')[0]), ['serial', 'concurrent', 'loopback']);
  for (const mode of modes) {
    positive(mode.ls, `${mode.name}: ls`);
    positive(mode.reader, `${mode.name}: reader`);
    assert.equal(mode.ls.n, 2);
    assert.ok(mode.ratio > 0 && Number.isFinite(mode.ratio));
    // Login, datastore list, the password datastore, the three shares one after another.
    assert.equal(mode.readerRequests, 6, mode.name);
    assert.ok(mode.lsRequests >= 6, `${mode.name}: ls made ${mode.lsRequests} requests`);
  }
});
