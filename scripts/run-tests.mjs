// Runs every test/**/*.test.ts with node:test. Node 20's --test does not expand globs, so we list files.
// Optional arguments filter by path substring: `node scripts/run-tests.mjs core/crypto`.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function findTests(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {found.push(...findTests(path));}
    else if (name.endsWith('.test.ts') || name.endsWith('.test.tsx')) {found.push(path);}
  }
  return found;
}

const filters = process.argv.slice(2);
const files = findTests('test')
  .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--import', './test/harness/register.mjs', '--test', '--test-reporter=spec', ...files],
  { stdio: 'inherit', env: { ...process.env, PSONO_TRAY_TEST: '1' } },
);
process.exit(result.status ?? 1);
