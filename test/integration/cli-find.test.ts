/**
 * The built CLI finding entries by name (test/fixtures/vaults/cli-names.json: the same title in
 * two folders and once in another case, a '/' in a title, ids with a shared prefix, a title that
 * looks like an id prefix, control characters in names, two unreadable shares) and printing for
 * pipes and terminals.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { referenceTotp, runCli, startCliTestbed, vaultSeed, type BuiltCli, type CliRun, type CliTestbed } from './cli-helpers';

const seed = vaultSeed('cli-names');
// 23 entries of one title: more candidates than an ambiguity lists.
const MANY = 23;
seed.datastores[0]!.folders!.push({
  name: 'Many',
  items: Array.from({ length: MANY }, (_, i) => ({ type: 'note' as const, secret: { note_title: 'Same', note_notes: `n${i}` } })),
});
const WORK_DB = 'abcd1000-0000-4000-8000-000000000001';
const OLD_DB = 'abcd2000-0000-4000-8000-000000000002';
const EVIL = 'e0000000-0000-4000-8000-000000000005';
// Any C0 except the line feed that ends each line, DEL and C1: what a terminal would act on.
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

let bed: CliTestbed;
let cli: BuiltCli;
let env: Record<string, string>;

before(async () => {
  bed = await startCliTestbed({ seed, apiKey: 'bob' });
  ({ cli, env } = bed);
});

after(() => bed?.close());

const run = (args: string[]): Promise<CliRun> => runCli(cli, [...args, '--quiet'], env);

async function password(reference: string): Promise<string> {
  const result = await run(['get', reference, '--field', 'password']);
  assert.equal(result.code, 0, `${reference}: ${result.stderr}`);
  return result.stdout;
}

function assertNotFound(result: CliRun, pattern: RegExp): void {
  assert.equal(result.code, 3, result.stderr);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, pattern);
}

describe('psono get by name', () => {
  it('takes a folder path ending in the title', async () => {
    assert.equal(await password('Work/Database (prod)'), 'pw-work\n');
    assert.equal(await password('Old/Database (prod)'), 'pw-old\n');
  });

  it('prefers the case-sensitive title over case-insensitive matches', async () => {
    assert.equal(await password('database (prod)'), 'pw-lower\n');
  });

  it('falls back to case-insensitive path and title', async () => {
    assert.equal(await password('work/DATABASE (PROD)'), 'pw-work\n');
    const title = await run(['get', 'personal/TOKEN', '--field', 'title']);
    assert.equal(title.stdout, 'Token\n', title.stderr);
  });

  it('lists the candidates of an ambiguous title on stderr (no secret) and exits 3', async () => {
    const result = await run(['get', 'Database (prod)', '--field', 'password']);
    assert.equal(result.code, 3);
    assert.equal(result.stdout, '');
    const [first, ...candidates] = result.stderr.trimEnd().split('\n');
    assert.equal(first, 'psono: "Database (prod)" matches 2 entries; use one of these ids:');
    assert.deepEqual(candidates, [
      `  ${WORK_DB}  application_password  Work/Database (prod)  dba`,
      `  ${OLD_DB}  application_password  Old/Database (prod)`,
    ]);
    assert.doesNotMatch(result.stderr, /pw-/);
  });

  it('lists at most 20 candidates and says how many more there are', async () => {
    const result = await run(['get', 'Same']);
    assert.equal(result.code, 3);
    const lines = result.stderr.trimEnd().split('\n');
    assert.equal(lines[0], `psono: "Same" matches ${MANY} entries; use one of these ids:`);
    assert.equal(lines.length, 1 + 20 + 1);
    assert.ok(lines.slice(1, 21).every((line) => / {2}note {2}Many\/Same$/.test(line)), lines.join('\n'));
    assert.equal(lines[21], `  … and ${MANY - 20} more`);
  });

  it("reads \\/ as a '/' inside a name and \\\\ as a backslash", async () => {
    assert.equal(await password('Slashes/a\\/b\\\\c'), 'pw-slash\n');
    assert.equal(await password('a\\/b\\\\c'), 'pw-slash\n');
    assertNotFound(await run(['get', 'Slashes/a/b\\\\c']), /^psono: no entry matches "Slashes\/a\/b\\\\c"/);
  });

  it('takes a unique id or secret id prefix of at least 4 hex digits; exact titles win over prefixes', async () => {
    assert.equal(await password('abcd2'), 'pw-old\n');
    assert.equal(await password('5ec00000-0000-4000-8000-000000000001'.slice(0, 36)), 'pw-work\n');
    assert.equal(await password('ABCD1000-0000'), 'pw-work\n');
    // "abcd1" is also the title of another entry: the exact title wins.
    assert.equal(await password('abcd1'), 'title-looks-like-an-id\n');
    const ambiguous = await run(['get', 'abcd']);
    assert.equal(ambiguous.code, 3);
    assert.match(ambiguous.stderr, /"abcd" matches 2 entries/);
    assertNotFound(await run(['get', 'abc']), /no entry matches "abc"/);
  });

  it('totp takes names too', async () => {
    const now = Math.floor(Date.now() / 1000);
    const result = await run(['totp', 'Personal/Token']);
    assert.equal(result.code, 0, result.stderr);
    assert.ok([referenceTotp('JBSWY3DPEHPK3PXP', now, 6, 30, 'sha1'), referenceTotp('JBSWY3DPEHPK3PXP', now + 2, 6, 30, 'sha1')].includes(result.stdout.trim()));
  });
});

describe('psono output for pipes', () => {
  it('--field ends the value with a newline, -n/--no-newline prints it bare', async () => {
    assert.equal((await run(['get', 'Work/Database (prod)', '--field', 'password'])).stdout, 'pw-work\n');
    assert.equal((await run(['get', 'Work/Database (prod)', '--field', 'password', '-n'])).stdout, 'pw-work');
    assert.equal((await run(['get', 'Work/Database (prod)', '--no-newline', '--field', 'username'])).stdout, 'dba');
    assert.match((await run(['totp', 'Token', '-n'])).stdout, /^\d{6}$/);
  });

  it('totp --json gives code, seconds_remaining, period and digits', async () => {
    const result = await run(['totp', 'Token', '--json']);
    assert.equal(result.code, 0, result.stderr);
    const parsed = JSON.parse(result.stdout) as Record<string, unknown>;
    assert.deepEqual(Object.keys(parsed), ['code', 'seconds_remaining', 'period', 'digits']);
    assert.match(String(parsed['code']), /^\d{6}$/);
    assert.equal(parsed['period'], 30);
    assert.equal(parsed['digits'], 6);
    assert.ok(Number(parsed['seconds_remaining']) >= 1 && Number(parsed['seconds_remaining']) <= 30);
  });

  it('reports unreadable shares once, as a count with their names, escaped; --quiet silences it', async () => {
    const loud = await runCli(cli, ['ls'], env);
    assert.equal(loud.code, 0);
    assert.equal(loud.stderr, 'psono: warning: 2 shares are not readable with this API key and skipped: "Finance", "H\\x1bR \\"people\\""\n');
    for (const quiet of ['--quiet', '-q']) {
      const result = await runCli(cli, ['get', 'Token', '--field', 'title', quiet], env);
      assert.equal(result.stderr, '', quiet);
      assert.equal(result.stdout, 'Token\n');
    }
  });
});

describe('psono and control characters in names', () => {
  it('escapes them in ls, in get details and in error messages, but keeps JSON exact', async () => {
    const ls = await run(['ls']);
    assert.doesNotMatch(ls.stdout, RAW_CONTROL, 'no raw control character');
    assert.ok(ls.stdout.includes(`${EVIL}  application_password   Bad\\x07folder/Evil\\x1b[31mred\\x9b  user\\x1b]0;owned\\x07\n`), ls.stdout);
    const details = await run(['get', EVIL]);
    assert.doesNotMatch(details.stdout, RAW_CONTROL);
    assert.match(details.stdout, /^Username: {2}x\\x1b\[2Jy$/m);
    const missing = await run(['get', 'no\u001bsuch']);
    assert.equal(missing.code, 3);
    assert.ok(missing.stderr.includes('"no\\x1bsuch"'), missing.stderr);
    assert.doesNotMatch(missing.stderr, RAW_CONTROL);
    const json = JSON.parse((await run(['ls', '--json'])).stdout) as Array<{ id: string; title: string; path: string[] }>;
    const evil = json.find((entry) => entry.id === EVIL)!;
    assert.equal(evil.title, 'Evil\u001b[31mred\u009b');
    assert.deepEqual(evil.path, ['Bad\u0007folder']);
  });
});
