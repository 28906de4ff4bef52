/**
 * Adapts PsonoSession to the SessionKeeper. PsonoSession renews lazily: a request made within
 * 30 s of expiry logs in again first (src/core/session/session.ts). So the keeper fires 20 s
 * before expiry (KEEP_ALIVE_MARGIN_MS, inside that window) and makes one cheap authenticated
 * request; the renewal happens inside it, off the user's path. The request's own result does
 * not matter — only whether the renewal behind it worked.
 */
import type { RenewOutcome, RenewableSession } from '../../core/lock';
import { isPsonoError, type ErrorKind } from '../../core/errors';

export const KEEP_ALIVE_MARGIN_MS = 20_000;

export interface KeepAliveTarget {
  /** Local wall-clock expiry of the current server session (PsonoSession.expiresAt). */
  readonly expiresAt: number | null;
  readonly closed?: boolean;
  get(path: string): Promise<unknown>;
}

/** The key was deleted/deactivated, or its keys no longer match: renewal can never work again. */
const REVOKED: ReadonlySet<ErrorKind> = new Set(['key-inactive', 'bad-api-key']);
/** Worth another try later. */
const TRANSIENT: ReadonlySet<ErrorKind> = new Set(['network', 'tls', 'timeout', 'rate-limited', 'server-maintenance', 'server-error', 'clock-skew']);

export function classifyRenewalError(error: unknown): RenewOutcome {
  if (!isPsonoError(error)) {
    return { ok: false, permanent: false };
  }
  if (REVOKED.has(error.kind)) {
    return { ok: false, permanent: true, reason: 'key-revoked' };
  }
  if (error.kind === 'server-identity-mismatch' || error.kind === 'session-expired') {
    return { ok: false, permanent: true, reason: 'session-lost' };
  }
  if (TRANSIENT.has(error.kind)) {
    const retryAfterSeconds = error.details.retryAfterSeconds;
    return retryAfterSeconds === undefined ? { ok: false, permanent: false } : { ok: false, permanent: false, retryAfterMs: retryAfterSeconds * 1000 };
  }
  // e.g. read-not-allowed / not-found for a restricted key: the login behind the request worked.
  return { ok: true };
}

export function keepAliveSession(target: KeepAliveTarget, path = '/datastore/'): RenewableSession {
  return {
    renewMarginMs: KEEP_ALIVE_MARGIN_MS,
    sessionExpiresAt: () => (target.closed ? null : target.expiresAt),
    renew: async () => {
      try {
        await target.get(path);
        return { ok: true };
      } catch (error) {
        return classifyRenewalError(error);
      }
    },
  };
}
