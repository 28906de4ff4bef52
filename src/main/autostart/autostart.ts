// Start at login. macOS and Windows: Electron's login items. Linux (and other XDG desktops): a
// ~/.config/autostart/psono-tray.desktop entry, written when enabled and deleted when disabled.
// Everything platform-specific comes in through AutostartDeps, so tests run it against a temp
// home folder and a recording login-items double; index.ts binds it to the real Electron app.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { LoginItemSettings, LoginItemSettingsOptions, Settings } from 'electron';
import { err, ok, type Result } from '../../core/result';
import { autostartDesktopFile, entryIsSwitchedOff, execLine } from './desktop-entry';

/** Passed to the app when the OS starts it at login (Windows and Linux). */
export const AUTOSTART_ARGUMENT = '--autostart';
export const AUTOSTART_FILE_NAME = 'psono-tray.desktop';

/** The part of Electron's `app` this adapter uses. */
export interface LoginItems {
  setLoginItemSettings(settings: Settings): void;
  getLoginItemSettings(options?: LoginItemSettingsOptions): Pick<LoginItemSettings, 'openAtLogin'> & Partial<Pick<LoginItemSettings, 'status'>>;
}

export interface AutostartDeps {
  readonly platform: NodeJS.Platform;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The user's home folder (a temp folder in tests). */
  readonly homeDir: string;
  /** The program the OS should start: the installed executable (process.execPath). */
  readonly execPath: string;
  /** Arguments before AUTOSTART_ARGUMENT; for an unpackaged run, the app folder Electron needs. */
  readonly args?: readonly string[];
  readonly loginItems: LoginItems;
}

export type AutostartErrorKind = 'unsupported-platform' | 'invalid-launch-path' | 'write-failed' | 'remove-failed' | 'needs-approval';

export interface AutostartError {
  readonly kind: AutostartErrorKind;
  /** For the user; names paths and settings, never anything secret. */
  readonly message: string;
}

export type AutostartMechanism = 'login-item' | 'xdg-autostart' | 'none';

export interface Autostart {
  readonly mechanism: AutostartMechanism;
  /** Linux: where the desktop entry lives (shown in settings so users know what to delete). */
  readonly entryPath: string | null;
  /** Whether the OS will start the app at login right now (an entry switched off by the desktop counts as off). */
  isEnabled(): Promise<boolean>;
  /** Idempotent; call it at startup with the saved setting too, so a moved AppImage gets a fresh path. */
  setEnabled(enabled: boolean): Promise<Result<void, AutostartError>>;
}

const fail = (kind: AutostartErrorKind, message: string): Result<void, AutostartError> => err({ kind, message });

export function createAutostart(deps: AutostartDeps): Autostart {
  if (deps.platform === 'darwin' || deps.platform === 'win32') {
    return loginItemAutostart(deps);
  }
  if (deps.platform === 'linux' || deps.platform === 'freebsd' || deps.platform === 'openbsd' || deps.platform === 'netbsd') {
    return xdgAutostart(deps);
  }
  return {
    mechanism: 'none',
    entryPath: null,
    isEnabled: () => Promise.resolve(false),
    setEnabled: (enabled) => Promise.resolve(enabled ? fail('unsupported-platform', `Start at login is not supported on ${deps.platform}.`) : ok(undefined)),
  };
}

function loginItemAutostart(deps: AutostartDeps): Autostart {
  const windows = deps.platform === 'win32';
  // Windows stores a command line in the Run key; Electron asks callers to quote arguments with spaces.
  const args = [...(deps.args ?? []).map((a) => (/\s/.test(a) ? `"${a}"` : a)), AUTOSTART_ARGUMENT];
  const query: LoginItemSettingsOptions = windows ? { path: deps.execPath, args } : {};
  return {
    mechanism: 'login-item',
    entryPath: null,
    isEnabled: () => Promise.resolve(deps.loginItems.getLoginItemSettings(query).openAtLogin),
    setEnabled(enabled) {
      deps.loginItems.setLoginItemSettings(windows ? { openAtLogin: enabled, path: deps.execPath, args } : { openAtLogin: enabled });
      if (enabled && !windows && deps.loginItems.getLoginItemSettings().status === 'requires-approval') {
        return Promise.resolve(fail('needs-approval', 'macOS needs your approval: open System Settings → General → Login Items and allow Psono Tray.'));
      }
      return Promise.resolve(ok(undefined));
    },
  };
}

/** $XDG_CONFIG_HOME when set to an absolute path (the spec says to ignore relative ones), else ~/.config. */
export function xdgConfigHome(env: Readonly<Record<string, string | undefined>>, homeDir: string): string {
  const configured = env.XDG_CONFIG_HOME;
  return configured !== undefined && configured !== '' && isAbsolute(configured) ? configured : join(homeDir, '.config');
}

function xdgAutostart(deps: AutostartDeps): Autostart {
  const directory = join(xdgConfigHome(deps.env, deps.homeDir), 'autostart');
  const entryPath = join(directory, AUTOSTART_FILE_NAME);
  // An AppImage runs from a temporary mount; $APPIMAGE is the file the user keeps.
  const appImage = deps.env.APPIMAGE;
  const program = appImage !== undefined && isAbsolute(appImage) ? appImage : deps.execPath;
  const args = [...(appImage !== undefined && isAbsolute(appImage) ? [] : (deps.args ?? [])), AUTOSTART_ARGUMENT];

  return {
    mechanism: 'xdg-autostart',
    entryPath,
    async isEnabled() {
      try {
        return !entryIsSwitchedOff(await readFile(entryPath, 'utf8'));
      } catch {
        return false;
      }
    },
    async setEnabled(enabled) {
      if (!enabled) {
        try {
          await rm(entryPath, { force: true });
          return ok(undefined);
        } catch {
          return fail('remove-failed', `Could not delete ${entryPath}; delete it to stop Psono Tray from starting at login.`);
        }
      }
      let exec: string;
      try {
        exec = execLine(program, args);
      } catch {
        return fail('invalid-launch-path', 'The app\'s location contains control characters, so it cannot be started at login. Move it to a normal folder.');
      }
      const text = autostartDesktopFile({ name: 'Psono Tray', comment: 'Psono password manager in the system tray', icon: 'psono-tray', wmClass: 'psono-tray', exec });
      const temporary = `${entryPath}.${process.pid}.tmp`;
      try {
        await mkdir(directory, { recursive: true });
        await writeFile(temporary, text, { mode: 0o644 });
        await rename(temporary, entryPath);
        return ok(undefined);
      } catch {
        await rm(temporary, { force: true }).catch(() => undefined);
        return fail('write-failed', `Could not write ${entryPath}. Check that ${directory} is writable.`);
      }
    },
  };
}
