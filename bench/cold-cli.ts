/**
 * Cold `psono ls --json` against the sequential reader (bench/cold-reader.ts), each a fresh
 * `node` process with the credentials in its environment, alternated in pairs on a 5,000-item
 * vault with three shares (one nested), on three dev servers: serial (one request at a time, a
 * cost per request and per byte, as a single Python process serves), concurrent with the same
 * costs (several workers), and plain loopback. Plus `psono --version` wall time.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { build } from 'esbuild';

import { cliEnvironment } from '../devserver/index';
import { startServer, type ServerShape } from './server';
import { summarize, type Summary } from './stats';

/** A small answer (a share, the datastore list) costs 40–60 ms on a single-process Python server. */
export const REQUEST_MS = 60;
/**
 * Per response byte: with REQUEST_MS, the 5,000-item datastore answer (5.3 MB) costs ~270 ms,
 * inside the 200–350 ms a single-process Python server spends encrypting and sending it.
 */
export const BYTE_US = 0.04;
const ITEMS = 5000;
const QUICK_ITEMS = 500;

export interface ColdCliOptions {
  readonly quick: boolean;
  /** The built CLI (dist/cli/psono.cjs); its folder is copied away before the runs. */
  readonly cli: string;
  readonly pairs: number | null;
}

export interface ColdCliMode {
  readonly name: string;
  readonly shape: ServerShape;
  readonly ls: Summary;
  readonly reader: Summary;
  /** Median ls / median reader. */
  readonly ratio: number;
  /** Median over pairs of ls / reader (run back to back). */
  readonly pairedRatio: number;
  readonly lsRequests: number;
  readonly readerRequests: number;
  readonly largestAnswerBytes: number;
}

export type ColdCliResult =
  | { readonly status: 'ok'; readonly items: number; readonly entries: number; readonly pairs: number; readonly modes: ColdCliMode[]; readonly version: Summary; readonly nodeStart: Summary; readonly agentGet: Summary }
  | { readonly status: 'skipped'; readonly reason: string };

const MODES: ReadonlyArray<{ name: string; shape: ServerShape }> = [
  { name: `serial, ${REQUEST_MS} ms + ${BYTE_US} µs/B`, shape: { serial: true, requestMs: REQUEST_MS, byteUs: BYTE_US } },
  { name: 'concurrent, same costs', shape: { requestMs: REQUEST_MS, byteUs: BYTE_US } },
  { name: 'loopback, no cost', shape: {} },
];

interface Run {
  readonly ms: number;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Wall time from spawn to the child's exit with its output read to the end. */
function timeChild(script: string, args: readonly string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // A clean environment, as test/integration/cli-helpers.ts runs the CLI: PATH and the credentials.
    const child = spawn(process.execPath, [script, ...args], { env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ ms: performance.now() - started, code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

function entriesOf(run: Run, who: string): number {
  if (run.code !== 0) {
    throw new Error(`bench: ${who} exited ${String(run.code)}: ${run.stderr.slice(-500)}`);
  }
  return (JSON.parse(run.stdout) as unknown[]).length;
}

/** `psono get ID --json` answered by an agent (started once, locked at the end): the calls after its login. */
async function measureAgentGet(cli: string, env: Record<string, string>, folder: string, calls: number): Promise<Summary> {
  const agentEnv = { ...env, XDG_RUNTIME_DIR: mkdtempSync(path.join(folder, 'runtime-')) };
  const listed = await timeChild(cli, ['ls', '--json', '-q'], env);
  const id = (JSON.parse(listed.stdout) as { id: string }[])[0]?.id;
  const started = await timeChild(cli, ['agent', 'start', '-q'], agentEnv);
  if (id === undefined || started.code !== 0) {
    throw new Error(`bench: the agent did not start: ${started.stderr}`);
  }
  try {
    const times: number[] = [];
    for (let i = 0; i < calls; i++) {
      const run = await timeChild(cli, ['get', id, '--json', '-q'], agentEnv);
      if (run.code !== 0) {
        throw new Error(`bench: get through the agent exited ${String(run.code)}: ${run.stderr}`);
      }
      times.push(run.ms);
    }
    return summarize(times);
  } finally {
    await timeChild(cli, ['lock'], agentEnv);
  }
}

/** The reader bundled as the CLI is (esbuild, CommonJS, node20), so both start the same way. */
async function bundleReader(repo: string, folder: string): Promise<string> {
  const outfile = path.join(folder, 'cold-reader.cjs');
  await build({ entryPoints: [path.join(repo, 'bench', 'cold-reader.ts')], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error', legalComments: 'none' });
  return outfile;
}

export async function measureColdCli(repo: string, options: ColdCliOptions): Promise<ColdCliResult> {
  if (!existsSync(options.cli)) {
    return { status: 'skipped', reason: `no ${path.relative(repo, options.cli)}: run npm run build first` };
  }
  const folder = mkdtempSync(path.join(tmpdir(), 'psono-tray-cold-cli-'));
  try {
    // A private copy in the real layout (the CLI reads ../../package.json), so a concurrent
    // `npm run build`, which empties dist/, cannot pull it away mid-run.
    cpSync(path.dirname(options.cli), path.join(folder, 'dist', 'cli'), { recursive: true });
    cpSync(path.join(repo, 'package.json'), path.join(folder, 'package.json'));
    const cli = path.join(folder, 'dist', 'cli', path.basename(options.cli));
    const reader = await bundleReader(repo, folder);
    const items = options.quick ? QUICK_ITEMS : ITEMS;
    const pairs = options.pairs ?? (options.quick ? 2 : 7);

    const version: number[] = [];
    const nodeStart: number[] = [];
    for (let i = 0; i < (options.quick ? 3 : 15); i++) {
      const run = await timeChild(cli, ['--version'], {});
      if (run.code !== 0) {
        throw new Error(`bench: psono --version exited ${String(run.code)}: ${run.stderr}`);
      }
      version.push(run.ms);
      nodeStart.push((await timeChild('-e', ['0'], {})).ms);
    }

    const modes: ColdCliMode[] = [];
    let entries = 0;
    let agentGet: Summary | null = null;
    for (const mode of MODES) {
      process.stdout.write(`cold ls --json vs the sequential reader, ${items} items, ${mode.name}: `);
      const server = await startServer(items, { vault: 'cold-cli', ...mode.shape });
      try {
        // The CLI's key memory in the run's folder: the untimed first run below records the key, as a user's first call does.
        const env = { ...cliEnvironment(server.key), XDG_CACHE_HOME: path.join(folder, 'cache') };
        let lsRequests = 0;
        let readerRequests = 0;
        let largestAnswerBytes = 0;
        const runLs = async (): Promise<number> => {
          const before = await server.cpuMs();
          const run = await timeChild(cli, ['ls', '--json'], env);
          entries = entriesOf(run, 'psono ls --json');
          lsRequests = (await server.cpuMs()).requests - before.requests;
          return run.ms;
        };
        const runReader = async (): Promise<number> => {
          const before = await server.cpuMs();
          const run = await timeChild(reader, [], env);
          const count = entriesOf(run, 'the sequential reader');
          if (count !== entries) {
            throw new Error(`bench: the sequential reader listed ${count} entries, psono ${entries}`);
          }
          readerRequests = (await server.cpuMs()).requests - before.requests;
          largestAnswerBytes = (JSON.parse(run.stderr.trim().split('\n').at(-1) ?? '{}') as { largestBytes?: number }).largestBytes ?? 0;
          return run.ms;
        };
        // Untimed: the first start of each reads its bundle from disk.
        await runLs();
        await runReader();
        const ls: number[] = [];
        const sequential: number[] = [];
        for (let pair = 0; pair < pairs; pair++) {
          process.stdout.write(`${pair + 1} `);
          // Alternate which goes first, so neither always follows the other's logout or leftovers.
          if (pair % 2 === 0) {
            ls.push(await runLs());
            sequential.push(await runReader());
          } else {
            sequential.push(await runReader());
            ls.push(await runLs());
          }
        }
        process.stdout.write('\n');
        if (Object.keys(mode.shape).length === 0) {
          agentGet = await measureAgentGet(cli, env, folder, options.quick ? 5 : 30);
        }
        const lsSummary = summarize(ls);
        const readerSummary = summarize(sequential);
        modes.push({
          name: mode.name,
          shape: mode.shape,
          ls: lsSummary,
          reader: readerSummary,
          ratio: lsSummary.median / readerSummary.median,
          pairedRatio: summarize(ls.map((value, i) => value / sequential[i]!)).median,
          lsRequests,
          readerRequests,
          largestAnswerBytes,
        });
      } finally {
        await server.close();
      }
    }
    if (agentGet === null) {
      throw new Error('bench: no loopback mode to measure the agent in');
    }
    return { status: 'ok', items, entries, pairs, modes, version: summarize(version), nodeStart: summarize(nodeStart), agentGet };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The figure as a table and one line, for the bench report. */
export function coldCliReport(result: ColdCliResult, ms: (value: number) => string, table: (rows: string[][]) => string): string {
  if (result.status === 'skipped') {
    return `cold CLI: n/a (${result.reason})`;
  }
  const header = [`cold, ${result.items} items, 3 shares (1 nested), ${result.pairs} pairs`, ...result.modes.map((mode) => mode.name)];
  const row = (label: string, cell: (mode: ColdCliMode) => string): string[] => [label, ...result.modes.map(cell)];
  const rows = [
    header,
    row('psono ls --json, median ms', (m) => ms(m.ls.median)),
    row('sequential reader, median ms', (m) => ms(m.reader.median)),
    row('ls / reader (ratio of medians; target ≤ 0.75)', (m) => `${m.ratio.toFixed(2)}×`),
    row('ls / reader (paired, median)', (m) => `${m.pairedRatio.toFixed(2)}×`),
    row('requests: ls / reader', (m) => `${m.lsRequests} / ${m.readerRequests}`),
    row('datastore answer MB (its cost ms)', (m) => `${(m.largestAnswerBytes / 1e6).toFixed(2)} (${ms((m.shape.requestMs ?? 0) + ((m.shape.byteUs ?? 0) * m.largestAnswerBytes) / 1000)})`),
  ];
  return `${table(rows)}\n\npsono --version wall time: median ${ms(result.version.median)} ms, p95 ${ms(result.version.p95)} ms (target ≤ 60; node -e 0: ${ms(result.nodeStart.median)} ms; n=${result.version.n})\npsono get --json through the agent (loopback): median ${ms(result.agentGet.median)} ms, p95 ${ms(result.agentGet.p95)} ms (target ≤ 50; n=${result.agentGet.n})`;
}
