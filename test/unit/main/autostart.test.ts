// Start at login against a real temporary home folder (Linux XDG entry) and a recording double of
// Electron's login items (macOS, Windows). The Exec line is checked by parsing it back the way a
// desktop would (Desktop Entry Specification: string unescaping, then argument unquoting).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { LoginItemSettingsOptions, Settings } from 'electron';
import { AUTOSTART_ARGUMENT, createAutostart, xdgConfigHome, type AutostartDeps, type LoginItems } from '../../../src/main/autostart/index';
import { execLine } from '../../../src/main/autostart/desktop-entry';

const temporaryRoots: string[] = [];
after(() => {
  for (const root of temporaryRoots) {
    rmSync(root, { recursive: true, force: true });
  }
});
function freshHome(): string {
  const root = mkdtempSync(join(tmpdir(), 'psono-autostart-'));
  temporaryRoots.push(root);
  return root;
}

/** Reads an Exec value back into argv, as a freedesktop launcher does. */
function parseExec(value: string): string[] {
  // 1. string-value escapes
  let unescaped = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\' && i + 1 < value.length) {
      const next = value[++i];
      unescaped += next === 'n' ? '\n' : next === 't' ? '\t' : next === 'r' ? '\r' : next === 's' ? ' ' : next;
    } else {
      unescaped += c;
    }
  }
  // 2. quoting and %% (field codes are not used by us)
  const args: string[] = [];
  let current = '';
  let inQuotes = false;
  let started = false;
  for (let i = 0; i < unescaped.length; i++) {
    const c = unescaped[i] ?? '';
    if (inQuotes) {
      if (c === '\\') {
        const escaped = unescaped[++i] ?? '';
        assert.ok('"`$\\'.includes(escaped) && escaped !== '', `backslash before ${escaped} inside quotes is not allowed`);
        current += escaped;
      } else if (c === '`' || c === '$') {
        assert.fail(`unescaped ${c} inside quotes`);
      } else if (c === '%' && unescaped[i + 1] === '%') {
        current += '%';
        i++;
      } else if (c === '"') {
        inQuotes = false;
      } else {
        current += c;
      }
    } else if (/[\t\n'\\><~|&;$*?#()`]/.test(c)) {
      assert.fail(`reserved character ${JSON.stringify(c)} outside quotes`);
    } else if (c === '"') {
      inQuotes = true;
      started = true;
    } else if (c === ' ') {
      if (started) {
        args.push(current);
      }
      current = '';
      started = false;
    } else if (c === '%' && unescaped[i + 1] === '%') {
      current += '%';
      i++;
      started = true;
    } else {
      current += c;
      started = true;
    }
  }
  if (started) {
    args.push(current);
  }
  return args;
}

function entryValue(text: string, key: string): string | undefined {
  return new RegExp(`^${key}=(.*)$`, 'm').exec(text)?.[1];
}

class RecordingLoginItems implements LoginItems {
  readonly calls: Settings[] = [];
  readonly queries: Array<LoginItemSettingsOptions | undefined> = [];
  status: 'not-registered' | 'enabled' | 'requires-approval' | 'not-found' = 'enabled';
  private readonly registered = new Map<string, boolean>();
  private key(path?: string, args?: readonly string[]): string {
    return JSON.stringify([path ?? null, args ?? []]);
  }
  setLoginItemSettings(settings: Settings): void {
    this.calls.push(settings);
    this.registered.set(this.key(settings.path, settings.args), settings.openAtLogin === true);
  }
  getLoginItemSettings(options?: LoginItemSettingsOptions) {
    this.queries.push(options);
    return { openAtLogin: this.registered.get(this.key(options?.path, options?.args)) ?? false, status: this.status };
  }
}

function linuxDeps(home: string, overrides: Partial<AutostartDeps> = {}): AutostartDeps {
  return { platform: 'linux', env: {}, homeDir: home, execPath: '/opt/Psono Tray/psono-tray', args: [], loginItems: new RecordingLoginItems(), ...overrides };
}

describe('Linux: XDG autostart entry', () => {
  test('enable writes ~/.config/autostart/psono-tray.desktop; disable deletes it', async () => {
    const home = freshHome();
    const autostart = createAutostart(linuxDeps(home));
    const file = join(home, '.config', 'autostart', 'psono-tray.desktop');
    assert.equal(autostart.mechanism, 'xdg-autostart');
    assert.equal(autostart.entryPath, file);
    assert.equal(await autostart.isEnabled(), false);

    assert.deepEqual(await autostart.setEnabled(true), { ok: true, value: undefined });
    assert.equal(await autostart.isEnabled(), true);
    const text = readFileSync(file, 'utf8');
    assert.match(text, /^\[Desktop Entry\]\nType=Application\n/);
    assert.equal(entryValue(text, 'Name'), 'Psono Tray');
    assert.equal(entryValue(text, 'StartupWMClass'), 'psono-tray');
    assert.equal(entryValue(text, 'X-GNOME-Autostart-enabled'), 'true');
    assert.deepEqual(parseExec(entryValue(text, 'Exec') ?? ''), ['/opt/Psono Tray/psono-tray', AUTOSTART_ARGUMENT]);
    assert.equal(statSync(file).mode & 0o777, 0o644);

    assert.deepEqual(await autostart.setEnabled(true), { ok: true, value: undefined }, 'enabling twice is fine');
    assert.deepEqual(await autostart.setEnabled(false), { ok: true, value: undefined });
    assert.equal(existsSync(file), false);
    assert.equal(await autostart.isEnabled(), false);
    assert.deepEqual(await autostart.setEnabled(false), { ok: true, value: undefined }, 'disabling when absent is fine');
  });

  test('honours an absolute XDG_CONFIG_HOME and ignores a relative one', async () => {
    const home = freshHome();
    const custom = join(home, 'elsewhere');
    const autostart = createAutostart(linuxDeps(home, { env: { XDG_CONFIG_HOME: custom } }));
    await autostart.setEnabled(true);
    assert.ok(existsSync(join(custom, 'autostart', 'psono-tray.desktop')));
    assert.ok(!existsSync(join(home, '.config')));
    assert.equal(xdgConfigHome({ XDG_CONFIG_HOME: 'relative/dir' }, home), join(home, '.config'));
    assert.equal(xdgConfigHome({ XDG_CONFIG_HOME: '' }, home), join(home, '.config'));
  });

  test('an AppImage starts from $APPIMAGE, not from its temporary mount', async () => {
    const home = freshHome();
    const autostart = createAutostart(linuxDeps(home, { env: { APPIMAGE: '/home/u/Apps/Psono Tray-0.1.0.AppImage' }, execPath: '/tmp/.mount_PsonoXYZ/psono-tray' }));
    await autostart.setEnabled(true);
    const text = readFileSync(autostart.entryPath ?? '', 'utf8');
    assert.deepEqual(parseExec(entryValue(text, 'Exec') ?? ''), ['/home/u/Apps/Psono Tray-0.1.0.AppImage', AUTOSTART_ARGUMENT]);
  });

  test('an unpackaged run passes the app folder to the Electron binary', async () => {
    const home = freshHome();
    const autostart = createAutostart(linuxDeps(home, { execPath: '/src/node_modules/electron/dist/electron', args: ['/src/psono tray'] }));
    await autostart.setEnabled(true);
    const text = readFileSync(autostart.entryPath ?? '', 'utf8');
    assert.deepEqual(parseExec(entryValue(text, 'Exec') ?? ''), ['/src/node_modules/electron/dist/electron', '/src/psono tray', AUTOSTART_ARGUMENT]);
  });

  test('paths with quotes, $, backquotes, backslashes and % survive the round trip', () => {
    const nasty = ['/home/a b/"q"/$HOME/`x`/back\\slash/100%/it\'s', 'plain', ''];
    const line = execLine('/opt/x y/psono-tray', nasty);
    assert.deepEqual(parseExec(line), ['/opt/x y/psono-tray', ...nasty]);
    assert.ok(line.includes('\\\\\\\\'), 'a literal backslash in quotes is four backslashes in the file');
    assert.ok(line.includes('100%%'));
    assert.throws(() => execLine('/opt/a\nExec=evil', []), RangeError);
  });

  test('a control character in the path is refused, not written', async () => {
    const home = freshHome();
    const autostart = createAutostart(linuxDeps(home, { execPath: '/opt/bad\npath/psono-tray' }));
    const result = await autostart.setEnabled(true);
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.error.kind, 'invalid-launch-path');
    assert.equal(existsSync(autostart.entryPath ?? ''), false);
  });

  test('an entry the desktop switched off (Hidden / X-GNOME-Autostart-enabled=false) counts as off', async () => {
    const home = freshHome();
    const autostart = createAutostart(linuxDeps(home));
    await autostart.setEnabled(true);
    const file = autostart.entryPath ?? '';
    writeFileSync(file, readFileSync(file, 'utf8').replace('X-GNOME-Autostart-enabled=true', 'X-GNOME-Autostart-enabled=false'));
    assert.equal(await autostart.isEnabled(), false);
    writeFileSync(file, readFileSync(file, 'utf8').replace('X-GNOME-Autostart-enabled=false', 'Hidden=true'));
    assert.equal(await autostart.isEnabled(), false);
    await autostart.setEnabled(true);
    assert.equal(await autostart.isEnabled(), true, 'enabling again rewrites the entry');
  });

  test('an unwritable config folder gives a write-failed error naming the folder', { skip: process.getuid?.() === 0 ? 'root ignores file permissions' : false }, async () => {
    const home = freshHome();
    mkdirSync(join(home, '.config'), { recursive: true });
    chmodSync(join(home, '.config'), 0o500);
    const result = await createAutostart(linuxDeps(home)).setEnabled(true);
    chmodSync(join(home, '.config'), 0o700);
    assert.equal(!result.ok && result.error.kind, 'write-failed');
  });

  test('a file in place of the autostart folder gives a write-failed error', async () => {
    const home = freshHome();
    mkdirSync(join(home, '.config'), { recursive: true });
    writeFileSync(join(home, '.config', 'autostart'), 'not a folder');
    const result = await createAutostart(linuxDeps(home)).setEnabled(true);
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.error.kind, 'write-failed');
    assert.match(!result.ok ? result.error.message : '', /autostart/);
  });
});

describe('Windows and macOS: Electron login items', () => {
  test('Windows registers the executable with the autostart argument and queries with the same path and args', async () => {
    const items = new RecordingLoginItems();
    const autostart = createAutostart({ platform: 'win32', env: {}, homeDir: 'C:\\Users\\u', execPath: 'C:\\Program Files\\Psono Tray\\Psono Tray.exe', args: [], loginItems: items });
    assert.equal(autostart.mechanism, 'login-item');
    assert.equal(await autostart.isEnabled(), false);
    assert.equal((await autostart.setEnabled(true)).ok, true);
    assert.deepEqual(items.calls.at(-1), { openAtLogin: true, path: 'C:\\Program Files\\Psono Tray\\Psono Tray.exe', args: [AUTOSTART_ARGUMENT] });
    assert.equal(await autostart.isEnabled(), true);
    assert.deepEqual(items.queries.at(-1), { path: 'C:\\Program Files\\Psono Tray\\Psono Tray.exe', args: [AUTOSTART_ARGUMENT] });
    await autostart.setEnabled(false);
    assert.equal(await autostart.isEnabled(), false);
  });

  test('Windows quotes an unpackaged app folder with spaces', async () => {
    const items = new RecordingLoginItems();
    await createAutostart({ platform: 'win32', env: {}, homeDir: 'C:\\Users\\u', execPath: 'C:\\e\\electron.exe', args: ['C:\\my app'], loginItems: items }).setEnabled(true);
    assert.deepEqual(items.calls.at(-1)?.args, ['"C:\\my app"', AUTOSTART_ARGUMENT]);
  });

  test('macOS uses the main app service and reports when the user must approve it', async () => {
    const items = new RecordingLoginItems();
    const autostart = createAutostart({ platform: 'darwin', env: {}, homeDir: '/Users/u', execPath: '/Applications/Psono Tray.app/Contents/MacOS/Psono Tray', loginItems: items });
    assert.deepEqual(await autostart.setEnabled(true), { ok: true, value: undefined });
    assert.deepEqual(items.calls.at(-1), { openAtLogin: true });
    assert.equal(await autostart.isEnabled(), true);
    items.status = 'requires-approval';
    const pending = await autostart.setEnabled(true);
    assert.equal(!pending.ok && pending.error.kind, 'needs-approval');
    assert.match(!pending.ok ? pending.error.message : '', /Login Items/);
  });

  test('an OS without a mechanism says so instead of pretending', async () => {
    const autostart = createAutostart({ platform: 'aix', env: {}, homeDir: '/home/u', execPath: '/x', loginItems: new RecordingLoginItems() });
    assert.equal(autostart.mechanism, 'none');
    const result = await autostart.setEnabled(true);
    assert.equal(!result.ok && result.error.kind, 'unsupported-platform');
    assert.deepEqual(await autostart.setEnabled(false), { ok: true, value: undefined });
  });
});
