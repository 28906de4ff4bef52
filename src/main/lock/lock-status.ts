/**
 * The lock status the settings screen shows: which automatic lock triggers work on this desktop
 * (system idle learnt from the readings while unlocked, OS lock and sleep from the event sources
 * found at startup), and a warning for each enabled setting this desktop cannot honour.
 */
import type { DeliveredTriggers, LockSettings, SystemIdleAvailability } from '../../core/lock';
import type { LockTriggerStates, TriggerState } from '../../shared/ipc/dto';

/** `delivered` is null until the trigger sources have been probed. */
export interface LockStatusInput {
  readonly settings: LockSettings;
  readonly systemIdle: SystemIdleAvailability;
  readonly delivered: Pick<DeliveredTriggers, 'osLock' | 'sleep'> | null;
}

function found(available: boolean | undefined): TriggerState {
  return available === undefined ? 'unknown' : available ? 'available' : 'unavailable';
}

export function lockTriggerStates({ systemIdle, delivered }: LockStatusInput): LockTriggerStates {
  return { systemIdle, osLock: found(delivered?.osLock), sleep: found(delivered?.sleep) };
}

export function lockWarnings({ settings, systemIdle, delivered }: LockStatusInput): string[] {
  const warnings: string[] = [];
  if (settings.lockOnIdle && systemIdle === 'unavailable') {
    warnings.push(`This desktop does not report system idle time (e.g. Wayland): Psono Tray locks after ${settings.idleMinutes} minutes without being used instead.`);
  }
  if (settings.lockOnOsLock && delivered !== null && !delivered.osLock) {
    warnings.push('This desktop does not tell Psono Tray when the screen locks; use idle locking or lock manually.');
  }
  if (settings.lockOnSleep && delivered !== null && !delivered.sleep) {
    warnings.push('This system does not tell Psono Tray before it sleeps; the idle deadline still counts time asleep.');
  }
  return warnings;
}
