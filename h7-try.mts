import { readFileSync } from 'node:fs';
import { cliEnvironment, startDevServer, type VaultSeed } from './devserver/index';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
const ex = promisify(execFile);
const seed = JSON.parse(readFileSync('test/fixtures/vaults/cli-vault.json', 'utf8')) as VaultSeed;
const server = await startDevServer({ seed });
const env = { PATH: process.env.PATH!, ...cliEnvironment(server.apiKey('tray')) };
const cases = JSON.parse(process.argv[2]!) as string[][];
for (const args of cases) {
  try { const out = await ex(process.execPath, ['dist/cli/psono-tray.cjs', ...args], { env, encoding: 'utf8' }); console.log('$', args.join(' '), '\n' + out.stdout + '|ERR:' + out.stderr); }
  catch (e: any) { console.log('$', args.join(' '), 'EXIT', e.code, JSON.stringify(e.stdout), e.stderr); }
}
await server.close();
