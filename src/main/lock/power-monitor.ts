/**
 * Electron's powerMonitor as lock inputs. 'lock-screen'/'unlock-screen' fire on macOS and
 * Windows only (Linux uses src/platform/linux-lock-dbus.ts); 'suspend'/'resume' fire everywhere. System idle time
 * is read on each poll; on Wayland it reads 0 forever, which the lock policy detects.
 */
import type { PowerMonitor } from 'electron';

import type { OsLockEvent } from './auto-lock';

export type PowerMonitorLike = Pick<PowerMonitor, 'on' | 'removeListener' | 'getSystemIdleTime'>;

/** Seconds of system idle time, or null when the OS call fails. */
export function readSystemIdleSeconds(powerMonitor: Pick<PowerMonitor, 'getSystemIdleTime'>): number | null {
  try {
    const seconds = powerMonitor.getSystemIdleTime();
    return Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
  } catch {
    return null;
  }
}

/** Subscribes; returns the unsubscribe function. */
export function watchPowerMonitor(powerMonitor: PowerMonitorLike, onInput: (input: OsLockEvent) => void): () => void {
  const onSuspend = () => onInput({ type: 'suspend' });
  const onResume = () => onInput({ type: 'resume' });
  const onLockScreen = () => onInput({ type: 'os-lock' });
  const onUnlockScreen = () => onInput({ type: 'os-unlock' });
  powerMonitor.on('suspend', onSuspend);
  powerMonitor.on('resume', onResume);
  powerMonitor.on('lock-screen', onLockScreen);
  powerMonitor.on('unlock-screen', onUnlockScreen);
  return () => {
    powerMonitor.removeListener('suspend', onSuspend);
    powerMonitor.removeListener('resume', onResume);
    powerMonitor.removeListener('lock-screen', onLockScreen);
    powerMonitor.removeListener('unlock-screen', onUnlockScreen);
  };
}
