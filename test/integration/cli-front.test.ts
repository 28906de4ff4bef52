/**
 * `psono --version` is answered by the executable's small front bundle alone: the full CLI is
 * several times larger to parse, which a version check should not pay.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { buildCli, runCli, type BuiltCli } from './cli-helpers';

describe('the CLI front end', () => {
  let cli: BuiltCli;
  before(async () => {
    cli = await buildCli();
  });
  after(() => cli?.cleanup());

  it('prints the version without loading the full CLI', async () => {
    const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
    rmSync(join(dirname(cli.path), 'psono-main.cjs'));
    const result = await runCli(cli, ['--version'], {});
    assert.equal(result.stdout, `psono ${version}\n`, result.stderr);
    assert.equal(result.code, 0);
  });
});
