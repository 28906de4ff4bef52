// `npm run dist [-- electron-builder args]`: production bundles, config check, then installers for
// this OS (Linux: AppImage, deb, tar.gz; macOS: dmg x64+arm64; Windows: nsis). Needs internet:
// electron-builder downloads Electron and its packaging tools. Output goes to release/.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { stdio: 'inherit', env, shell: process.platform === 'win32' });
  if (result.status !== 0) {
    process.exit(result.status ?? 1);
  }
}

// Production bundles: no source maps, PSONO_TRAY_DEV=0 (devtools off in the packaged app).
run(process.execPath, ['scripts/build.mjs'], { ...process.env, NODE_ENV: 'production' });
if (!existsSync('dist/main/index.cjs')) {
  console.error('dist: dist/main/index.cjs was not built; the app cannot be packaged without the main process.');
  process.exit(1);
}
run(process.execPath, ['--import', 'tsx', 'scripts/validate-builder.ts']);
run(process.execPath, ['node_modules/electron-builder/cli.js', '--publish', 'never', ...process.argv.slice(2)]);
