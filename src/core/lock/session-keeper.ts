/**
 * Keeps a Psono API-key session alive in the background while unlocked.
 *
 * API-key sessions last at most 600 s and there is no refresh endpoint (spec §10.1): the session
 * must log in again. Doing that lazily on the next user request would stall that request for a
 * login round trip, and a revoked key would go unnoticed until then (the server keeps existing
 * sessions alive after the key is deactivated, spec §10.2). So we renew shortly before expiry on a
 * timer. A revoked/deactivated key reports 'key-revoked' and the app locks; transient failures
 * retry with back-off, bounded so we stay far below the login rate limit (60/hour, spec §10.5).
 */
import type { WallClock } from './types';

/** The part of PsonoSession the keeper needs. */
export interface RenewableSession {
  /** Local wall-clock ms at which the current session stops being valid; null when not logged in. */
  sessionExpiresAt(): number | null;
  /** Log in again now (new session). Must not throw; classify the outcome instead. */
  renew(): Promise<RenewOutcome>;
  /** How long before expiry renewal must happen for `renew()` to actually renew (overrides the keeper's). */
  readonly renewMarginMs?: number;
}

export type RenewOutcome =
  | { readonly ok: true }
  /** The key is gone, deactivated, or its keys do not match: do not retry. */
  | { readonly ok: false; readonly permanent: true; readonly reason: 'key-revoked' | 'session-lost' }
  /** Network, timeout, 5xx, 429, maintenance: try again later. */
  | { readonly ok: false; readonly permanent: false; readonly retryAfterMs?: number };

/** setTimeout/clearTimeout, injectable so tests can use fake timers. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SessionKeeperOptions {
  readonly clock: WallClock;
  readonly timers: Timers;
  readonly session: RenewableSession;
  /** Called once when renewal fails for good; the app locks with this reason. */
  readonly onFailed: (reason: 'key-revoked' | 'session-lost') => void;
  /** Renew this long before expiry (spec §10.3 says at most 30 s; we leave room for a slow login). */
  readonly marginMs?: number;
  readonly firstRetryMs?: number;
  readonly maxRetryMs?: number;
  /** When the session reports no expiry, check again after this long. */
  readonly idleRecheckMs?: number;
}

export const DEFAULT_RENEW_MARGIN_MS = 60_000;

export class SessionKeeper {
  readonly #options: SessionKeeperOptions;
  readonly #marginMs: number;
  readonly #firstRetryMs: number;
  readonly #maxRetryMs: number;
  readonly #idleRecheckMs: number;
  #handle: unknown = null;
  #running = false;
  #renewing: Promise<void> | null = null;
  #failures = 0;

  constructor(options: SessionKeeperOptions) {
    this.#options = options;
    this.#marginMs = options.session.renewMarginMs ?? options.marginMs ?? DEFAULT_RENEW_MARGIN_MS;
    this.#firstRetryMs = options.firstRetryMs ?? 15_000;
    this.#maxRetryMs = options.maxRetryMs ?? 5 * 60_000;
    this.#idleRecheckMs = options.idleRecheckMs ?? 30_000;
  }

  get running(): boolean {
    return this.#running;
  }

  start(): void {
    if (this.#running) {
      return;
    }
    this.#running = true;
    this.#failures = 0;
    this.#scheduleFromExpiry();
  }

  stop(): void {
    this.#running = false;
    this.#clear();
  }

  /** Resolves when a renewal in flight (if any) has finished; for tests and orderly shutdown. */
  async settled(): Promise<void> {
    await this.#renewing;
  }

  #clear(): void {
    if (this.#handle !== null) {
      this.#options.timers.clearTimeout(this.#handle);
      this.#handle = null;
    }
  }

  #schedule(delayMs: number): void {
    this.#clear();
    this.#handle = this.#options.timers.setTimeout(() => {
      this.#handle = null;
      this.#tick();
    }, Math.max(0, delayMs));
  }

  #scheduleFromExpiry(): void {
    const expiresAt = this.#options.session.sessionExpiresAt();
    if (expiresAt === null) {
      this.#schedule(this.#idleRecheckMs);
      return;
    }
    this.#schedule(expiresAt - this.#marginMs - this.#options.clock.now());
  }

  #tick(): void {
    if (!this.#running || this.#renewing !== null) {
      return;
    }
    const expiresAt = this.#options.session.sessionExpiresAt();
    // A timer can fire early relative to the wall clock (clock changes); only renew when due.
    if (expiresAt !== null && expiresAt - this.#marginMs > this.#options.clock.now()) {
      this.#scheduleFromExpiry();
      return;
    }
    this.#renewing = this.#renew().finally(() => {
      this.#renewing = null;
    });
  }

  async #renew(): Promise<void> {
    const expiryBefore = this.#options.session.sessionExpiresAt();
    let outcome: RenewOutcome;
    try {
      outcome = await this.#options.session.renew();
    } catch {
      // The contract says renew() classifies its failures; an unexpected throw is treated as transient.
      outcome = { ok: false, permanent: false };
    }
    if (!this.#running) {
      return;
    }
    if (outcome.ok) {
      this.#failures = 0;
      const expiryAfter = this.#options.session.sessionExpiresAt();
      if (expiryBefore !== null && expiryAfter !== null && expiryAfter <= expiryBefore) {
        // "Renewed" but the session did not move on: never spin; look again a little later.
        this.#schedule(this.#firstRetryMs);
        return;
      }
      this.#scheduleFromExpiry();
      return;
    }
    if (outcome.permanent) {
      this.stop();
      this.#options.onFailed(outcome.reason);
      return;
    }
    this.#failures += 1;
    const backoff = Math.min(this.#firstRetryMs * 2 ** (this.#failures - 1), this.#maxRetryMs);
    this.#schedule(Math.max(backoff, outcome.retryAfterMs ?? 0));
  }
}
