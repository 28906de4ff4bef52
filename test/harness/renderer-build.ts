/**
 * Builds the real renderer (src/renderer) into a temporary folder once per test process, the way
 * scripts/build.mjs does for dist/renderer, so harness tests never depend on a stale dist/.
 */
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const PROBE_RENDERER_DIR = fileURLToPath(new URL('./probe-renderer', import.meta.url));

let built: Promise<string> | null = null;

export function buildRenderer(): Promise<string> {
  built ??= (async () => {
    const entry = path.join(REPO, 'src/renderer/main.tsx');
    if (!existsSync(entry)) {
      throw new Error('src/renderer/main.tsx does not exist yet; use the probe renderer');
    }
    const out = mkdtempSync(path.join(tmpdir(), 'psono-tray-renderer-'));
    const { build } = await import('esbuild');
    await build({
      entryPoints: [entry],
      outfile: path.join(out, 'app.js'),
      bundle: true,
      platform: 'browser',
      format: 'iife',
      target: 'chrome130',
      jsx: 'automatic',
      loader: { '.svg': 'text' },
      define: { 'process.env.PSONO_TRAY_DEV': '"1"' },
      logLevel: 'warning',
    });
    const staticDir = path.join(REPO, 'src/renderer/static');
    if (existsSync(staticDir)) {
      cpSync(staticDir, out, { recursive: true });
    }
    return out;
  })();
  return built;
}
