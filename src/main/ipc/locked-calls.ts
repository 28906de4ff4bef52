/**
 * What the window may do in each state. While a profile exists and the app is locked, the window
 * may only unlock and read state that holds no secret: replacing or removing the profile, probing a
 * server, and weakening a lock or clipboard setting need the app unlocked. Otherwise a compromised
 * page could swap the profile, make main fetch from any host, or switch auto-lock off before the
 * user next unlocks.
 */
import type { AppPhase, LockReason, Settings } from '../../shared/ipc/dto';
import { AppFailure } from '../app-error';
import type { SettingsPatch } from '../../shared/settings';

/**
 * - any: every state;
 * - profile: a profile exists (unlocking, changing the PIN: each proves the PIN itself);
 * - unlocked: the vault is open;
 * - setup: no profile yet, or the vault is open (replacing the profile, checking a server).
 */
export type Access = 'any' | 'profile' | 'unlocked' | 'setup';

/** Why a call with `access` is refused in `phase`, or null when it may run. */
export function accessFailure(access: Access, phase: AppPhase): AppFailure | null {
  switch (access) {
    case 'any':
      return null;
    case 'setup':
      return phase === 'no-profile' || phase === 'unlocked' ? null : new AppFailure('locked');
    case 'profile':
      return phase === 'no-profile' ? new AppFailure('no-profile') : null;
    case 'unlocked':
      return phase === 'no-profile' ? new AppFailure('no-profile') : phase === 'unlocked' ? null : new AppFailure('locked');
  }
}

const PROTECTIVE_TOGGLES = ['lockOnIdle', 'lockOnAppInactivity', 'lockOnOsLock', 'lockOnSleep', 'clipboardExcludeFromHistory', 'contentProtection'] as const;
const LOCK_DELAYS = ['idleMinutes', 'appInactivityMinutes'] as const;

/** 0 means the clipboard is never cleared: the longest time there is. */
const clearSeconds = (value: number): number => (value === 0 ? Number.POSITIVE_INFINITY : value);

/** Whether `patch` makes locking or clipboard clearing later or rarer than `current`, or lets screen capture see the window. */
export function weakensProtection(patch: SettingsPatch, current: Settings): boolean {
  if (PROTECTIVE_TOGGLES.some((key) => patch[key] === false && current[key])) {
    return true;
  }
  if (LOCK_DELAYS.some((key) => patch[key] !== undefined && patch[key] > current[key])) {
    return true;
  }
  return patch.clipboardClearSeconds !== undefined && clearSeconds(patch.clipboardClearSeconds) > clearSeconds(current.clipboardClearSeconds);
}

/** A settings change while a profile is locked: only one that keeps or tightens protection. */
export function settingsChangeFailure(patch: SettingsPatch, current: Settings, phase: AppPhase): AppFailure | null {
  if (phase === 'no-profile' || phase === 'unlocked') {
    return null;
  }
  return weakensProtection(patch, current) ? new AppFailure('locked') : null;
}

/**
 * Removing the profile needs the vault open. One exception: after the server refused the key
 * (revoked or deleted), unlocking can never succeed again, so setting up anew is the only way on.
 */
export function profileRemovalFailure(phase: AppPhase, lockReason: LockReason | null): AppFailure | null {
  if (phase === 'no-profile') {
    return new AppFailure('no-profile');
  }
  return phase === 'unlocked' || (phase === 'locked' && lockReason === 'key-revoked') ? null : new AppFailure('locked');
}
