/** Named selectors, so components ask for what they show and re-render only when it changes. */
import type { EntrySummary } from '../../shared/ipc/dto';
import type { AppStoreState } from './app-store';

export const selectPhase = (state: AppStoreState) => state.app?.phase ?? null;
export const selectProfile = (state: AppStoreState) => state.app?.profile ?? null;
export const selectEntryCount = (state: AppStoreState) => state.app?.entryCount ?? 0;
export const selectRestricted = (state: AppStoreState) => state.app?.profile?.restricted ?? false;
export const selectSelectedEntry = (state: AppStoreState): EntrySummary | null => state.results[state.selectedIndex] ?? null;
export const selectTheme = (state: AppStoreState) => state.settings?.theme ?? 'system';

/** Whole seconds left on a countdown that ends at `endsAt`, never negative. */
export function secondsUntil(endsAt: number, now: number): number {
  return Math.max(0, Math.ceil((endsAt - now) / 1000));
}

export const selectClipboardSecondsLeft = (state: AppStoreState): number | null =>
  state.status?.clearsAt === null || state.status?.clearsAt === undefined ? null : secondsUntil(state.status.clearsAt, state.now);

export const selectRevealSecondsLeft = (state: AppStoreState): number | null =>
  state.revealed ? secondsUntil(state.revealed.hidesAt, state.now) : null;

export const selectTotpSecondsLeft = (state: AppStoreState): number | null =>
  state.totp ? secondsUntil(state.totp.expiresAt, state.now) : null;
