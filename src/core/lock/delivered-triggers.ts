/**
 * Which OS lock triggers this desktop delivers, for the settings screen.
 *
 * - macOS/Windows: Electron's powerMonitor reports screen lock and unlock, suspend and resume.
 * - Linux: Electron reports suspend/resume only (through logind); screen lock comes from D-Bus
 *   (electron#24800). Without logind on a system bus, sleep is not reported either.
 */

/** Which Linux D-Bus sources answered at startup. */
export interface LinuxLockAvailability {
  /** A screensaver service (freedesktop or GNOME) is running or activatable on the session bus. */
  readonly screenSaver: boolean;
  /** logind answered and told us our session object: its Lock signal is heard. */
  readonly login1Lock: boolean;
  /** logind is on its bus: PrepareForSleep is heard. */
  readonly login1Sleep: boolean;
}

export const NO_LINUX_TRIGGERS: LinuxLockAvailability = { screenSaver: false, login1Lock: false, login1Sleep: false };

export interface DeliveredTriggers {
  /** The OS tells us when the screen locks. */
  readonly osLock: boolean;
  /** The OS tells us before it sleeps. */
  readonly sleep: boolean;
  /** Linux detail (null elsewhere): which D-Bus sources answered. */
  readonly linux: LinuxLockAvailability | null;
}

/** `platform` is a `process.platform` value; `linux` what the D-Bus listeners found (null before or elsewhere). */
export function deliveredTriggers(platform: string, linux: LinuxLockAvailability | null): DeliveredTriggers {
  if (platform !== 'linux') {
    // Electron's own lock-screen event exists on macOS and Windows only.
    return { osLock: platform === 'darwin' || platform === 'win32', sleep: true, linux: null };
  }
  const found = linux ?? NO_LINUX_TRIGGERS;
  return { osLock: found.screenSaver || found.login1Lock, sleep: found.login1Sleep, linux: found };
}
