/**
 * One unlock in a fresh process, as the app's first unlock after start: libsodium is loaded first
 * (main does that at startup), nothing else is warm. Prints {"ms": …} on stdout.
 */
import type { DevServerApiKey } from '../devserver/index';
import { enableFastCrypto } from '../src/core/crypto';
import { closeUnlocked, credentialsOf, unlockOurs } from './unlock';

const key = JSON.parse(process.env['BENCH_COLD_KEY'] ?? 'null') as DevServerApiKey | null;
if (key === null) {
  console.error('bench: cold-child needs BENCH_COLD_KEY');
  process.exit(2);
}
await enableFastCrypto();
const unlocked = await unlockOurs(credentialsOf(key));
await closeUnlocked(unlocked);
console.log(JSON.stringify({ ms: unlocked.ms }));
