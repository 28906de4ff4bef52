/**
 * The benchmark vault: the dev server's generator (N items of ~1 KiB, realistic titles/URLs/paths,
 * S folder shares nested up to depth 3), plus a second mount for every tenth share — teams mount
 * a share in two places, and a reader without a share cache pays for it twice.
 */
import { generateContent, type SeedFolder, type SeedFolderNode, type VaultSeed } from '../devserver/index';

export const BENCH_SEED = 'bench-v1';

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
  return {
    seed: BENCH_SEED,
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
