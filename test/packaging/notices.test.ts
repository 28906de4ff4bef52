// The bundles inline their npm dependencies with esbuild, which drops legal comments, so the build
// writes each package's licence into a notices file next to the bundles (scripts/notices.mjs).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';

import { noticesFor, packageDirOf } from '../../scripts/notices.mjs';

const headingOf = (name: string): RegExp => new RegExp(`^${name.replace(/[/@.-]/g, '\\$&')} \\d+\\.\\d+\\.\\d+ \\(`, 'm');

describe('third-party notices', () => {
  test('an input path maps to its package folder, scoped and nested ones included; our sources to none', () => {
    assert.equal(packageDirOf('node_modules/undici/lib/core/util.js'), 'node_modules/undici');
    assert.equal(packageDirOf('node_modules/@github/keytar/lib/keytar.js'), 'node_modules/@github/keytar');
    assert.equal(packageDirOf('node_modules/a/node_modules/@b/c/index.js'), 'node_modules/a/node_modules/@b/c');
    assert.equal(packageDirOf('node_modules\\react\\index.js'), 'node_modules/react');
    assert.equal(packageDirOf('src/core/crypto/nacl.ts'), null);
  });

  test('each package once, with its licence text, and nothing for our own sources', () => {
    const text = noticesFor(['node_modules/undici/index.js', 'src/platform/http-transport.ts', 'node_modules/undici/lib/core/util.js', 'node_modules/zod/index.js']);
    const undiciLicense = readFileSync('node_modules/undici/LICENSE', 'utf8').trim();
    assert.equal(text.split(undiciLicense).length - 1, 1, "undici's licence text, once");
    assert.match(text, headingOf('undici'));
    assert.match(text, headingOf('zod'));
    assert.ok(text.indexOf('\nundici ') < text.indexOf('\nzod '), 'sorted by name');
    assert.doesNotMatch(text, /http-transport/);
  });

  const built = existsSync('dist/main/index.cjs');
  test('the build writes the notices of what it bundled: the app and the CLI each', { skip: built ? false : 'dist/ is not built (npm run build)' }, () => {
    const app = readFileSync('dist/THIRD_PARTY_NOTICES.txt', 'utf8');
    for (const name of ['react', 'react-dom', 'zustand', 'zod', 'undici', 'libsodium-wrappers', 'tweetnacl', '@noble/hashes']) {
      assert.match(app, headingOf(name), name);
    }
    const cli = readFileSync('dist/cli/THIRD_PARTY_NOTICES.txt', 'utf8');
    for (const name of ['undici', 'libsodium-wrappers', 'tweetnacl', '@noble/hashes']) {
      assert.match(cli, headingOf(name), name);
    }
    assert.doesNotMatch(cli, headingOf('react'), 'the CLI bundles no React');
    for (const devOnly of ['typescript', 'electron', 'esbuild', 'playwright-core']) {
      assert.doesNotMatch(app + cli, headingOf(devOnly), `${devOnly} is not bundled`);
    }
  });
});
