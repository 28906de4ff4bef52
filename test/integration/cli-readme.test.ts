/**
 * Every `psono-tray` example in README.md's "Command line" section, run by bash against the dev
 * server with the demo vault (what `npm run devserver` serves), must succeed. xclip is replaced
 * by a function that swallows its input: the clipboard is not what is under test here.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';

import { cliEnvironment, startDevServer, type DevServer, type VaultSeed } from '../../devserver/index';
import { buildCli, type BuiltCli } from './cli-helpers';

const demo = JSON.parse(readFileSync(new URL('../../devserver/vaults/demo.json', import.meta.url), 'utf8')) as VaultSeed;

function readmeExamples(): string[] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Command line'));
  const block = /```bash\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block.split('\n').filter((line) => line.startsWith('psono-tray '));
}

let server: DevServer;
let cli: BuiltCli;

before(async () => {
  [server, cli] = await Promise.all([startDevServer({ seed: demo }), buildCli()]);
});

after(async () => {
  await server?.close();
  cli?.cleanup();
});

function bash(line: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const script = `psono-tray() { ${JSON.stringify(process.execPath)} ${JSON.stringify(cli.path)} "$@"; }\nxclip() { cat > /dev/null; }\nset -o pipefail\n${line}\n`;
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', script], { env: { PATH: process.env['PATH'] ?? '', ...cliEnvironment(server.apiKey('demo')) } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe("README's command-line examples", () => {
  it('are there, and each one runs with exit status 0 and some output', async () => {
    const examples = readmeExamples();
    assert.ok(examples.length >= 7, `found ${examples.length} examples`);
    for (const line of examples) {
      const result = await bash(line);
      assert.equal(result.code, 0, `${line}\n${result.stderr}`);
      if (!line.includes('| xclip')) {
        assert.notEqual(result.stdout, '', line);
      }
    }
  });
});
