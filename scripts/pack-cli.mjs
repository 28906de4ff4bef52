// `npm run pack:cli [-- --out DIR]`: packs the built CLI (dist/cli, from `npm run build`: the
// executable psono.cjs and the full CLI psono-main.cjs it loads) as the npm
// package `psono-cli`, whose executable is `psono` (the desktop app's is `psono-tray`). The bundle
// inlines every dependency, libsodium's WASM included (as base64), and needs nothing but Node's own
// modules, so the tarball has no dependencies and `npm install -g ./psono-cli-X.tgz --offline` works.
// `--from DIR` packs a CLI built elsewhere (default dist/cli). Prints the tarball's path.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { out: { type: 'string', default: 'release' }, from: { type: 'string', default: 'dist/cli' } } });
const out = resolve(values.out);
const bundles = ['psono.cjs', 'psono-main.cjs'];
const notices = join(values.from, 'THIRD_PARTY_NOTICES.txt');
for (const file of [...bundles.map((name) => join(values.from, name)), notices]) {
  if (!existsSync(file)) {
    console.error(`pack:cli: ${file} is missing; run npm run build first (NODE_ENV=production for a minified bundle).`);
    process.exit(1);
  }
}

const root = JSON.parse(readFileSync('package.json', 'utf8'));
const manifest = {
  name: 'psono-cli',
  version: root.version,
  description: 'The Psono password manager from the command line, driven by a Psono API key (the CLI of Psono Tray).',
  author: root.author,
  homepage: root.homepage,
  license: root.license,
  bin: { psono: 'psono.cjs' },
  files: [...bundles, 'THIRD_PARTY_NOTICES.txt', 'README.md'],
  engines: root.engines,
};

const staging = mkdtempSync(join(tmpdir(), 'psono-cli-pack-'));
try {
  for (const name of bundles) {
    // The source maps stay out of the package, so the bundles' pointers to them go too.
    const code = readFileSync(join(values.from, name), 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
    writeFileSync(join(staging, name), code, { mode: 0o755 });
  }
  copyFileSync(notices, join(staging, 'THIRD_PARTY_NOTICES.txt'));
  writeFileSync(join(staging, 'README.md'), [
    '# psono-cli',
    '',
    'Read a Psono vault from the command line with an API key: `psono ls`, `psono search`, `psono get`,',
    '`psono totp`, `psono env`, `psono run`. `psono --help` lists the commands and the credentials they need.',
    'Bundled third-party code and its licences: THIRD_PARTY_NOTICES.txt.',
    '',
  ].join('\n'));
  writeFileSync(join(staging, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  mkdirSync(out, { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const packed = spawnSync(npm, ['pack', '--json', '--pack-destination', out], { cwd: staging, encoding: 'utf8', shell: process.platform === 'win32' });
  if (packed.status !== 0) {
    console.error(`pack:cli: npm pack failed:\n${packed.stderr}`);
    process.exit(1);
  }
  const [{ filename }] = JSON.parse(packed.stdout);
  console.log(join(out, filename));
} finally {
  rmSync(staging, { recursive: true, force: true });
}
