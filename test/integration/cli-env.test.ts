/**
 * `env` and `run` of the built CLI over environment_variables entries
 * (test/fixtures/vaults/cli-names.json): quoting that a shell and a dotenv reader read back
 * exactly, refused variable names, and a child that gets the variables only in its environment.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';

import { cliEnvironment, type DevServer } from '../../devserver/index';
import { runCli, startCliTestbed, type BuiltCli, type CliRun, type CliTestbed } from './cli-helpers';

const DEPLOY = { PLAIN: 'abc', SPACED: 'a b', QUOTE: "it's", NL: 'line1\nline2', MIXED: '$HOME "x" `y` \\ \'z\'', EMPTY: '' };
/** Prints the named variables of its environment and its arguments as JSON. */
const SHOW_ENV = `process.stdout.write(JSON.stringify({ env: Object.fromEntries(Object.entries(process.env).filter(([k]) => /^(PLAIN|SPACED|QUOTE|NL|MIXED|EMPTY|EXTRA|GOOD)$/.test(k))), argv: process.argv.slice(1) }))`;

let bed: CliTestbed;
let server: DevServer;
let cli: BuiltCli;
let env: Record<string, string>;

before(async () => {
  bed = await startCliTestbed({ seed: 'cli-names', apiKey: 'bob' });
  ({ server, cli, env } = bed);
});

after(() => bed?.close());

const run = (args: string[], extraEnv: Record<string, string> = env): Promise<CliRun> => runCli(cli, ['-q', ...args], extraEnv);

/** Runs a shell script with the CLI's output on stdin; resolves with the script's stdout. */
function shell(script: string, input: string, extraEnv: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', script], { stdio: ['pipe', 'pipe', 'inherit'], env: { PATH: process.env['PATH'] ?? '', ...extraEnv } });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', () => resolve(out));
    child.stdin.end(input);
  });
}

describe('psono env', () => {
  it('--format export is read back exactly by a POSIX shell', async () => {
    const result = await run(['env', 'Env/Deploy', '--format', 'export']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^export PLAIN='abc'\nexport SPACED='a b'\nexport QUOTE='it'\\''s'\n/);
    const readBack = await shell(`eval "$(cat)"; ${JSON.stringify(process.execPath)} -e ${JSON.stringify(SHOW_ENV)}`, result.stdout);
    assert.deepEqual((JSON.parse(readBack) as { env: Record<string, string> }).env, DEPLOY);
  });

  it('dotenv (the default) quotes only what needs it', async () => {
    const result = await run(['env', 'Env/Deploy']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      result.stdout,
      ['PLAIN=abc', "SPACED='a b'", 'QUOTE="it\'s"', 'NL="line1\\nline2"', 'MIXED="$HOME \\"x\\" `y` \\\\ \'z\'"', 'EMPTY=', ''].join('\n'),
    );
  });

  it('dotenv is read back exactly by python-dotenv (where it is installed)', async (t) => {
    const probe = spawnSync('python3', ['-c', 'import dotenv'], { stdio: 'ignore' });
    if (probe.status !== 0) {
      t.skip('python3 with python-dotenv is not installed');
      return;
    }
    const result = await run(['env', 'Env/Deploy']);
    const read = spawnSync('python3', ['-c', 'import dotenv, json, sys; print(json.dumps(dotenv.dotenv_values(stream=sys.stdin, interpolate=False)))'], { input: result.stdout, encoding: 'utf8' });
    assert.equal(read.status, 0, read.stderr);
    assert.deepEqual(JSON.parse(read.stdout), DEPLOY);
  });

  it('--format json and --json print the variables as one object', async () => {
    for (const args of [['--format', 'json'], ['--json']]) {
      const result = await run(['env', 'Deploy', ...args]);
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(JSON.parse(result.stdout), DEPLOY);
    }
  });

  it('refuses a variable name that is not an identifier, and entries of another type', async () => {
    const bad = await run(['env', 'Env/Broken']);
    assert.equal(bad.code, 1);
    assert.equal(bad.stdout, '');
    assert.equal(bad.stderr, 'psono: entry e0000000-0000-4000-8000-000000000007 has a variable named "1BAD-NAME", which is not a valid name (letters, digits and _, not starting with a digit).\n');
    const other = await run(['env', 'Work/Database (prod)']);
    assert.equal(other.code, 3);
    assert.match(other.stderr, /is a application_password, not an environment_variables entry/);
    const format = await run(['env', 'Deploy', '--format', 'yaml']);
    assert.equal(format.code, 2);
    assert.match(format.stderr, /unknown format "yaml"/);
  });
});

describe('psono run', () => {
  it('adds the variables to the environment of COMMAND, never to its arguments; later entries win', async () => {
    const result = await run(['run', '--entry', 'Env/Deploy', '--entry', 'Second', '--', process.execPath, '-e', SHOW_ENV, 'arg one']);
    assert.equal(result.code, 0, result.stderr);
    const shown = JSON.parse(result.stdout) as { env: Record<string, string>; argv: string[] };
    assert.deepEqual(shown.env, { ...DEPLOY, PLAIN: 'override', EXTRA: '1' });
    assert.deepEqual(shown.argv, ['arg one']);
    assert.equal(server.stats.activeSessions(), 0, 'the session ended');
  });

  it("keeps the rest of the environment but not the API key's secrets", async () => {
    const show = 'process.stdout.write(JSON.stringify(Object.keys(process.env).filter((k) => k.startsWith("PSONO_") || k === "KEEP_ME").sort()))';
    const result = await run(['run', '--entry', 'Second', '--', process.execPath, '-e', show], { ...env, KEEP_ME: '1', PSONO_CI_API_SECRET_KEY_HEX: env['PSONO_API_KEY_SECRET_KEY']! });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), ['KEEP_ME', 'PSONO_API_KEY_ID', 'PSONO_SERVER_PUBLIC_KEY', 'PSONO_SERVER_SIGNATURE', 'PSONO_SERVER_URL']);
  });

  it('without --entry, takes every environment_variables entry of the key (a restricted key, as psonoci)', async () => {
    const result = await run(['run', '--', process.execPath, '-e', SHOW_ENV], cliEnvironment(server.apiKey('ci')));
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual((JSON.parse(result.stdout) as { env: Record<string, string> }).env, { ...DEPLOY, PLAIN: 'override', EXTRA: '1' });
  });

  it('exits with the status of COMMAND, 128+N after signal N, 127 if COMMAND does not exist', async () => {
    assert.equal((await run(['run', '--entry', 'Second', '--', 'sh', '-c', 'exit 7'])).code, 7);
    assert.equal((await run(['run', '--entry', 'Second', '--', 'sh', '-c', 'kill -TERM $$'])).code, 128 + 15);
    const missing = await run(['run', '--entry', 'Second', '--', 'no-such-command-here']);
    assert.equal(missing.code, 127);
    assert.equal(missing.stderr, 'psono: command "no-such-command-here" not found.\n');
  });

  it('passes stdin and stdout through', async () => {
    const out = await shell(`${JSON.stringify(process.execPath)} ${JSON.stringify(cli.path)} -q run --entry Second -- sh -c 'read line; echo "$line/$EXTRA"'`, 'hello\n', env);
    assert.equal(out, 'hello/1\n');
  });

  it('needs a COMMAND after --, refuses a bad entry before starting anything', async () => {
    const usage = await run(['run', '--entry', 'Second']);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /run needs a COMMAND after "--"/);
    const bad = await run(['run', '--entry', 'Env/Broken', '--', 'sh', '-c', 'echo started']);
    assert.equal(bad.code, 1);
    assert.equal(bad.stdout, '');
    const none = await run(['run', '--entry', 'Nope', '--', 'sh', '-c', 'echo started']);
    assert.equal(none.code, 3);
    assert.equal(none.stdout, '');
  });
});
