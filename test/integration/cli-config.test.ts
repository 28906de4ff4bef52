/**
 * Where the built CLI takes its credentials from (psonoci's variable names, --config FILE in
 * psonoci's TOML or JSON, owner-only), and --version, help and completions.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { cliEnvironment, type DevServer, type DevServerApiKey } from '../../devserver/index';
import { runCli, startCliTestbed, type BuiltCli, type CliRun, type CliTestbed } from './cli-helpers';

const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

let bed: CliTestbed;
let server: DevServer;
let cli: BuiltCli;
let key: DevServerApiKey;
let dir: string;

before(async () => {
  bed = await startCliTestbed({ seed: 'cli-names', apiKey: 'bob' });
  ({ server, cli } = bed);
  key = server.apiKey('bob');
  dir = mkdtempSync(join(tmpdir(), 'psono-tray-config-'));
});

after(async () => {
  await bed?.close();
  rmSync(dir, { recursive: true, force: true });
});

const WORK_PASSWORD = ['-q', 'get', 'Work/Database (prod)', '--field', 'password'];

function assertPassword(result: CliRun): void {
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, 'pw-work\n');
}

function configFile(name: string, text: string, mode = 0o600): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  chmodSync(path, mode);
  return path;
}

/** psonoci's `config save` output plus the two values psonoci does without. */
function psonociToml(): string {
  return [
    'version = "1"',
    '',
    '[psono_settings]',
    `api_key_id = "${key.apiKeyId}"`,
    `api_secret_key_hex = "${key.apiKeySecretKey}"`,
    `server_url = "${key.serverUrl}/"`,
    `api_key_private_key = "${key.apiKeyPrivateKey}"  # not in psonoci: it never logs in`,
    `server_signature = '${key.serverSignature}'`,
    '',
    '[http_options]',
    'timeout = 60',
    'max_redirects = 0',
    'use_native_tls = false',
    'danger_disable_tls_verification = false',
    '',
  ].join('\n');
}

describe('psono credentials', () => {
  it("takes psonoci's PSONO_CI_* names for server URL, key id and secret key", async () => {
    assertPassword(
      await runCli(cli, WORK_PASSWORD, {
        PSONO_CI_SERVER_URL: key.serverUrl,
        PSONO_CI_API_KEY_ID: key.apiKeyId,
        PSONO_CI_API_SECRET_KEY_HEX: key.apiKeySecretKey,
        PSONO_API_KEY_PRIVATE_KEY: key.apiKeyPrivateKey,
        PSONO_SERVER_SIGNATURE: key.serverSignature,
      }),
    );
  });

  it('names the PSONO_* values psonoci has no equivalent for when they are missing', async () => {
    const result = await runCli(cli, ['ls'], { PSONO_CI_SERVER_URL: key.serverUrl, PSONO_CI_API_KEY_ID: key.apiKeyId, PSONO_CI_API_SECRET_KEY_HEX: key.apiKeySecretKey });
    assert.equal(result.code, 2);
    assert.equal(result.stderr, 'psono: missing environment variables PSONO_API_KEY_PRIVATE_KEY, PSONO_SERVER_SIGNATURE.\n');
  });

  it("--config reads psonoci's TOML with our two extra keys", async () => {
    assertPassword(await runCli(cli, [...WORK_PASSWORD, '--config', configFile('psonoci.toml', psonociToml())], {}));
  });

  it("without --config, psonoci's PSONO_CI_CONFIG_PATH names the file (checked the same way)", async () => {
    const path = configFile('via-env.toml', psonociToml());
    assertPassword(await runCli(cli, WORK_PASSWORD, { PSONO_CI_CONFIG_PATH: path }));
    chmodSync(path, 0o604);
    const open = await runCli(cli, ['ls'], { PSONO_CI_CONFIG_PATH: path });
    assert.equal(open.code, 2);
    assert.match(open.stderr, /run: chmod 600 /);
  });

  it('--config reads a JSON object with the dialog names', async () => {
    const json = JSON.stringify({
      server_url: key.serverUrl, api_key_id: key.apiKeyId, api_key_private_key: key.apiKeyPrivateKey,
      api_key_secret_key: key.apiKeySecretKey, server_signature: key.serverSignature, server_public_key: key.serverPublicKey,
    });
    assertPassword(await runCli(cli, [...WORK_PASSWORD, '--config', configFile('key.json', json)], {}));
  });

  it('the file wins over the environment; what it lacks comes from the environment', async () => {
    const partial = configFile('partial.toml', `[psono_settings]\napi_key_id = "${key.apiKeyId}"\n`);
    assertPassword(await runCli(cli, [...WORK_PASSWORD, '--config', partial], { ...cliEnvironment(key), PSONO_API_KEY_ID: '00000000-0000-4000-8000-000000000000' }));
    const lacking = await runCli(cli, ['ls', '--config', partial], { PSONO_SERVER_URL: key.serverUrl });
    assert.equal(lacking.code, 2);
    assert.equal(lacking.stderr, `psono: missing environment variables PSONO_API_KEY_PRIVATE_KEY, PSONO_API_KEY_SECRET_KEY, PSONO_SERVER_SIGNATURE (not in ${partial} either).\n`);
  });

  it('refuses a file that others may read or write, naming chmod 600, without showing its content', async () => {
    for (const mode of [0o644, 0o640, 0o602]) {
      const path = configFile(`open-${mode.toString(8)}.toml`, psonociToml(), mode);
      const result = await runCli(cli, ['ls', '--config', path], {});
      assert.equal(result.code, 2, mode.toString(8));
      assert.equal(result.stdout, '');
      assert.equal(result.stderr, `psono: config file ${path}: other users may read or change it; run: chmod 600 ${path}\n`);
    }
  });

  it('a missing file, an unknown key and a malformed line are one clear line each (exit 2)', async () => {
    const cases: Array<[string, RegExp]> = [
      [join(dir, 'absent.toml'), /absent\.toml: cannot be read\.$/],
      [configFile('typo.toml', '[psono_settings]\napi_key = "x"\n'), /typo\.toml: unknown key "api_key" on line 2\.$/],
      [configFile('bare.toml', `[psono_settings]\napi_key_id = ${key.apiKeyId}\n`), /bare\.toml: api_key_id on line 2 must be a quoted string\.$/],
      [configFile('bad.json', '{"server_url": '), /bad\.json: is not valid JSON\.$/],
    ];
    for (const [path, pattern] of cases) {
      const result = await runCli(cli, ['ls', '--config', path], {});
      assert.equal(result.code, 2, path);
      assert.match(result.stderr.trimEnd(), pattern);
      assert.equal(result.stderr.split('\n').length, 2, 'one line');
    }
  });
});

describe('psono --version, help and completions', () => {
  it('--version and -V print the version inlined by the build (no package.json next to the bundle)', async () => {
    for (const flag of ['--version', '-V']) {
      assert.deepEqual(await runCli(cli, [flag], {}), { code: 0, stdout: `psono ${version}\n`, stderr: '' });
    }
  });

  it('help COMMAND and COMMAND --help show that command for every command', async () => {
    for (const command of ['ls', 'search', 'get', 'totp', 'env', 'run', 'completions']) {
      const viaHelp = await runCli(cli, ['help', command], {});
      assert.equal(viaHelp.code, 0);
      assert.match(viaHelp.stdout, new RegExp(`^Usage: psono ${command}\\b`));
      assert.equal((await runCli(cli, [command, '--help'], {})).stdout, viaHelp.stdout);
    }
  });

  it('completions bash is valid bash that completes commands, options and field names', async () => {
    const script = await runCli(cli, ['completions', 'bash'], {});
    assert.equal(script.code, 0, script.stderr);
    const complete = (words: string[]): string => {
      const probe = `${script.stdout}\nCOMP_WORDS=(${words.map((word) => `'${word}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _psono; echo "\${COMPREPLY[*]}"`;
      const result = spawnSync('bash', ['-c', probe], { encoding: 'utf8' });
      assert.equal(result.status, 0, result.stderr);
      return result.stdout.trim();
    };
    assert.equal(complete(['psono', 'to']), 'totp');
    assert.equal(complete(['psono', 'get', 'x', '--f']), '--field');
    assert.equal(complete(['psono', 'get', 'x', '--field', 'pa']), 'password');
    assert.equal(complete(['psono', 'env', 'x', '--format', '']), 'dotenv export json');
  });

  it('completions zsh and fish name every command; an unknown shell is a usage error', async () => {
    const zsh = await runCli(cli, ['completions', 'zsh'], {});
    assert.match(zsh.stdout, /^#compdef psono\n/);
    const fish = await runCli(cli, ['completions', 'fish'], {});
    for (const command of ['ls', 'search', 'get', 'totp', 'env', 'run', 'completions']) {
      assert.match(zsh.stdout, new RegExp(`\\b${command}\\)`), `zsh: ${command}`);
      assert.match(fish.stdout, new RegExp(`__fish_seen_subcommand_from ${command}'`), `fish: ${command}`);
    }
    const bad = await runCli(cli, ['completions', 'tcsh'], {});
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr, 'psono: completions needs one of bash, zsh, fish.\n');
  });
});
