/**
 * `npm run bench`: unlock, lower bound, naive reader, search, copy, memory and the search window
 * against the dev server on loopback. Prints a table and writes bench-results.json.
 *
 *   npm run bench                         # 1k, 10k, 50k items and the cold CLI (about 3–5 minutes)
 *   npm run bench -- --quick              # 200 items, few repetitions (smoke test)
 *   npm run bench -- --sizes 10000 --reps 15
 *   npm run bench -- --no-window          # skip the harness figure
 *   npm run bench -- --cold-cli-only      # only cold `ls --json` vs the sequential reader (needs npm run build)
 *   npm run bench -- --no-cold-cli        # everything but that
 *   npm run bench -- --cold-cli-only --cold-cli-pairs 11 --cli path/to/psono.cjs
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { DevServerApiKey } from '../devserver/index';
import { lineStartingWith, runNodeChild } from './child';
import { coldCliReport, measureColdCli, type ColdCliResult } from './cold-cli';
import { startServer } from './server';
import { measureCopy, measureMemory, measureSearch, type CopyResult, type MemoryResult, type SearchResult } from './measures';
import { cryptoBackendName } from '../src/core/crypto';
import { round, summarize, type Summary } from './stats';
import { capture, closeUnlocked, credentialsOf, lowerBoundDecrypt, lowerBoundRequests, unlockNaive, unlockOurs } from './unlock';
import { measureSearchWindow, type WindowResult } from './window';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** A modest WAN round trip for the latency scenario (same region, TLS session reused). */
const LATENCY_MS = 20;
/** Warm-up rounds (ours, requests-only, naive, decrypt) before measuring: at least MIN, at most MAX, MAX unless the budget runs out. */
const WARM_UP_MIN_ROUNDS = 2;
const WARM_UP_MAX_ROUNDS = 8;
const WARM_UP_BUDGET_MS = 10_000;
const REPO = path.resolve(HERE, '..');

interface Options {
  readonly sizes: number[];
  readonly reps: number | null;
  readonly quick: boolean;
  readonly window: boolean;
  readonly coldCli: boolean;
  /** The built CLI for the cold figure. */
  readonly cli: string;
  readonly coldCliPairs: number | null;
  readonly output: string;
}

function parseOptions(argv: readonly string[]): Options {
  const value = (flag: string): string | undefined => {
    const at = argv.indexOf(flag);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const quick = argv.includes('--quick');
  const coldOnly = argv.includes('--cold-cli-only');
  const sizes = coldOnly ? [] : (value('--sizes')?.split(',').map(Number) ?? (quick ? [200] : [1000, 10000, 50000]));
  if (sizes.some((size) => !Number.isInteger(size) || size <= 0)) {
    throw new Error('--sizes takes positive whole numbers, e.g. --sizes 1000,10000');
  }
  const reps = value('--reps');
  const pairs = value('--cold-cli-pairs');
  if (pairs !== undefined && !(Number.isInteger(Number(pairs)) && Number(pairs) > 0)) {
    throw new Error('--cold-cli-pairs takes a positive whole number');
  }
  return {
    sizes,
    reps: reps === undefined ? null : Number(reps),
    quick,
    window: !argv.includes('--no-window') && !quick && !coldOnly,
    coldCli: !argv.includes('--no-cold-cli'),
    cli: path.resolve(value('--cli') ?? path.join(REPO, 'dist', 'cli', 'psono.cjs')),
    coldCliPairs: pairs === undefined ? null : Number(pairs),
    output: value('--out') ?? path.join(REPO, 'bench-results.json'),
  };
}

/** Fewer repetitions where one run takes seconds; the 2-core machine is shared. */
function repsFor(size: number, options: Options): number {
  if (options.reps !== null) {
    return options.reps;
  }
  if (options.quick) {
    return 3;
  }
  return size <= 1000 ? 9 : size <= 10000 ? 10 : 3;
}

interface SizeResult {
  readonly items: number;
  readonly entries: number;
  readonly reps: number;
  readonly requests: number;
  /** Requests per dependency step of ours (info, login, list, datastores, share levels…). */
  readonly groups: number[];
  readonly responseMiB: number;
  readonly serverStartMs: number;
  readonly ours: Summary;
  /** CPU time of the client process per unlock (all threads): independent of the machine's other load. */
  readonly oursClientCpu: Summary;
  readonly oursPhases: { login: number; list: number; datastores: number; shares: number; entries: number; searchIndex: number };
  readonly serverCpuPerUnlockMs: number;
  readonly lowerBound: { requests: Summary; decrypt: Summary; total: number };
  readonly ratioToLowerBound: number;
  /**
   * Median over repetitions of ours / (that repetition's requests-only + the decrypt median): ours
   * and its replay run back to back, so they share the machine's momentary load. Steadier than
   * the ratio of medians on a busy machine.
   */
  readonly pairedRatioToLowerBound: number;
  readonly naive: Summary & { requests: number };
  readonly naiveOverOurs: number;
  /** Median over repetitions of naive / ours (run back to back). */
  readonly pairedNaiveOverOurs: number;
  /** Unlock with every answer delayed (a WAN round trip), ours vs the naive reader; null if not run. */
  readonly withLatency: { latencyMs: number; ours: Summary; naive: Summary; naiveOverOurs: number } | null;
  readonly search: SearchResult;
  readonly copy: CopyResult;
  readonly memory: MemoryResult | null;
  /** Unlock → searchable as the first unlock in a fresh process (nothing warm but libsodium); null if not run. */
  readonly coldUnlock: Summary | null;
}

async function benchSize(items: number, options: Options): Promise<SizeResult> {
  const reps = repsFor(items, options);
  process.stdout.write(`\n${items} items: starting the dev server (encrypting the vault)… `);
  const server = await startServer(items);
  process.stdout.write(`${round(server.startMs / 1000)} s\n`);
  try {
    const credentials = credentialsOf(server.key);
    // The record of what ours sends, for the lower bound (also the first warm-up unlock).
    await closeUnlocked(await unlockOurs(credentials));
    const recorded = await capture(credentials);
    // Warm-up: in a fresh process ours needs ~15 unlocks before the JIT (and libsodium's WASM
    // tiers) settle — at 10k the first unlocks took 847, 447, 401, 316 … ~220 ms — while the
    // decrypt loop of the lower bound warms itself up in its tight loop. Measure steady state on
    // all sides; the first unlock in a fresh process is its own row (coldUnlock).
    const warmUpStarted = performance.now();
    for (let round = 0; round < (options.quick ? 1 : WARM_UP_MAX_ROUNDS); round++) {
      if (round >= WARM_UP_MIN_ROUNDS && performance.now() - warmUpStarted > WARM_UP_BUDGET_MS) {
        break;
      }
      await closeUnlocked(await unlockOurs(credentials));
      await lowerBoundRequests(recorded, credentials);
      await unlockNaive(credentials);
      await lowerBoundDecrypt(recorded, credentials);
    }

    const ours: number[] = [];
    const serverCpu: number[] = [];
    const clientCpu: number[] = [];
    const phases = { login: [] as number[], list: [] as number[], datastores: [] as number[], shares: [] as number[], entries: [] as number[], searchIndex: [] as number[] };
    const requestsOnly: number[] = [];
    const naive: number[] = [];
    let naiveRequests = 0;
    let entries = 0;
    const runOurs = async (): Promise<void> => {
      const before = await server.cpuMs();
      const cpuStarted = process.cpuUsage();
      const unlocked = await unlockOurs(credentials);
      const cpuUsed = process.cpuUsage(cpuStarted);
      const after = await server.cpuMs();
      clientCpu.push((cpuUsed.user + cpuUsed.system) / 1000);
      ours.push(unlocked.ms);
      serverCpu.push(after.cpuMs - before.cpuMs);
      const timings = unlocked.vault.stats.timings;
      phases.login.push(unlocked.ms - timings.totalMs - unlocked.indexMs);
      phases.list.push(timings.listMs);
      phases.datastores.push(timings.datastoresMs);
      phases.shares.push(timings.sharesMs);
      phases.entries.push(timings.indexMs);
      phases.searchIndex.push(unlocked.indexMs);
      entries = unlocked.vault.entries.length;
      await closeUnlocked(unlocked);
    };
    const runRequestsOnly = async (): Promise<void> => {
      requestsOnly.push(await lowerBoundRequests(recorded, credentials));
    };
    const runNaive = async (): Promise<void> => {
      const slow = await unlockNaive(credentials);
      naive.push(slow.ms);
      naiveRequests = slow.requests;
    };
    // The three run back to back so they share the machine's load; which goes first rotates, so
    // none of them always meets the server right after the naive reader's 134 requests.
    const orders = [
      [runOurs, runRequestsOnly, runNaive],
      [runRequestsOnly, runNaive, runOurs],
      [runNaive, runOurs, runRequestsOnly],
    ] as const;
    for (let rep = 0; rep < reps; rep++) {
      process.stdout.write(`  rep ${rep + 1}/${reps}\r`);
      for (const run of orders[rep % orders.length]!) {
        await run();
      }
    }
    const decrypt: number[] = [];
    for (let rep = 0; rep < Math.max(reps, 5); rep++) {
      decrypt.push(await lowerBoundDecrypt(recorded, credentials));
    }

    const oursSummary = summarize(ours);
    const requestsSummary = summarize(requestsOnly);
    const decryptSummary = summarize(decrypt);
    const lowerBoundTotal = requestsSummary.median + decryptSummary.median;
    const naiveSummary = summarize(naive);
    const median = (values: number[]): number => summarize(values).median;

    let withLatency: SizeResult['withLatency'] = null;
    if (items === 10000) {
      process.stdout.write(`  with ${LATENCY_MS} ms per answer…\n`);
      await server.setLatency(LATENCY_MS);
      const slowOurs: number[] = [];
      const slowNaive: number[] = [];
      for (let rep = 0; rep < Math.min(reps, 3); rep++) {
        const unlocked = await unlockOurs(credentials);
        slowOurs.push(unlocked.ms);
        await closeUnlocked(unlocked);
        slowNaive.push((await unlockNaive(credentials)).ms);
      }
      await server.setLatency(0);
      const oursSlow = summarize(slowOurs);
      const naiveSlow = summarize(slowNaive);
      withLatency = { latencyMs: LATENCY_MS, ours: oursSlow, naive: naiveSlow, naiveOverOurs: naiveSlow.median / oursSlow.median };
    }

    process.stdout.write('  search, copy, memory…\n');
    const unlocked = await unlockOurs(credentials);
    const search = measureSearch(unlocked.index, options.quick ? 3 : 10);
    const copy = await measureCopy(unlocked.vault, options.quick ? 10 : 60);
    await closeUnlocked(unlocked);
    const memory = items >= 10000 || options.quick ? await measureMemory(credentials) : null;
    const coldUnlock = options.quick ? null : await measureColdUnlock(server.key, items > 10000 ? 1 : 3);

    return {
      items,
      entries,
      reps,
      requests: recorded.requestCount,
      groups: recorded.groups.map((group) => group.length),
      responseMiB: round(recorded.responseBytes / 1048576, 2),
      serverStartMs: server.startMs,
      ours: oursSummary,
      oursClientCpu: summarize(clientCpu),
      oursPhases: {
        login: median(phases.login),
        list: median(phases.list),
        datastores: median(phases.datastores),
        shares: median(phases.shares),
        entries: median(phases.entries),
        searchIndex: median(phases.searchIndex),
      },
      serverCpuPerUnlockMs: median(serverCpu),
      lowerBound: { requests: requestsSummary, decrypt: decryptSummary, total: lowerBoundTotal },
      ratioToLowerBound: oursSummary.median / lowerBoundTotal,
      pairedRatioToLowerBound: summarize(ours.map((value, i) => value / (requestsOnly[i]! + decryptSummary.median))).median,
      naive: { ...naiveSummary, requests: naiveRequests },
      naiveOverOurs: naiveSummary.median / oursSummary.median,
      pairedNaiveOverOurs: summarize(naive.map((value, i) => value / ours[i]!)).median,
      withLatency,
      search,
      copy,
      memory,
      coldUnlock,
    };
  } finally {
    await server.close();
  }
}

/** Unlocks in fresh processes (bench/cold-child.ts), one each: the first unlock after the app starts. */
async function measureColdUnlock(key: DevServerApiKey, count: number): Promise<Summary | null> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const { code, stdout, stderr } = await runNodeChild(REPO, [path.join(HERE, 'cold-child.ts')], { env: { ...process.env, BENCH_COLD_KEY: JSON.stringify(key) } });
    const line = lineStartingWith(stdout, '{"ms"');
    if (code !== 0 || line === undefined) {
      process.stderr.write(stderr);
      return null;
    }
    samples.push((JSON.parse(line) as { ms: number }).ms);
  }
  return summarize(samples);
}

// ---------------------------------------------------------------------------------------------
// report

const ms = (value: number): string => (Number.isNaN(value) ? 'n/a' : value >= 100 ? `${Math.round(value)}` : value >= 10 ? value.toFixed(1) : value.toFixed(2));

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]): string => `| ${row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join(' | ')} |`;
  return [line(rows[0]!), `|${widths.map((width, column) => (column === 0 ? `:${'-'.repeat(width + 1)}` : `${'-'.repeat(width + 1)}:`)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

function report(results: SizeResult[], window: WindowResult, coldCli: ColdCliResult, environment: Record<string, unknown>): string {
  // The in-process readers' crypto; the cold figure's children load libsodium themselves.
  const crypto = results.length === 0 ? '' : `, client crypto ${String(environment['clientCrypto'])}`;
  const machine = `machine: ${String(environment['cpu'])} × ${String(environment['cores'])}, node ${String(environment['node'])}${crypto}, load average at start ${String(environment['loadAtStart'])}, at end ${String(environment['loadAtEnd'])}`;
  const cold = coldCliReport(coldCli, ms, table);
  if (results.length === 0) {
    return `${cold}\n\n${machine}`;
  }
  const header = ['figure', ...results.map((result) => `${result.items / 1000 >= 1 ? `${result.items / 1000}k` : result.items} items`)];
  const row = (label: string, cell: (result: SizeResult) => string): string[] => [label, ...results.map(cell)];
  const rows = [
    header,
    row('unlock → searchable, median ms', (r) => ms(r.ours.median)),
    row('unlock → searchable, p95 ms', (r) => ms(r.ours.p95)),
    row('  first unlock in a fresh process, median ms', (r) => (r.coldUnlock === null ? '–' : ms(r.coldUnlock.median))),
    row('  login (info + api-key login) ms', (r) => ms(r.oursPhases.login)),
    row('  datastore list + read ms', (r) => ms(r.oursPhases.list + r.oursPhases.datastores)),
    row('  shares ms', (r) => ms(r.oursPhases.shares)),
    row('  entries + search index ms', (r) => ms(r.oursPhases.entries + r.oursPhases.searchIndex)),
    row('  client CPU per unlock, median ms', (r) => ms(r.oursClientCpu.median)),
    row('  dev server CPU per unlock, median ms', (r) => ms(r.serverCpuPerUnlockMs)),
    row('lower bound: requests only, median ms', (r) => ms(r.lowerBound.requests.median)),
    row('lower bound: decrypt + parse, median ms', (r) => ms(r.lowerBound.decrypt.median)),
    row('lower bound total ms', (r) => ms(r.lowerBound.total)),
    row('ours / lower bound (ratio of medians)', (r) => `${r.ratioToLowerBound.toFixed(2)}×`),
    row('ours / lower bound (paired, median)', (r) => `${r.pairedRatioToLowerBound.toFixed(2)}×`),
    row('naive reader, median ms', (r) => ms(r.naive.median)),
    row('naive / ours (ratio of medians)', (r) => `${r.naiveOverOurs.toFixed(1)}×`),
    row('naive / ours (paired, median)', (r) => `${r.pairedNaiveOverOurs.toFixed(1)}×`),
    row(`with ${LATENCY_MS} ms per answer: ours median ms`, (r) => (r.withLatency === null ? '–' : ms(r.withLatency.ours.median))),
    row(`with ${LATENCY_MS} ms per answer: naive median ms`, (r) => (r.withLatency === null ? '–' : ms(r.withLatency.naive.median))),
    row(`with ${LATENCY_MS} ms per answer: naive / ours`, (r) => (r.withLatency === null ? '–' : `${r.withLatency.naiveOverOurs.toFixed(1)}×`)),
    row('search per keystroke p50 ms', (r) => ms(r.search.all.median)),
    row('search per keystroke p95 ms', (r) => ms(r.search.all.p95)),
    row('  1-char queries p95 ms', (r) => ms(r.search.byLength[0]?.p95 ?? Number.NaN)),
    row('search CPU per keystroke p50 / p95 ms', (r) => `${ms(r.search.cpu.median)} / ${ms(r.search.cpu.p95)}`),
    row('copy (fetch + decrypt + clipboard) p50 ms', (r) => ms(r.copy.total.median)),
    row('copy p95 ms', (r) => ms(r.copy.total.p95)),
    row('index memory MB (heap + array buffers, after GC)', (r) => (r.memory === null ? '–' : r.memory.heapMB.toFixed(1))),
    row('  of which search index MB', (r) => (r.memory === null ? '–' : (r.memory.heapMB - r.memory.vaultOnlyMB).toFixed(1))),
    row('requests / response MiB', (r) => `${r.requests} / ${r.responseMiB}`),
    row('repetitions', (r) => String(r.reps)),
  ];
  const windowLine =
    window.status === 'ok'
      ? `shortcut → search window visible with input focused: p50 ${ms(window.summary.median)} ms, p95 ${ms(window.summary.p95)} ms (n=${window.summary.n}, ${window.how})`
      : `shortcut → search window visible with input focused: n/a (${window.reason})`;
  return `${table(rows)}\n\n${windowLine}\n\n${cold}\n\n${machine}`;
}

// ---------------------------------------------------------------------------------------------

const options = parseOptions(process.argv.slice(2));
if (typeof globalThis.gc !== 'function') {
  console.error('bench: run with --expose-gc (npm run bench does)');
  process.exit(2);
}
const environment: Record<string, unknown> = {
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  loadAtStart: loadavg().map((value) => value.toFixed(1)).join(' '),
  date: new Date().toISOString(),
};
const started = performance.now();
const results: SizeResult[] = [];
for (const size of options.sizes) {
  results.push(await benchSize(size, options));
}
const window: WindowResult = options.window ? await measureSearchWindow(REPO) : { status: 'skipped', reason: options.quick ? 'skipped with --quick' : 'skipped with --no-window' };
process.stdout.write('\n');
const coldCli: ColdCliResult = options.coldCli ? await measureColdCli(REPO, { quick: options.quick, cli: options.cli, pairs: options.coldCliPairs }) : { status: 'skipped', reason: 'skipped with --no-cold-cli' };
environment['clientCrypto'] = cryptoBackendName();
environment['loadAtEnd'] = loadavg().map((value) => value.toFixed(1)).join(' ');
environment['totalSeconds'] = round((performance.now() - started) / 1000);

console.log(`\n${report(results, window, coldCli, environment)}\n`);
writeFileSync(options.output, `${JSON.stringify({ environment, options: { sizes: options.sizes, quick: options.quick }, results, searchWindow: window, coldCli }, null, 2)}\n`);
console.log(`wrote ${path.relative(process.cwd(), options.output) || options.output} (${environment['totalSeconds']} s)`);
