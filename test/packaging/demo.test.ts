// `npm run demo -- --once`, headless: the demo server starts from the demo vault and the CLI
// examples run against it over real HTTP on 127.0.0.1. Skips with a message until the CLI is built.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { CLI_BUNDLE, DEMO_PROFILE_ENV, DEMO_VAULT, demoLaunchRefusal, findElectron, missingDisplay } from '../../scripts/demo';

const cliMissing = existsSync(CLI_BUNDLE) ? false : `${CLI_BUNDLE} is not built yet (npm run build; src/cli must exist)`;

describe('npm run demo', () => {
  test('--once runs ls, search, get and totp against the demo server and never prints a vault password', { skip: cliMissing, timeout: 180_000 }, () => {
    const env = { ...process.env };
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    // --no-build: the suite runs after `npm run build`, and rebuilding dist/ here could race other test files.
    const run = spawnSync('npm', ['run', '--silent', 'demo', '--', '--once', '--no-build'], { encoding: 'utf8', env, timeout: 170_000 });
    const output = `${run.stdout}\n${run.stderr}`;
    assert.equal(run.status, 0, `demo --once failed:\n${output.slice(-4000)}`);
    for (const title of ['Work Mail', 'Build server', 'Team wiki']) {
      assert.ok(run.stdout.includes(title), `ls output should list "${title}"`);
    }
    assert.match(run.stdout, /\$ psono search mail\n[^$]*Work Mail/, 'search mail should find Work Mail');
    assert.match(run.stdout, /--field username\n[^\n]*demo@example\.com/);
    assert.match(run.stdout, /a 28-character password was printed/);
    assert.match(run.stdout, /\$ psono totp [0-9a-f-]+\n\s*\d{6}\b/);
    // The demo vault's passwords must not appear anywhere in the demo's output.
    const vault = readFileSync(DEMO_VAULT, 'utf8');
    const passwords = [...vault.matchAll(/"[a-z_]*password_password"\s*:\s*"([^"]+)"/g)].map((m) => m[1] ?? '');
    assert.ok(passwords.length >= 3);
    for (const password of passwords) {
      assert.ok(!output.includes(password), 'a vault password was printed');
    }
  });

  test('knows when it cannot show the app', () => {
    assert.match(missingDisplay({}, 'linux') ?? '', /no display/);
    assert.equal(missingDisplay({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux'), null);
    assert.equal(missingDisplay({}, 'darwin'), null);
    const electron = findElectron({ ELECTRON_OVERRIDE_DIST_PATH: '/nonexistent-electron-dist' });
    assert.ok('missing' in electron && /does not exist/.test(electron.missing));
    if (!existsSync('node_modules/electron/path.txt')) {
      const here = findElectron({});
      assert.ok('missing' in here && /path\.txt is missing/.test(here.missing));
    }
  });

  test('never launches an app build that would ignore the throw-away profile', () => {
    const folder = mkdtempSync(join(tmpdir(), 'psono-demo-'));
    try {
      const bundle = join(folder, 'index.cjs');
      assert.match(demoLaunchRefusal(bundle) ?? '', /not built/);
      writeFileSync(bundle, 'app.whenReady().then(openKeychain);');
      assert.match(demoLaunchRefusal(bundle) ?? '', /real keychain/);
      writeFileSync(bundle, `const demo = process.env.${DEMO_PROFILE_ENV};`);
      assert.equal(demoLaunchRefusal(bundle), null);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
