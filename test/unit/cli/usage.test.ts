import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { EXIT_OK, EXIT_USAGE, runCli } from '../../../src/cli/run';

/** Runs the CLI on argv alone: usage is decided before any environment or network is touched. */
async function run(argv: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    env: {},
    io: { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) },
    version: '1.2.3',
    transport: () => {
      throw new Error('usage checks must not open a connection');
    },
    readFile: () => '',
    fileMode: () => 0o600,
    spawn: () => {
      throw new Error('usage checks must not start a command');
    },
    deviceFingerprint: 'test',
    deviceDescription: 'test',
  });
  return { code, stdout, stderr };
}

describe('psono-tray command line', () => {
  it('reads options before or after the command, as --name=value and after --', async () => {
    assert.deepEqual(await run(['get', '--field=password', '--json', 'x']), { code: EXIT_USAGE, stdout: '', stderr: 'psono-tray: use either --json or --field, not both.\n' });
    assert.equal((await run(['--field', 'password', 'get', 'a', 'b'])).stderr, 'psono-tray: get needs exactly one ID.\n');
    assert.match((await run(['search', '--', '--json'])).stderr, /missing environment variables/, '--json after -- is the query');
  });

  it('refuses an option the command does not take, and --field without a value', async () => {
    assert.equal((await run(['ls', '-x'])).stderr, 'psono-tray: unknown option -x for "ls" (see psono-tray ls --help).\n');
    assert.equal((await run(['env', 'x', '--field', 'password'])).stderr, 'psono-tray: unknown option --field for "env" (see psono-tray env --help).\n');
    assert.equal((await run(['run', '--json', '--', 'true'])).stderr, 'psono-tray: unknown option --json for "run" (see psono-tray run --help).\n');
    for (const argv of [['get', 'x', '--field'], ['get', 'x', '--field=']]) {
      assert.deepEqual(await run(argv), { code: EXIT_USAGE, stdout: '', stderr: 'psono-tray: --field needs a value.\n' });
    }
  });

  it('-n goes with a single value; --json excludes --field, --format and -n', async () => {
    assert.equal((await run(['get', 'x', '-n'])).stderr, 'psono-tray: --no-newline goes with --field.\n');
    assert.equal((await run(['totp', 'x', '--json', '-n'])).stderr, 'psono-tray: --no-newline applies to a single value, not to --json.\n');
    assert.equal((await run(['env', 'x', '--json', '--format', 'dotenv'])).stderr, 'psono-tray: use either --json or --format, not both.\n');
    assert.equal((await run(['ls', '-n'])).code, EXIT_USAGE);
  });

  it('run: entries only as --entry, the command after --, whose options stay its own', async () => {
    assert.equal((await run(['run', 'x', '--', 'true'])).stderr, 'psono-tray: run takes entries only as --entry ID.\n');
    assert.match((await run(['run', '--entry', 'a'])).stderr, /^psono-tray: run needs a COMMAND after "--"/);
    assert.equal((await run(['run', '--entry'])).stderr, 'psono-tray: --entry needs a value.\n');
    // Valid usage reaches the credentials (none here): `--json` after -- belongs to the command.
    assert.match((await run(['run', '--entry', 'a', '--entry', 'b', '--', 'cmd', '--json', '-n'])).stderr, /missing environment variables/);
  });

  it('-h and help show a command\'s help; a name that is no command gets the general help', async () => {
    assert.match((await run(['get', '-h'])).stdout, /^Usage: psono-tray get ID/);
    assert.match((await run(['help', 'totp'])).stdout, /^Usage: psono-tray totp ID/);
    for (const argv of [['help', 'constructor'], ['toString', '--help']]) {
      const result = await run(argv);
      assert.equal(result.code, EXIT_OK);
      assert.match(result.stdout, /^Usage: psono-tray <command> \[options\]/);
    }
    assert.deepEqual(await run(['--version']), { code: EXIT_OK, stdout: 'psono-tray 1.2.3\n', stderr: '' });
    assert.equal((await run(['constructor'])).stderr, 'psono-tray: unknown command "constructor" (see psono-tray --help).\n');
  });
});
