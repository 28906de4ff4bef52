// Bundles each runtime with esbuild into dist/. The sandboxed preload cannot require local
// modules, so it is a single file; the renderer is a browser bundle loaded from app://.
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

import { noticesFor } from './notices.mjs';

const production = process.env.NODE_ENV === 'production';
const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  legalComments: 'none',
  // React and our own dev-only paths are dropped from production bundles.
  define: { 'process.env.PSONO_TRAY_DEV': production ? '"0"' : '"1"', 'process.env.NODE_ENV': production ? '"production"' : '"development"' },
};

const cliDefine = { ...common.define, __PSONO_TRAY_VERSION__: JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version) };
const targets = [
  { entry: 'src/main/index.ts', outfile: 'dist/main/index.cjs', platform: 'node', format: 'cjs', external: ['electron', '@github/keytar', '@jellybrick/dbus-next', 'koffi'], target: 'node20' },
  { entry: 'src/preload/search-window.ts', outfile: 'dist/preload/search-window.cjs', platform: 'browser', format: 'cjs', external: ['electron'], target: 'chrome130' },
  { entry: 'src/renderer/main.tsx', outfile: 'dist/renderer/app.js', platform: 'browser', format: 'iife', target: 'chrome130', jsx: 'automatic', loader: { '.svg': 'text' } },
  // The CLI: a small front (the executable, which asks a running agent) and the full CLI it loads otherwise.
  { entry: 'src/cli/front.ts', outfile: 'dist/cli/psono.cjs', platform: 'node', format: 'cjs', target: 'node20', banner: { js: '#!/usr/bin/env node' }, define: cliDefine },
  { entry: 'src/cli/index.ts', outfile: 'dist/cli/psono-main.cjs', platform: 'node', format: 'cjs', target: 'node20', banner: { js: '#!/usr/bin/env node' }, external: ['@github/keytar'], define: cliDefine },
];

rmSync('dist', { recursive: true, force: true });
// The app ships dist/ without dist/cli; the CLI ships on its own: a notices file for each.
const inputsOf = { app: [], cli: [] };
for (const { entry, ...options } of targets) {
  const { metafile } = await build({ ...common, entryPoints: [entry], ...options, metafile: true });
  inputsOf[entry.startsWith('src/cli/') ? 'cli' : 'app'].push(...Object.keys(metafile.inputs));
}
writeFileSync('dist/THIRD_PARTY_NOTICES.txt', noticesFor(inputsOf.app));
writeFileSync('dist/cli/THIRD_PARTY_NOTICES.txt', noticesFor(inputsOf.cli));
if (existsSync('src/renderer/static')) {
  mkdirSync('dist/renderer', { recursive: true });
  cpSync('src/renderer/static', 'dist/renderer', { recursive: true });
}
if (existsSync('resources')) {
  cpSync('resources', 'dist/resources', { recursive: true });
}
console.log(`build: ${targets.length} bundles written to dist/ (${production ? 'production' : 'development'})`);
