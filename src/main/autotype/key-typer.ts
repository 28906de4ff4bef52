/**
 * The one adapter auto-type sends key events through, and which implementation this desktop gets.
 * Only X11 is implemented (xdotool, which sends XTest events); every other desktop gets an adapter
 * that reports why auto-type is unavailable, and Settings shows that reason.
 */
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

import type { AutoTypeKey } from '../../core/autotype';
import { XdotoolTyper } from './xdotool';

export type AutoTypeAvailability = { readonly available: true } | { readonly available: false; readonly reason: string };

/** Windows are named by an opaque id (the X11 window id in decimal). */
export interface KeyTyper {
  readonly availability: AutoTypeAvailability;
  /** The window that has the keyboard focus now, or null if none can be told. */
  activeWindow(): Promise<string | null>;
  /** The process that owns the window, or null if the window does not say. */
  windowPid(window: string): Promise<number | null>;
  /** Asks the window manager to give `window` the focus (it may refuse). */
  activate(window: string): Promise<void>;
  /** Types `text` into the focused window. The text is a secret: never in argv, never logged. */
  typeText(text: string): Promise<void>;
  pressKey(key: AutoTypeKey): Promise<void>;
}

/** For desktops without an implementation: every call is refused with the reason. */
export class UnavailableTyper implements KeyTyper {
  readonly availability: AutoTypeAvailability;
  constructor(readonly reason: string) {
    this.availability = { available: false, reason };
  }
  activeWindow(): Promise<string | null> {
    return Promise.resolve(null);
  }
  windowPid(): Promise<number | null> {
    return Promise.resolve(null);
  }
  #refuse(): Promise<never> {
    return Promise.reject(new Error(this.reason));
  }
  activate(): Promise<void> {
    return this.#refuse();
  }
  typeText(): Promise<void> {
    return this.#refuse();
  }
  pressKey(): Promise<void> {
    return this.#refuse();
  }
}

/** The first executable `name` on PATH, or null. */
export function findExecutable(name: string, searchPath: string | undefined): string | null {
  for (const dir of (searchPath ?? '').split(path.delimiter)) {
    if (dir === '' || !path.isAbsolute(dir)) {
      continue; // a relative PATH entry would run whatever the current folder holds
    }
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/** The adapter for this desktop, from the platform and the session's environment. */
export function keyTyperFor(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): KeyTyper {
  if (platform === 'darwin') {
    return new UnavailableTyper('Auto-type is not implemented on macOS in this version of Psono Tray.');
  }
  if (platform === 'win32') {
    return new UnavailableTyper('Auto-type is not implemented on Windows in this version of Psono Tray.');
  }
  if (env['WAYLAND_DISPLAY'] || env['XDG_SESSION_TYPE'] === 'wayland') {
    return new UnavailableTyper(
      'Wayland does not let one app type into another; the desktop portal\'s RemoteDesktop interface could, but Psono Tray does not use it yet. Log in to an X11 session to use auto-type.',
    );
  }
  if (!env['DISPLAY']) {
    return new UnavailableTyper('No X11 display was found (DISPLAY is not set).');
  }
  const xdotool = findExecutable('xdotool', env['PATH']);
  if (!xdotool) {
    return new UnavailableTyper('Auto-type on X11 needs the xdotool program. Install it (for example: sudo apt install xdotool) and restart Psono Tray.');
  }
  return new XdotoolTyper(xdotool, { DISPLAY: env['DISPLAY'], ...(env['XAUTHORITY'] ? { XAUTHORITY: env['XAUTHORITY'] } : {}) });
}
