/**
 * Measures dev-server startup (generate + encrypt + listen) for synthetic vaults:
 *   node --expose-gc --import tsx devserver/measure-startup.ts [N ...]   (default 10000 50000)
 * Prints wall and CPU time (CPU time is the stable number on a busy machine).
 */
import { generateVault } from './generate';
import { startDevServer } from './index';

const sizes = process.argv.slice(2).map(Number).filter((n) => Number.isInteger(n) && n > 0);
for (const items of sizes.length > 0 ? sizes : [10_000, 50_000]) {
  (globalThis as { gc?: () => void }).gc?.();
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const server = await startDevServer({ seed: generateVault({ items, shares: 20, depth: 3 }) });
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  process.stdout.write(`${items} items, 20 shares: startup ${wallMs.toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU, rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB\n`);
  await server.close();
}
