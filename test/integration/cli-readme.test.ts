/**
 * Every `psono` example in README.md's "Command line" section, run by bash against the dev
 * server with the demo vault (what `npm run devserver` serves), must succeed. A pipe into xclip
 * goes to a function that swallows its input; `psono copy` runs on a private X server (Xvfb) with
 * the real xclip, as in cli-copy.test.ts, which tests the clipboard itself.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { startCliTestbed, type CliTestbed } from './cli-helpers';
import { HAS_XCLIP, startXvfb, type Xvfb } from './xvfb';


function readmeExamples(): string[] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Command line'));
  const block = /```bash\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block.split('\n').filter((line) => line.startsWith('psono '));
}

let bed: CliTestbed;
let x: Xvfb | null = null;
/** The agent's socket folder for this test alone (the README starts and locks one). */
const runtime = mkdtempSync(join(tmpdir(), 'psono-readme-runtime-'));

before(async () => {
  [bed, x] = await Promise.all([startCliTestbed({ seed: 'demo', apiKey: 'demo' }), HAS_XCLIP ? startXvfb() : null]);
});

after(async () => {
  await bash('psono lock');
  // The copy's holder ends with the X server (its xclip loses the display).
  x?.stop();
  await bed?.close();
  rmSync(runtime, { recursive: true, force: true });
});

function bash(line: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const script = `psono() { ${JSON.stringify(process.execPath)} ${JSON.stringify(bed.cli.path)} "$@"; }\nxclip() { cat > /dev/null; }\nset -o pipefail\n${line}\n`;
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', script], { env: { PATH: process.env['PATH'] ?? '', XDG_RUNTIME_DIR: runtime, ...(x ? { DISPLAY: x.display } : {}), ...bed.env } });
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
      if (line.startsWith('psono copy ') && x === null) {
        // Without Xvfb and xclip (scripts/install-test-deps.sh installs them) copy has no clipboard.
        continue;
      }
      const result = await bash(line);
      assert.equal(result.code, 0, `${line}\n${result.stderr}`);
      // Starting and locking the agent report on stderr only.
      if (!line.includes('| xclip') && !/^psono (agent start|lock|copy)\b/.test(line)) {
        assert.notEqual(result.stdout, '', line);
      }
    }
  });
});
