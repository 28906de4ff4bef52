/**
 * Client-only profile of unlock → searchable (the server runs in its own process):
 *   node --cpu-prof --cpu-prof-dir=.tmp/prof --import tsx bench/profile-unlock.ts 10000 5
 * Open the .cpuprofile in Chrome DevTools (Performance) or speedscope.
 */
import { startServer } from './server';
import { closeUnlocked, credentialsOf, unlockOurs } from './unlock';

const items = Number(process.argv[2] ?? 10000);
const rounds = Number(process.argv[3] ?? 5);
const server = await startServer(items);
try {
  const credentials = credentialsOf(server.key);
  for (let round = 0; round < rounds; round++) {
    const unlocked = await unlockOurs(credentials);
    const { timings } = unlocked.vault.stats;
    console.log(`unlock ${Math.round(unlocked.ms)} ms (datastores ${Math.round(timings.datastoresMs)}, shares ${Math.round(timings.sharesMs)}, entries ${Math.round(timings.indexMs)}, search index ${Math.round(unlocked.indexMs)})`);
    await closeUnlocked(unlocked);
  }
} finally {
  await server.close();
}
