/**
 * The built `psono` CLI against the dev server with test/fixtures/vaults/cli-vault.json:
 * nested folders, every item type, a share inside a share, an item share mounted twice, deleted
 * entries at every level, unicode names, an unreadable share, a second datastore, and restricted,
 * read-disabled and inactive keys. Expectations are written by hand from the fixture.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';

import { cliEnvironment, type DevServer } from '../../devserver/index';
import { referenceTotp, runCli, startCliTestbed, vaultSeed, type BuiltCli, type CliRun, type CliTestbed } from './cli-helpers';

const seed = vaultSeed('cli-vault');
const id = (n: number): string => `10000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const secretId = (n: number): string => `20000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const shareId = (n: number): string => `30000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
// The share is named as the folder that mounts it calls it.
const LOCKED_WARNING = 'psono: warning: 1 share is not readable with this API key and skipped: "Locked"\n';

let bed: CliTestbed;
let server: DevServer;
let cli: BuiltCli;
let env: Record<string, string>;

before(async () => {
  bed = await startCliTestbed({ seed, apiKey: 'tray' });
  ({ server, cli, env } = bed);
});

after(() => bed?.close());

const run = (args: string[], extraEnv: Record<string, string> = env): Promise<CliRun> => runCli(cli, args, extraEnv);

function assertOneLineError(result: CliRun, code: number, pattern: RegExp): void {
  assert.equal(result.code, code, `exit code (stderr: ${result.stderr})`);
  assert.equal(result.stdout, '');
  const lines = result.stderr.split('\n').filter((line) => line !== '' && !line.startsWith('psono: warning:'));
  assert.equal(lines.length, 1, `one error line, got: ${result.stderr}`);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
}

describe('psono ls', () => {
  it('lists every visible entry in tree order, without trash, files or the unreadable share, in aligned columns', async () => {
    const result = await run(['ls']);
    assert.equal(result.code, 0, result.stderr);
    // Columns: id, type, path as get takes it, username (the list description). The CJK folder
    // name and the emoji are two columns wide each, so its row is shorter in characters.
    assert.equal(
      result.stdout,
      [
        `${id(1)}  website_password       Example Mail                                  alice`,
        `${id(4)}  application_password   Shared DB password                            dbadmin`,
        `${id(10)}  application_password   Work/Build server                             deploy`,
        `${id(40)}  totp                   Work/Team Shared/VPN token`,
        `${id(42)}  application_password   Work/Team Shared/Shared DB password           dbadmin`,
        `${id(50)}  application_password   Work/Team Shared/Infrastructure/Router admin  admin`,
        `${id(11)}  bookmark               Work/Ünïcödé 文件夹/Café Zürich 🍰`,
        `${id(20)}  credit_card            Personal/Visa                                 xxxxxxxxxxxx1111`,
        `${id(21)}  identity               Personal/Home address                         Alice Example`,
        `${id(22)}  ssh_own_key            Personal/Deploy key`,
        `${id(23)}  mail_gpg_own_key       Personal/Mail GPG key`,
        `${id(24)}  environment_variables  Personal/Staging API`,
        `${id(25)}  elster_certificate     Personal/ELSTER`,
        `${id(26)}  passkey                Personal/example.com passkey`,
        `${id(27)}  note                   Personal/Wi-Fi guest`,
        `${id(28)}  totp                   Personal/Game 2FA`,
        `${id(30)}  application_password   Private thing                                 me`,
        '',
      ].join('\n'),
    );
    assert.equal(result.stderr, LOCKED_WARNING);
    assert.equal(server.stats.activeSessions(), 0, 'logged out');
  });

  it('--json gives {id, secret_id, type, title, path, url, description, datastore, share_id} per entry', async () => {
    const result = await run(['ls', '--json']);
    assert.equal(result.code, 0, result.stderr);
    const descriptions: Record<number, string> = { 1: 'alice', 4: 'dbadmin', 10: 'deploy', 42: 'dbadmin', 50: 'admin', 20: 'xxxxxxxxxxxx1111', 21: 'Alice Example', 30: 'me' };
    const entry = (n: number, s: number, type: string, title: string, path: string[], url: string | null, share: string | null, datastore = 'Default') => ({
      id: id(n), secret_id: secretId(s), type, title, path, url, description: descriptions[n] ?? '', datastore, share_id: share,
    });
    assert.deepEqual(JSON.parse(result.stdout), [
      entry(1, 1, 'website_password', 'Example Mail', [], 'mail.example.com', null),
      entry(4, 60, 'application_password', 'Shared DB password', [], null, shareId(3)),
      entry(10, 10, 'application_password', 'Build server', ['Work'], null, null),
      entry(40, 40, 'totp', 'VPN token', ['Work', 'Team Shared'], null, shareId(1)),
      entry(42, 60, 'application_password', 'Shared DB password', ['Work', 'Team Shared'], null, shareId(3)),
      entry(50, 50, 'application_password', 'Router admin', ['Work', 'Team Shared', 'Infrastructure'], null, shareId(2)),
      entry(11, 11, 'bookmark', 'Café Zürich 🍰', ['Work', 'Ünïcödé 文件夹'], 'xn--caf-dma.example.ch', null),
      entry(20, 20, 'credit_card', 'Visa', ['Personal'], null, null),
      entry(21, 21, 'identity', 'Home address', ['Personal'], null, null),
      entry(22, 22, 'ssh_own_key', 'Deploy key', ['Personal'], null, null),
      entry(23, 23, 'mail_gpg_own_key', 'Mail GPG key', ['Personal'], null, null),
      entry(24, 24, 'environment_variables', 'Staging API', ['Personal'], null, null),
      entry(25, 25, 'elster_certificate', 'ELSTER', ['Personal'], null, null),
      entry(26, 26, 'passkey', 'example.com passkey', ['Personal'], 'example.com', null),
      entry(27, 27, 'note', 'Wi-Fi guest', ['Personal'], null, null),
      entry(28, 28, 'totp', 'Game 2FA', ['Personal'], null, null),
      entry(30, 30, 'application_password', 'Private thing', [], null, null, 'Private'),
    ]);
  });

  it('never reads a secret (no access-counter bumps) and fetches no share in the trash', async () => {
    server.stats.reset();
    const result = await run(['ls']);
    assert.equal(result.code, 0);
    const paths = server.stats.requests.map((request) => request.path);
    assert.ok(!paths.some((path) => path.startsWith('/secret/')), paths.join(' '));
    assert.ok(!paths.includes(`/share/${shareId(5)}/`), 'trashed share not fetched');
    assert.ok(!paths.includes(`/share/${shareId(6)}/`), 'deleted item share not fetched');
    assert.equal(paths.filter((path) => path === `/share/${shareId(3)}/`).length, 1, 'item share mounted twice is fetched once');
  });
});

describe('psono search', () => {
  const ids = async (query: string): Promise<string[]> => {
    const result = await run(['search', query, '--json']);
    assert.equal(result.code, 0, result.stderr);
    return (JSON.parse(result.stdout) as Array<{ id: string }>).map((entry) => entry.id);
  };

  it('ranks title matches first and ANDs words across title and path', async () => {
    assert.deepEqual(await ids('db'), [id(4), id(42)]);
    assert.deepEqual(await ids('team'), [id(40), id(50), id(42)]);
    assert.deepEqual(await ids('team vpn'), [id(40)]);
    assert.deepEqual(await ids('infrastructure admin'), [id(50)]);
  });

  it('ignores case and accents and tolerates a typo', async () => {
    assert.deepEqual(await ids('ZURICH'), [id(11)]);
    assert.deepEqual(await ids('cafe'), [id(11)]);
    assert.deepEqual(await ids('ünicode'), [id(11)]);
    assert.deepEqual(await ids('routr admin'), [id(50)]);
  });

  it('prints entries as ls does', async () => {
    const result = await run(['search', 'router']);
    assert.equal(result.stdout, `${id(50)}  application_password  Work/Team Shared/Infrastructure/Router admin  admin\n`);
  });

  it('no match exits 3 with one line on stderr and nothing on stdout, also with --json', async () => {
    assertOneLineError(await run(['search', 'qqqqzzzz']), 3, /^psono: no entry matches the search "qqqqzzzz"\.$/);
    assertOneLineError(await run(['search', 'qqqqzzzz', '--json']), 3, /no entry matches the search/);
  });
});

describe('psono get', () => {
  it('--json prints the decrypted secret exactly as stored', async () => {
    const result = await run(['get', id(1), '--json']);
    assert.equal(result.code, 0, result.stderr);
    const mail = seed.datastores[0]!.items![0] as { secret: Record<string, unknown> };
    assert.deepEqual(JSON.parse(result.stdout), mail.secret);
  });

  it('--field prints one raw value, by item id or secret id, also through an item share', async () => {
    const field = async (entryId: string, name: string): Promise<string> => {
      const result = await run(['get', entryId, '--field', name]);
      assert.equal(result.code, 0, result.stderr);
      return result.stdout;
    };
    assert.equal(await field(id(1), 'password'), 'pä$$wörd-€-🔑\n');
    assert.equal(await field(id(1), 'username'), 'alice\n');
    assert.equal(await field(id(1), 'url'), 'https://mail.example.com/login\n');
    assert.equal(await field(id(1), 'notes'), 'first line\nsecond line\n');
    assert.equal(await field(id(1), 'title'), 'Example Mail\n');
    assert.equal(await field(id(1), 'custom:0'), '4711\n');
    assert.equal(await field(secretId(60), 'password'), 'c0rrect-h0rse\n');
    assert.equal(await field(id(42), 'username'), 'dbadmin\n');
    assert.equal(await field(id(50), 'password'), 'r0uter!\n');
    assert.equal(await field(id(20), 'password'), '4111111111111111\n');
    assert.equal(await field(id(24), 'env:0'), 'tok-123\n');
    assert.equal(await field(id(22), 'password'), '-----BEGIN OPENSSH PRIVATE KEY-----\nfake\n-----END OPENSSH PRIVATE KEY-----\n');
    assert.equal(await field(id(11), 'url'), 'https://café.example.ch/menü\n');
    assert.equal(await field(id(30), 'password'), 'private-pw\n');
  });

  it('without options shows details with every secret value hidden', async () => {
    const result = await run(['get', id(20)]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^Title: {5}Visa$/m);
    assert.match(result.stdout, /^Valid through: 12 \/ 29$/m);
    assert.match(result.stdout, /^Card holder: ALICE EXAMPLE$/m);
    for (const secret of ['4111111111111111', '9731']) {
      assert.ok(!result.stdout.includes(secret), `${secret} must be hidden`);
    }
    assert.match(result.stdout, new RegExp(`^CVC: +\\(hidden: psono get ${id(20)} --field field:credit_card_cvc\\)$`, 'm'));
  });

  it('missing entries and fields exit 3 with one line', async () => {
    assertOneLineError(await run(['get', '99999999-9999-4999-8999-999999999999']), 3, /^psono: no entry matches "99999999-9999-4999-8999-999999999999"/);
    assertOneLineError(await run(['get', id(2)]), 3, /no entry matches/); // deleted
    assertOneLineError(await run(['get', id(20), '--field', 'username']), 3, /has no username/);
    assertOneLineError(await run(['get', id(26), '--field', 'field:passkey_private_key']), 3, /has no field:passkey_private_key/);
    assertOneLineError(await run(['totp', id(20)]), 3, /has no TOTP/);
  });
});

describe('psono totp', () => {
  it('prints the current code for SHA1/6, SHA1/8 and SHA512/8/60 s with a lowercase spaced secret', async () => {
    const cases: Array<[string, string, number, number, 'sha1' | 'sha512']> = [
      [id(1), 'JBSWY3DPEHPK3PXP', 6, 30, 'sha1'],
      [id(40), 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 8, 30, 'sha1'],
      [id(28), 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNA', 8, 60, 'sha512'],
    ];
    for (const [entryId, secret, digits, period, algorithm] of cases) {
      const before = Math.floor(Date.now() / 1000);
      const result = await run(['totp', entryId]);
      const after = Math.floor(Date.now() / 1000);
      assert.equal(result.code, 0, result.stderr);
      const valid = new Set([referenceTotp(secret, before, digits, period, algorithm), referenceTotp(secret, after, digits, period, algorithm)]);
      assert.ok(valid.has(result.stdout.trim()), `${entryId}: ${result.stdout.trim()} not in ${[...valid].join(',')}`);
      assert.match(result.stdout, new RegExp(`^\\d{${digits}}\\n$`));
      const viaGet = await run(['get', entryId, '--field', 'totp']);
      assert.match(viaGet.stdout, new RegExp(`^\\d{${digits}}\\n$`));
    }
  });
});

describe('psono with other keys and bad input', () => {
  it('a restricted key lists and reads only its attached secrets, and never logs in', async () => {
    const restricted = cliEnvironment(server.apiKey('restricted'));
    server.stats.reset();
    const ls = await runCli(cli, ['ls', '--json'], restricted);
    assert.equal(ls.code, 0, ls.stderr);
    const entries = (JSON.parse(ls.stdout) as Array<Record<string, unknown>>).sort((a, b) => String(a['title']).localeCompare(String(b['title'])));
    assert.deepEqual(entries, [
      { id: secretId(1), secret_id: secretId(1), type: 'website_password', title: 'Example Mail', path: [], url: 'mail.example.com', description: 'alice', datastore: '', share_id: null },
      { id: secretId(40), secret_id: secretId(40), type: 'totp', title: 'VPN token', path: [], url: null, description: '', datastore: '', share_id: null },
    ]);
    const password = await runCli(cli, ['get', secretId(1), '--field', 'password'], restricted);
    assert.equal(password.stdout, 'pä$$wörd-€-🔑\n');
    const code = await runCli(cli, ['totp', secretId(40)], restricted);
    assert.match(code.stdout, /^\d{8}\n$/);
    assertOneLineError(await runCli(cli, ['get', id(10)], restricted), 3, /no entry matches/);
    assert.equal(server.stats.activeSessions(), 0);
    // A login could end the owner's other sessions (spec §4.2); restricted keys skip it.
    assert.deepEqual(server.stats.requests.filter((request) => request.path.endsWith('/api-key/login/') || request.path.endsWith('/authentication/logout/')), []);
  });

  it('a key without read permission, an inactive key and a wrong secret key fail with one clear line', async () => {
    assertOneLineError(await runCli(cli, ['ls'], cliEnvironment(server.apiKey('no-read'))), 1, /not allowed to read/i);
    assertOneLineError(await runCli(cli, ['ls'], cliEnvironment(server.apiKey('inactive'))), 1, /unknown, deleted or deactivated/);
    const wrongSecret = { ...env, PSONO_API_KEY_SECRET_KEY: 'ab'.repeat(32) };
    const result = await runCli(cli, ['ls'], wrongSecret);
    assertOneLineError(result, 1, /API key/);
    assert.ok(!result.stderr.includes('ab'.repeat(32)), 'the key is not echoed');
  });

  it('usage errors exit 2; --help and --version exit 0', async () => {
    assertOneLineError(await run(['frobnicate']), 2, /unknown command "frobnicate"/);
    assertOneLineError(await run(['get']), 2, /exactly one ID/);
    assertOneLineError(await run(['get', id(1), '--json', '--field', 'password']), 2, /either --json or --field/);
    assertOneLineError(await run(['get', id(1), '--field', 'colour']), 2, /unknown field "colour"/);
    assertOneLineError(await run(['ls'], { PSONO_SERVER_URL: server.url }), 2, /missing environment variables PSONO_API_KEY_ID, PSONO_API_KEY_PRIVATE_KEY, PSONO_API_KEY_SECRET_KEY, PSONO_SERVER_SIGNATURE/);
    assertOneLineError(await run(['ls'], { ...env, PSONO_API_KEY_ID: 'not-a-uuid' }), 2, /API_KEY_ID must be a UUID/);
    assertOneLineError(await run(['ls'], { ...env, PSONO_SERVER_URL: 'http://127.0.0.1:9/server' }), 1, /Cannot reach the Psono server/);
    for (const args of [['--help'], ['ls', '--help'], ['help', 'get'], ['totp', '--help']]) {
      const help = await run(args, {});
      assert.equal(help.code, 0);
      assert.match(help.stdout, /^Usage: psono/);
    }
    const version = await run(['--version'], {});
    assert.equal(version.stdout, `psono ${(JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version}\n`);
  });
});
