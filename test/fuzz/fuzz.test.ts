/**
 * The bounded fuzz test: the dev server's answers are mutated at the HTTP, transport and plaintext
 * layers (devserver/mutate.ts) while the built CLI runs `ls --json`, `ls`, `get --field password`
 * and `totp` against it on loopback; checks.ts says what every run must satisfy.
 *
 *   FUZZ_ITERATIONS=N   cases to run (default: each mutation once, 45 cases)
 *   FUZZ_SEED=TEXT      PRNG seed (default fixed, so the suite is deterministic; `random` draws one)
 *   FUZZ_CASE=N         run only case N of that seed (to reproduce a failure)
 *
 * `npm run fuzz` runs 3000 cases with a random seed. A failure names the seed and the case number.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';

import { cliEnvironment, credentialFields, startDevServer, type AnswerMutator, type DevServer } from '../../devserver/index';
import { PsonoError } from '../../src/core/errors';
import { parseCredentials } from '../../src/core/session';
import { createLogger } from '../../src/main/log';
import { PsonoVaultService } from '../../src/main/vault/psono-vault-service';
import { NodeHttpTransport } from '../../src/platform/http-transport';
import { buildCli, referenceTotp, type BuiltCli } from '../integration/cli-helpers';
import { acceptedInSilence, COMMANDS, violation, type Command, type Run } from './checks';
import { appliesTo, MUTATIONS, type Layer, type Memory, type Mutation } from './mutations';
import { Prng } from './prng';
import { FIXTURE_SECRETS, fuzzSeed } from './world';

const LAYERS: readonly Layer[] = ['http', 'transport', 'plaintext'];
/** Enough cases for every mutation once (the layers take turns). */
const EACH_ONCE = LAYERS.length * Math.max(...LAYERS.map((layer) => MUTATIONS[layer].length));
const ITERATIONS = Number(process.env['FUZZ_ITERATIONS'] ?? EACH_ONCE);
const SEED = process.env['FUZZ_SEED'] === 'random' ? randomBytes(6).toString('hex') : process.env['FUZZ_SEED'] ?? 'psono-tray-fuzz';
const ONLY_CASE = process.env['FUZZ_CASE'] === undefined ? undefined : Number(process.env['FUZZ_CASE']);
/** Generous for 25k nested folders on a loaded machine; a hang is far beyond it. */
const CASE_TIMEOUT_MS = 30_000;

interface Recorded {
  readonly paths: string[];
  readonly tokens: Set<string>;
  /** Paths whose answers were transport-encrypted (the transport and plaintext layers act there). */
  readonly encrypted: Set<string>;
  /** Set once the mutation was applied. */
  mutated: boolean;
}

function runCli(cli: BuiltCli, argv: readonly string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli.path, ...argv], { env: { PATH: process.env['PATH'] ?? '', ...env }, timeout: CASE_TIMEOUT_MS, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      const killed = error !== null && (error as { killed?: boolean }).killed === true;
      const code = error === null ? 0 : typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : -1;
      resolve({ code: killed ? 'hang' : code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** A run with the times it started and ended, so a TOTP code can be told from the clock's change. */
interface TimedRun {
  readonly run: Run;
  readonly from: number;
  readonly to: number;
}

async function timedRun(cli: BuiltCli, argv: readonly string[], env: Record<string, string>): Promise<TimedRun> {
  const from = Date.now();
  const run = await runCli(cli, argv, env);
  return { run, from, to: Date.now() };
}

/** A TOTP code that is the right one for some moment of its run stands for "the current code". */
function withoutClock(command: Command, timed: TimedRun): Run {
  const { run, from, to } = timed;
  if (command.name !== 'totp') {
    return run;
  }
  const codes = [from, to].map((ms) => `${referenceTotp(FIXTURE_SECRETS.totpSecret, ms / 1000, 6, 30, 'sha1')}\n`);
  return codes.includes(run.stdout) ? { ...run, stdout: '<current code>\n' } : run;
}

/** Records every answer for replays, and applies `mutation` to the first answer at `target`. */
function hook(memory: Memory, recorded: Recorded, mutation: Mutation | undefined, target: string | undefined, rng: Prng, errors: unknown[]): AnswerMutator {
  let done = false;
  const hit = (path: string, layer: Layer): Mutation | undefined => {
    if (mutation === undefined || done || path !== target || mutation.layer !== layer) {
      return undefined;
    }
    done = true;
    recorded.mutated = true;
    return mutation;
  };
  const guarded = <T>(work: () => T): T | undefined => {
    try {
      return work();
    } catch (error) {
      errors.push(error);
      return undefined;
    }
  };
  return {
    plaintext: (answer) => {
      memory.plaintexts.push({ path: answer.path, json: answer.json });
      recorded.encrypted.add(answer.path);
      const chosen = hit(answer.path, 'plaintext');
      return chosen?.layer === 'plaintext' ? guarded(() => chosen.mutate(answer, rng, memory)) : undefined;
    },
    transport: (answer) => {
      const chosen = hit(answer.path, 'transport');
      const body = chosen?.layer === 'transport' ? guarded(() => chosen.mutate(answer.envelope, rng, memory, answer.path)) : undefined;
      memory.envelopes.push({ path: answer.path, body: answer.envelope });
      return body;
    },
    http: (answer) => {
      recorded.paths.push(answer.path);
      if (answer.authorization?.startsWith('Token ') === true) {
        recorded.tokens.add(answer.authorization.slice('Token '.length));
      }
      const chosen = hit(answer.path, 'http');
      return chosen?.layer === 'http' ? guarded(() => chosen.mutate(answer, rng, memory)) : undefined;
    },
  };
}

describe(`fuzzed server answers (seed ${SEED}, ${ITERATIONS} cases)`, () => {
  let server: DevServer;
  let cli: BuiltCli;
  let env: Record<string, string>;
  const memory: Memory = { envelopes: [], plaintexts: [] };
  const untampered = new Map<string, { timed: TimedRun; paths: string[]; encrypted: ReadonlySet<string> }>();

  before(async () => {
    [server, cli] = await Promise.all([startDevServer({ seed: fuzzSeed }), buildCli()]);
    env = cliEnvironment(server.apiKey('fuzz'));
    for (const command of COMMANDS) {
      const recorded: Recorded = { paths: [], tokens: new Set(), encrypted: new Set(), mutated: false };
      server.faults.mutate = hook(memory, recorded, undefined, undefined, new Prng(SEED), []);
      const timed = await timedRun(cli, command.argv, env);
      assert.equal(timed.run.code, 0, `untampered ${command.name}: ${timed.run.stderr}`);
      untampered.set(command.name, { timed, paths: [...new Set(recorded.paths)], encrypted: recorded.encrypted });
    }
    server.faults.mutate = null;
  });

  after(async () => {
    await server?.close();
    cli?.cleanup();
  });

  it('no mutated answer crashes, hangs, leaks or is accepted in silence', async () => {
    const failures: string[] = [];
    for (let index = 0; index < ITERATIONS; index++) {
      if (ONLY_CASE !== undefined && index !== ONLY_CASE) {
        continue;
      }
      const rng = new Prng(`${SEED}#${index}`);
      // Layers take turns, and each layer's mutations in order, so the default run meets every one.
      const layer = LAYERS[index % LAYERS.length]!;
      const mutations = MUTATIONS[layer];
      const mutation = mutations[Math.floor(index / LAYERS.length) % mutations.length]!;
      // Some mutations show only in some commands' output (names: in the listing).
      const command = rng.pick(COMMANDS.filter((candidate) => mutation.layer !== 'plaintext' || (mutation.commands ?? [candidate.name]).includes(candidate.name)));
      const baseline = untampered.get(command.name)!;
      const path = rng.pick(baseline.paths.filter((candidate) => appliesTo(mutation, candidate, baseline.encrypted.has(candidate))));
      const label = `seed ${SEED} case ${index}: ${layer}/${mutation.name} on ${path.replace(/[0-9a-f-]{36}/g, '<id>')}, ${command.name}`;
      const recorded: Recorded = { paths: [], tokens: new Set(), encrypted: new Set(), mutated: false };
      const errors: unknown[] = [];
      server.faults.mutate = hook(memory, recorded, mutation, path, rng, errors);
      const timed = await timedRun(cli, command.argv, env);
      const run = timed.run;
      server.faults.mutate = null;
      const broken = errors.length > 0
        ? `the mutation itself failed (${errors[0] instanceof Error ? errors[0].message : String(errors[0])})`
        : !recorded.mutated ? 'the answer to mutate was never asked for'
        : violation(command, run, [...recorded.tokens])
          ?? acceptedInSilence(mutation.meaning, withoutClock(command, timed), withoutClock(command, baseline.timed));
      if (broken !== undefined) {
        failures.push(`${label}: ${broken}`);
      }
      // Replays draw on the untampered runs and a bounded window of recent answers.
      memory.envelopes.splice(0, Math.max(0, memory.envelopes.length - 200));
      memory.plaintexts.splice(0, Math.max(0, memory.plaintexts.length - 200));
    }
    assert.deepEqual(failures, [], `reproduce one with FUZZ_SEED='${SEED}' FUZZ_CASE=N`);
  });

  // The app's open path (main's vault service), once per layer: a vault or a PsonoError, nothing else.
  for (const [layer, name, target] of [['http', 'cut-connection', /^\/datastore\/$/], ['transport', 'bit-flip', /^\/share\//], ['plaintext', 'deep-nesting', /^\/datastore\/./]] as const) {
    it(`the vault service opens or fails cleanly: ${layer}/${name}`, async () => {
      const mutation = MUTATIONS[layer].find((candidate) => candidate.name === name)!;
      const path = untampered.get('ls --json')!.paths.find((candidate) => target.test(candidate))!;
      const errors: unknown[] = [];
      const recorded: Recorded = { paths: [], tokens: new Set(), encrypted: new Set(), mutated: false };
      server.faults.mutate = hook(memory, recorded, mutation, path, new Prng(`${SEED}#vault-service-${layer}`), errors);
      const transport = new NodeHttpTransport();
      const service = new PsonoVaultService({ transport, deviceFingerprint: 'fuzz', deviceDescription: 'fuzz test', log: createLogger('Vault', () => undefined) });
      try {
        const session = await service.open(parseCredentials(credentialFields(server.apiKey('fuzz'))));
        assert.ok(session.entries.length >= 0);
        await session.close();
      } catch (error) {
        assert.ok(error instanceof PsonoError, `not a PsonoError: ${error instanceof Error ? error.name : typeof error}`);
      } finally {
        server.faults.mutate = null;
        transport.close();
      }
      assert.deepEqual(errors, []);
      assert.ok(recorded.mutated, 'the mutation was applied');
    });
  }
});
