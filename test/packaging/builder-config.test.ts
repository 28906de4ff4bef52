// electron-builder.yml, checked offline: electron-builder's own schema, every fuse, what goes into
// app.asar (judged by electron-builder's own file matcher), and the per-OS targets.
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { describe, test } from 'node:test';
import { loadBuilderConfig, validateBuilderConfig, type BuilderConfig } from '../../scripts/validate-builder';

const config = loadBuilderConfig('electron-builder.yml');
const packageJson = JSON.parse(readFileSync('package.json', 'utf8')) as Record<string, unknown>;

function section(name: string): Record<string, unknown> {
  const value = config[name];
  assert.ok(typeof value === 'object' && value !== null, `electron-builder.yml has no "${name}" section`);
  return value as Record<string, unknown>;
}

describe('electron-builder.yml against electron-builder 26.17.0 schema (offline)', () => {
  test('the file is valid', { timeout: 60_000 }, async () => {
    await validateBuilderConfig(config);
  });

  test('the validator is live: a misspelt option and a misplaced fuse are rejected', { timeout: 60_000 }, async () => {
    const misspelt: BuilderConfig = { ...config, linux: { ...section('linux'), categroy: 'Utility' } };
    await assert.rejects(validateBuilderConfig(misspelt), /does not match the API schema/);
    const badFuse: BuilderConfig = { ...config, electronFuses: { ...section('electronFuses'), runAsNodee: false } };
    await assert.rejects(validateBuilderConfig(badFuse), /does not match the API schema/);
  });
});

describe('fuses (Electron security checklist #19)', () => {
  test('every fuse has the hardened value', () => {
    assert.deepEqual(section('electronFuses'), {
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
      loadBrowserProcessSpecificV8Snapshot: false,
    });
  });

  test('asar integrity can actually be checked: app is packed into asar and integrity is not disabled', () => {
    assert.equal(config.asar, true);
    assert.notEqual(config.disableAsarIntegrity, true);
  });
});

describe('what goes into app.asar', () => {
  interface FileMatcherModule {
    FileMatcher: new (from: string, to: string, expand: (pattern: string) => string, patterns: string[]) => {
      createFilter(): (file: string, stat: { isDirectory(): boolean; moduleFullFilePath?: string }) => boolean;
    };
  }
  // electron-builder's own matcher, so the patterns mean here what they mean when packaging.
  const builderRequire = createRequire(createRequire(import.meta.url).resolve('app-builder-lib/package.json'));
  const { FileMatcher } = builderRequire('./out/fileMatcher') as FileMatcherModule;
  const root = resolve('.');
  const patterns = config.files as string[];
  const included = (relative: string): boolean =>
    new FileMatcher(root, '/', (p) => p, patterns).createFilter()(resolve(root, relative), { isDirectory: () => false });

  test('the bundles and package.json are packed', () => {
    for (const file of ['package.json', 'dist/main/index.cjs', 'dist/preload/search-window.cjs', 'dist/renderer/app.js', 'dist/renderer/index.html', 'dist/resources/tray/tray-lockedTemplate.png']) {
      assert.ok(included(file), `${file} should be packed`);
    }
  });

  test('sources, tests, dev server, scripts, CLI and source maps are not packed', () => {
    for (const file of ['src/main/index.ts', 'src/core/result.ts', 'test/fixtures/psono-vectors.json', 'test/packaging/builder-config.test.ts',
      'devserver/seed.ts', 'devserver/vaults/demo.json', 'scripts/build.mjs', 'bench/run.ts', 'build/icon-source.svg',
      'docs/SECURITY.md', 'dist/cli/psono.cjs', 'dist/cli/psono-main.cjs', 'dist/main/index.cjs.map', 'electron-builder.yml', '.ci/run']) {
      assert.ok(!included(file), `${file} must not be packed`);
    }
  });

  test('the package entry point is among the packed files', () => {
    assert.equal(typeof packageJson.main, 'string');
    assert.ok(included(packageJson.main as string), `package.json main (${String(packageJson.main)}) is not packed`);
  });

  test('the CLI ships beside app.asar in resources/cli, and the deb puts it on the PATH as psono', () => {
    assert.deepEqual(config.extraResources, [{ from: 'dist/cli', to: 'cli', filter: ['psono.cjs', 'psono-main.cjs', 'THIRD_PARTY_NOTICES.txt'] }]);
    assert.deepEqual(section('deb').fpm, ['build/linux/psono=/usr/bin/psono']);
    // The deb installs the app into /opt/<productName>; the wrapper must point at the shipped bundle there.
    const wrapper = readFileSync('build/linux/psono', 'utf8');
    assert.match(wrapper, /^#!\/bin\/sh\n/);
    assert.ok(wrapper.includes(`exec node "/opt/${String(config.productName)}/resources/cli/psono.cjs" "$@"`), wrapper);
    assert.ok((statSync('build/linux/psono').mode & 0o111) !== 0, 'the wrapper is executable');
    assert.notEqual(section('linux').executableName, 'psono', 'the desktop executable keeps its own name');
  });

  test('native keychain module is unpacked from asar and never rebuilt', () => {
    const unpack = config.asarUnpack as string[];
    assert.ok(unpack.some((pattern) => pattern.includes('@github/keytar') && pattern.endsWith('*.node')), 'keytar .node files must be unpacked');
    assert.ok(unpack.some((pattern) => pattern.includes('@koromix/koffi-') && pattern.endsWith('*.node')), 'koffi .node files must be unpacked');
    assert.equal(config.npmRebuild, false);
  });
});

describe('targets and desktop integration', () => {
  test('identity', () => {
    assert.equal(config.appId, 'io.github.psonotray.app');
    assert.equal(config.productName, 'Psono Tray');
  });

  test('Linux: AppImage, deb and tar.gz with a desktop entry that matches the window class', () => {
    const linux = section('linux');
    assert.deepEqual(linux.target, ['AppImage', 'deb', 'tar.gz']);
    assert.equal(linux.executableName, 'psono-tray');
    // electron-builder writes linux.category (plus a trailing ';') as Categories=.
    assert.equal(linux.category, 'Utility;Security');
    const entry = (linux.desktop as { entry: Record<string, string> }).entry;
    // Electron takes the Wayland app_id / WM_CLASS from package.json desktopName; they must agree.
    assert.equal(packageJson.desktopName, 'psono-tray.desktop');
    assert.equal(entry.StartupWMClass, 'psono-tray');
    assert.equal(linux.syncDesktopName, true);
    assert.equal(entry.Exec, undefined, 'electron-builder refuses desktop.entry.Exec; use executableName');
    assert.equal(linux.icon, 'build/icons');
  });

  test('deb has the metadata electron-builder requires (homepage, maintainer e-mail)', () => {
    assert.match(String(packageJson.homepage), /^https:\/\//);
    assert.match(String(packageJson.author), /<[^>]+@[^>]+>/);
  });

  test('macOS: dmg for x64 and arm64, hardened runtime with only the JIT entitlement', () => {
    const mac = section('mac');
    assert.deepEqual(mac.target, [{ target: 'dmg', arch: ['x64', 'arm64'] }]);
    assert.equal(mac.hardenedRuntime, true);
    assert.match(String(mac.category), /^public\.app-category\./);
    const entitlements = readFileSync(String(mac.entitlements), 'utf8');
    const keys = [...entitlements.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1]);
    assert.deepEqual(keys, ['com.apple.security.cs.allow-jit']);
  });

  test('Windows: assisted per-user nsis installer', () => {
    assert.deepEqual(section('win').target, [{ target: 'nsis', arch: ['x64', 'arm64'] }]);
    const nsis = section('nsis');
    assert.equal(nsis.oneClick, false);
    assert.equal(nsis.perMachine, false);
  });

  test('npm run dist exists and builds with the production define (devtools off)', () => {
    const scripts = packageJson.scripts as Record<string, string>;
    assert.equal(scripts.dist, 'node scripts/dist.mjs');
    const dist = readFileSync('scripts/dist.mjs', 'utf8');
    assert.match(dist, /NODE_ENV: 'production'/);
    assert.match(dist, /--publish', 'never'/);
  });
});
