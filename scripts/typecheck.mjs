// Type-checks each runtime with its own tsconfig, so code written for the wrong process fails here.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const projects = ['core', 'platform', 'main', 'preload', 'renderer', 'cli', 'test'];
const only = process.argv.slice(2);
let failed = false;
for (const name of only.length > 0 ? only : projects) {
  const config = `tsconfig.${name}.json`;
  if (!existsSync(config)) {continue;}
  const started = Date.now();
  const result = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', config], { encoding: 'utf8' });
  if (result.status !== 0 && result.stdout.includes('TS18003')) {
    console.log(`typecheck ${name}: no source files yet`);
    continue;
  }
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  console.log(`typecheck ${name}: ${result.status === 0 ? 'ok' : 'FAILED'} (${Date.now() - started} ms)`);
  if (result.status !== 0) {failed = true;}
}
process.exit(failed ? 1 : 0);
