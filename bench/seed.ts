/**
 * The benchmark vaults, from the dev server's generator (N items of ~1 KiB, realistic
 * titles/URLs/paths). `benchSeed`: S folder shares nested up to depth 3, plus a second mount for
 * every tenth share — teams mount a share in two places, and a reader without a share cache pays
 * for it twice. `coldCliSeed`: three shares, one of them inside another.
 */
import { generateContent, type SeedFolder, type SeedFolderNode, type VaultSeed } from '../devserver/index';

export const BENCH_SEED = 'bench-v1';
/** The generator's first choices for this seed put shares 0 and 1 in the datastore, share 2 inside one of them (checked). */
const COLD_CLI_SEED = 'cold-cli-2';

export function benchSeed(items: number, shares: number): VaultSeed {
  const content = generateContent({ items, shares, depth: 3, seed: BENCH_SEED, secretBytes: 1024 });
  // Datastore top-level folders are never inside a share, so a second mount there cannot form a cycle.
  const topFolders = content.folders.filter((node: SeedFolderNode): node is SeedFolder => !('share' in node));
  content.shares.forEach((share, i) => {
    if (i % 10 === 5 && topFolders.length > 0) {
      const target = topFolders[(i / 10) % topFolders.length | 0]!;
      (target.folders ??= []).push({ share: share.ref, name: `${share.name} (also here)` });
    }
  });
  return seedOf(BENCH_SEED, content);
}

export function coldCliSeed(items: number): VaultSeed {
  const content = generateContent({ items, shares: 3, depth: 2, seed: COLD_CLI_SEED, secretBytes: 1024 });
  const nested = content.shares.filter((share) => content.shares.some((parent) => (parent.folders ?? []).some((node) => 'share' in node && node.share === share.ref)));
  if (nested.length !== 1) {
    throw new Error(`bench: the cold CLI vault should have one nested share of three, has ${nested.length}`);
  }
  return seedOf(COLD_CLI_SEED, content);
}

function seedOf(seed: string, content: ReturnType<typeof generateContent>): VaultSeed {
  return {
    seed,
    user: { username: 'bench@example.com' },
    datastores: [
      { type: 'password', description: 'Default', folders: content.folders, items: content.items },
      { type: 'user' },
      { type: 'settings', settings: [{ key: 'setting_clipboard_clear_delay', value: 30 }] },
    ],
    shares: content.shares,
    apiKeys: [{ name: 'bench' }],
  };
}
