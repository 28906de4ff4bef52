// Packs the real dist/ with `electron-builder --linux dir`, offline: a stand-in Electron "binary"
// (a shell script carrying Electron's fuse wire with its shipped defaults) replaces the download.
// Then reads back what matters from the output: the fuses electron-builder flipped in the binary,
// and what is inside app.asar. Real installers (AppImage/deb/dmg/nsis) need internet; not here.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadBuilderConfig } from '../../scripts/validate-builder';

const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron's fuse wire order (fuses.md / @electron/fuses FuseV1Options). */
const WIRE_ORDER = [
  'runAsNode',
  'enableCookieEncryption',
  'enableNodeOptionsEnvironmentVariable',
  'enableNodeCliInspectArguments',
  'enableEmbeddedAsarIntegrityValidation',
  'onlyLoadAppFromAsar',
  'loadBrowserProcessSpecificV8Snapshot',
  'grantFileProtocolExtraPrivileges',
] as const;
/** What a downloaded Electron ships with, before flipping. */
const SHIPPED_WIRE = '10110001';

const skip = process.platform !== 'linux'
  ? 'the stand-in Electron is a Linux executable'
  : existsSync('dist/main/index.cjs') ? false : 'dist/main/index.cjs is not built yet (npm run build)';

describe('electron-builder --linux dir with a stand-in Electron (offline)', { skip }, () => {
  let work = '';
  let unpacked = '';

  before(() => {
    work = mkdtempSync(join(tmpdir(), 'psono-pack-'));
    const electronDist = join(work, 'electron-dist');
    mkdirSync(join(electronDist, 'resources'), { recursive: true });
    const wire = Buffer.concat([Buffer.from(FUSE_SENTINEL, 'latin1'), Buffer.from([1, WIRE_ORDER.length]), Buffer.from(SHIPPED_WIRE, 'latin1')]);
    writeFileSync(join(electronDist, 'electron'), Buffer.concat([Buffer.from('#!/bin/sh\necho stand-in\nexit 0\n# '), wire, Buffer.from('\n')]));
    chmodSync(join(electronDist, 'electron'), 0o755);
    const result = spawnSync(process.execPath, ['node_modules/electron-builder/cli.js', '--linux', 'dir', '--publish', 'never',
      `-c.electronDist=${electronDist}`, '-c.electronVersion=45.5.0', `-c.directories.output=${join(work, 'out')}`], {
      encoding: 'utf8',
      timeout: 170_000,
      // A dead proxy: any download attempt fails at once instead of going out to the network.
      env: { ...process.env, HTTP_PROXY: 'http://127.0.0.1:9', HTTPS_PROXY: 'http://127.0.0.1:9', http_proxy: 'http://127.0.0.1:9', https_proxy: 'http://127.0.0.1:9', NO_PROXY: '', no_proxy: '' },
    });
    assert.equal(result.status, 0, `electron-builder failed:\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-2000)}`);
    unpacked = join(work, 'out', 'linux-unpacked');
  });

  after(() => {
    if (work !== '') {
      rmSync(work, { recursive: true, force: true });
    }
  });

  test('the packaged binary carries the configured fuses (read back from the fuse wire)', () => {
    const binary = readFileSync(join(unpacked, 'psono-tray'));
    const at = binary.indexOf(FUSE_SENTINEL, 0, 'latin1');
    assert.ok(at >= 0, 'fuse sentinel not found in the packaged executable');
    const wireStart = at + FUSE_SENTINEL.length;
    assert.equal(binary[wireStart], 1, 'fuse wire version');
    const wire = binary.subarray(wireStart + 2, wireStart + 2 + (binary[wireStart + 1] ?? 0)).toString('latin1');
    const fuses = loadBuilderConfig().electronFuses as Record<string, boolean>;
    const expected = WIRE_ORDER.map((name) => (fuses[name] ? '1' : '0')).join('');
    assert.equal(wire, expected);
    assert.equal(wire, '01001100', 'RunAsNode, NodeOptions, inspect and file:// privileges off; cookie encryption, asar integrity, asar-only on');
  });

  test('app.asar holds the bundles and package.json, and nothing from sources, tests, dev server or CLI', () => {
    const builderRequire = createRequire(createRequire(import.meta.url).resolve('electron-builder/package.json'));
    const asar = builderRequire('@electron/asar') as { listPackage(archive: string, options: object): string[] };
    const files = asar.listPackage(join(unpacked, 'resources', 'app.asar'), {}).map((f) => f.replace(/\\/g, '/'));
    for (const wanted of ['/package.json', '/dist/main/index.cjs']) {
      assert.ok(files.includes(wanted), `${wanted} missing from app.asar`);
    }
    for (const built of walk('dist').filter((f) => !f.startsWith('dist/cli/') && !f.endsWith('.map'))) {
      assert.ok(files.includes(`/${built}`), `${built} was built but is not in app.asar`);
    }
    const forbidden = files.filter((f) => /^\/(src|test|devserver|scripts|bench|build|docs|\.ci|release)\//.test(f) || f.startsWith('/dist/cli') || f.endsWith('.map')
      || /^\/node_modules\/(electron|electron-builder|playwright-core|typescript|esbuild|tsx|eslint)\//.test(f));
    assert.deepEqual(forbidden, []);
    const { main } = JSON.parse(readFileSync('package.json', 'utf8')) as { main: string };
    assert.ok(files.includes(`/${main}`), 'package.json main must be packed');
  });

  test('the CLI ships in resources/cli and runs under Node', () => {
    assert.ok(existsSync(join(unpacked, 'resources', 'cli', 'THIRD_PARTY_NOTICES.txt')), 'the CLI\'s notices ship with it');
    const result = spawnSync(process.execPath, [join(unpacked, 'resources', 'cli', 'psono.cjs'), '--version'], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });
    assert.equal(result.stdout, `psono ${(JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version}\n`, result.stderr);
  });

  test('the keychain module\'s native binary is unpacked next to app.asar', () => {
    const native = join(unpacked, 'resources', 'app.asar.unpacked', 'node_modules', '@github', 'keytar', 'prebuilds', 'linux-x64', 'keytar.node');
    assert.ok(existsSync(native), 'keytar.node for linux-x64 must be outside the archive');
  });

  test('koffi\'s native binary (prctl for PR_SET_DUMPABLE) is unpacked next to app.asar', () => {
    const native = join(unpacked, 'resources', 'app.asar.unpacked', 'node_modules', '@koromix', `koffi-linux-${process.arch}`, `linux_${process.arch}`, 'koffi.node');
    assert.ok(existsSync(native), 'koffi.node for this platform must be outside the archive');
  });
});

function walk(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? walk(path) : [relative('.', path).replace(/\\/g, '/')];
  });
}
