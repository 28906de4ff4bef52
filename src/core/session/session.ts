/**
 * An API-key session (spec §4, §5, §10): login, authenticated encrypted requests, invisible
 * renewal, logout. Callers see decrypted JSON or a `PsonoError`; re-logins happen underneath.
 *
 * Renewal rules, and why:
 * - Renew before `session_valid_till` minus a margin, with the expiry converted to the local
 *   clock through the login response's `Date` header (spec §10.3), so a wrong local clock does
 *   not matter.
 * - On 401: log in once and retry once. Concurrent requests share one in-flight login, and a
 *   request whose session was already replaced simply retries with the new one — no login storms
 *   against the 60 logins/hour limit.
 * - A login that fails for a lasting reason (bad key, revoked key, wrong server) makes the session
 *   dead: later calls throw the same error without contacting the server. A 429 on login blocks
 *   logins until Retry-After has passed. Nothing here loops.
 */
import { boxKeyPair, enableFastCrypto, openJson, sealJson, type BoxKeyPair } from '../crypto';
import { PsonoError } from '../errors';
import { endpointUrl, responseText, type HttpMethod, type HttpResponse, type HttpTransport } from '../http';
import type { SecretBytes, SecretText } from '../sensitive';
import { copyCredentials, wipeCredentials, type ApiKeyCredentials } from './credentials';
import { buildLoginRequest, keepIfSame, loginStatusError, openLoginResponse, SESSION_DURATION_SECONDS, sessionLifetimeMs, type ApiKeyFlags, type LoginResult } from './login';
import { authenticatedStatusError, isJsonObject, parseBody, parseServerTime, tryParseJson, unauthorizedError } from './responses';
import { checkServer, DEFAULT_TIMEOUT_MS, type ServerCheck } from './server-info';

export interface SessionDeps {
  readonly transport: HttpTransport;
  /** Milliseconds since the epoch; injectable for tests. */
  readonly clock?: () => number;
  /** One random UUID per installation (spec §5.2); sent at login and proven on every request. */
  readonly deviceFingerprint: string;
  /** Shown in Psono's "active sessions" list, e.g. "Psono Tray on work-pc". */
  readonly deviceDescription: string;
  /** Per-request deadline (default 30 s). */
  readonly timeoutMs?: number;
  /** Deadline for the best-effort logout call (default 5 s). */
  readonly logoutTimeoutMs?: number;
  /** Requested session length; the server clamps it (default 600 s, spec §4.1). */
  readonly sessionDurationSeconds?: number;
  /** Call GET /info/ before the first login for early, clear identity errors (default true). */
  readonly checkServerFirst?: boolean;
  /** GET /info/ already checked by the caller (`openKeyAccess`): not asked again, kept for display. */
  readonly serverCheck?: ServerCheck;
  /** Test seam: the throw-away X25519 key pair of each login (production: a fresh random one). */
  readonly newSessionKeyPair?: () => BoxKeyPair;
}

/** Renew at most this long before the server's expiry (spec §10.3). */
const RENEW_MARGIN_MS = 30_000;
const DEFAULT_LOGOUT_TIMEOUT_MS = 5_000;

/** Login failures that another attempt with the same credentials cannot fix. */
const LASTING_LOGIN_FAILURES = new Set(['bad-api-key', 'key-inactive', 'server-identity-mismatch', 'invalid-input']);

const PATH_PATTERN = /^\/[A-Za-z0-9._~\-/]*\/$/;

interface ServerSession {
  readonly generation: number;
  readonly token: SecretText;
  readonly key: SecretBytes;
  /** Local clock time at which we renew. */
  readonly renewAt: number;
  readonly expiresAt: number;
  users: number;
  retired: boolean;
}

type Outcome = { readonly unauthorized: false; readonly value: unknown } | { readonly unauthorized: true; readonly detail: string };

export class PsonoSession {
  readonly #credentials: ApiKeyCredentials;
  readonly #deps: SessionDeps;
  readonly #clock: () => number;
  #current: ServerSession | null = null;
  #generation = 0;
  #loginInFlight: Promise<ServerSession> | null = null;
  #lastingFailure: PsonoError | null = null;
  #loginBlockedUntil = 0;
  #closed = false;
  #userSecretKey: SecretBytes | null = null;
  #userPrivateKey: SecretBytes | null = null;
  #flags: ApiKeyFlags = { read: false, write: false, restrictToSecrets: false, allowInsecureAccess: false };
  #username: string | null = null;
  #serverVersion: string | null = null;
  #serverFingerprint: string | null = null;

  private constructor(credentials: ApiKeyCredentials, deps: SessionDeps) {
    this.#credentials = copyCredentials(credentials);
    this.#deps = deps;
    this.#clock = deps.clock ?? Date.now;
  }

  /**
   * Checks the server identity (GET /info/) and logs in. The session keeps its own copy of the
   * credentials for renewals; the caller may wipe theirs.
   */
  static async login(credentials: ApiKeyCredentials, deps: SessionDeps): Promise<PsonoSession> {
    // libsodium for the signatures and the multi-megabyte datastore (once per process, ~40 ms;
    // main may call it earlier). Falls back to tweetnacl by itself.
    await enableFastCrypto();
    const session = new PsonoSession(credentials, deps);
    try {
      if (deps.serverCheck !== undefined) {
        session.#serverVersion = deps.serverCheck.version;
        session.#serverFingerprint = deps.serverCheck.fingerprint;
      } else if (deps.checkServerFirst !== false) {
        const check = await checkServer(credentials.serverUrl, credentials.serverSignature, credentials.serverPublicKey, {
          transport: deps.transport,
          timeoutMs: session.#timeoutMs,
          clock: session.#clock,
        });
        session.#serverVersion = check.version;
        session.#serverFingerprint = check.fingerprint;
      }
      await session.#renew();
      return session;
    } catch (error) {
      session.wipe();
      throw error;
    }
  }

  get restricted(): boolean {
    return this.#flags.restrictToSecrets;
  }

  get username(): string | null {
    return this.#username;
  }

  get flags(): ApiKeyFlags {
    return this.#flags;
  }

  /** From GET /info/ (null if the check was skipped). */
  get serverVersion(): string | null {
    return this.#serverVersion;
  }

  get serverFingerprint(): string | null {
    return this.#serverFingerprint;
  }

  /** Keeps a GET /info/ result verified alongside the login (`openKeyAccess`), for display. */
  adoptServerCheck(check: ServerCheck): void {
    this.#serverVersion = check.version;
    this.#serverFingerprint = check.fingerprint;
  }

  /** Local-clock time (ms) at which the current server session ends; null when there is none. */
  get expiresAt(): number | null {
    return this.#current?.expiresAt ?? null;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /**
   * The user's symmetric key that unlocks datastores (spec §4.4). Owned by the session: valid until
   * `wipe()`/`logout()`; do not wipe it yourself. Restricted keys have none.
   */
  userSecretKey(): SecretBytes {
    this.#assertOpen();
    if (this.#userSecretKey === null) {
      throw new PsonoError('read-not-allowed', { detail: 'This API key is restricted to single secrets and cannot open the vault.' });
    }
    return this.#userSecretKey;
  }

  /** Authenticated GET; returns the decrypted JSON (null for an empty body). */
  get(path: string): Promise<unknown> {
    return this.#call('GET', path, undefined);
  }

  /** Authenticated POST with an encrypted JSON body (no body when `body` is undefined). */
  post(path: string, body?: unknown): Promise<unknown> {
    return this.#call('POST', path, body);
  }

  /**
   * Ends the server session (best effort, bounded wait, never a re-login) and wipes every key.
   * Never throws.
   */
  async logout(): Promise<void> {
    if (this.#closed) {
      return;
    }
    // Closing first stops new logins; a login still in flight is discarded when it returns (its
    // server session then simply runs out), so logout never waits longer than its own timeout.
    this.#closed = true;
    const session = this.#current;
    if (session !== null && !session.retired) {
      session.users += 1;
      try {
        await this.#deps.transport.send({
          method: 'POST',
          url: endpointUrl(this.#credentials.serverUrl, '/authentication/logout/'),
          // Not kept alive: an idle connection would go on referencing this request and its token.
          headers: { ...this.#authHeaders(session, false), Connection: 'close' },
          body: '',
          timeoutMs: Math.min(this.#deps.logoutTimeoutMs ?? DEFAULT_LOGOUT_TIMEOUT_MS, this.#timeoutMs),
        });
      } catch {
        // Best effort by design (spec §10.3): the session ends at valid_till anyway, and we wipe below.
      } finally {
        session.users -= 1;
      }
    }
    this.wipe();
  }

  /**
   * Forgets the session without telling the server; zero-fills every key and drops the transport's
   * idle connections, which may still reference a request carrying the session token. Idempotent.
   */
  wipe(): void {
    this.#closed = true;
    this.#deps.transport.closeIdle?.();
    if (this.#current !== null) {
      this.#retire(this.#current, true);
      this.#current = null;
    }
    this.#userSecretKey?.wipe();
    this.#userPrivateKey?.wipe();
    this.#userSecretKey = null;
    this.#userPrivateKey = null;
    if (!this.#credentials.privateKey.wiped) {
      wipeCredentials(this.#credentials);
    }
  }

  get #timeoutMs(): number {
    return this.#deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  #assertOpen(): void {
    if (this.#closed) {
      throw new PsonoError('session-expired', { detail: 'The session was closed (logged out or locked).' });
    }
  }

  async #call(method: HttpMethod, path: string, body: unknown): Promise<unknown> {
    if (!PATH_PATTERN.test(path)) {
      // Programming error, but reported as a value: every Psono path starts and ends with "/" (spec §1).
      throw new PsonoError('invalid-input', { detail: 'An API path must start and end with "/".' });
    }
    this.#assertOpen();
    let renewedInThisCall = false;
    const existing = this.#current;
    let session: ServerSession;
    if (existing === null || this.#clock() >= existing.renewAt) {
      try {
        session = await this.#renew();
        renewedInThisCall = true;
      } catch (error) {
        // An early renewal that failed for a passing reason (network, 429, 5xx) is no reason to
        // fail a request the old session can still serve; a lasting failure (revoked key) is.
        if (existing === null || existing.retired || this.#clock() >= existing.expiresAt || this.#lastingFailure !== null) {
          throw error;
        }
        session = existing;
      }
    } else {
      session = existing;
    }
    let outcome = await this.#exchange(session, method, path, body);
    if (!outcome.unauthorized) {
      return outcome.value;
    }
    if (!renewedInThisCall) {
      // 401: renew once (or pick up a renewal another request already made) and retry once.
      session = await this.#renewAfter(session);
      outcome = await this.#exchange(session, method, path, body);
      if (!outcome.unauthorized) {
        return outcome.value;
      }
    }
    this.#dropIfCurrent(session);
    throw unauthorizedError(outcome.detail);
  }

  /** Sends one request with `session`, holding its key until the response is decoded. */
  async #exchange(session: ServerSession, method: HttpMethod, path: string, body: unknown): Promise<Outcome> {
    session.users += 1;
    try {
      const bodyText = body === undefined ? (method === 'GET' ? undefined : '') : JSON.stringify(sealJson(body, session.key));
      const response = await this.#deps.transport.send({
        method,
        url: endpointUrl(this.#credentials.serverUrl, path),
        headers: this.#authHeaders(session, bodyText !== undefined && bodyText !== ''),
        ...(bodyText === undefined ? {} : { body: bodyText }),
        timeoutMs: this.#timeoutMs,
      });
      this.#assertOpen();
      return this.#decode(session, method, response);
    } catch (error) {
      if (!(error instanceof PsonoError) && (this.#closed || session.key.wiped)) {
        // The keys were wiped while this request was in flight: report that, not the wiped buffer.
        this.#assertOpen();
        throw new PsonoError('session-expired', { detail: 'The session was replaced while a request was in flight.' }, { cause: error });
      }
      throw error;
    } finally {
      session.users -= 1;
      if (session.retired && session.users === 0) {
        wipeServerSession(session);
      }
    }
  }

  #decode(session: ServerSession, method: HttpMethod, response: HttpResponse): Outcome {
    if (response.status === 401) {
      // 401s are never encrypted (spec §5.4); keep only the known prefixes of the detail.
      const parsed = tryParseJson(response);
      const detail = isJsonObject(parsed) && typeof parsed['detail'] === 'string' ? parsed['detail'] : '';
      return { unauthorized: true, detail };
    }
    if (response.status >= 200 && response.status < 300) {
      const envelope = parseBody(response, 'response');
      if (envelope === undefined) {
        // An empty body is the one 2xx answer the server does not encrypt (spec §5.4).
        return { unauthorized: false, value: null };
      }
      if (!isEnvelope(envelope)) {
        // The server encrypts every authenticated result (spec §5.4); plain JSON here means someone else wrote it.
        throw new PsonoError('malformed-response', { status: response.status, detail: '(unencrypted response; it may have been tampered with)' });
      }
      return { unauthorized: false, value: openJson(envelope.text, envelope.nonce, session.key, 'response') };
    }
    const parsed = tryParseJson(response);
    const errorBody = isEnvelope(parsed) ? openJson(parsed.text, parsed.nonce, session.key, 'error response') : parsed;
    throw authenticatedStatusError(response, method, errorBody, this.#clock(), this.#flags);
  }

  #authHeaders(session: ServerSession, hasBody: boolean): Record<string, string> {
    const validator = sealJson(
      { request_time: new Date(this.#clock()).toISOString(), request_device_fingerprint: this.#deps.deviceFingerprint },
      session.key,
    );
    const headers: Record<string, string> = {
      Accept: '*/*',
      Authorization: `Token ${session.token.expose()}`,
      'Authorization-Validator': JSON.stringify({ text: validator.text, nonce: validator.nonce }),
    };
    if (hasBody) {
      headers['Content-Type'] = 'application/json';
    }
    return headers;
  }

  /** After a 401 on `failed`: reuse a session another request already obtained, else log in. */
  #renewAfter(failed: ServerSession): Promise<ServerSession> {
    this.#assertOpen();
    const current = this.#current;
    if (current !== null && current.generation > failed.generation && this.#clock() < current.renewAt) {
      return Promise.resolve(current);
    }
    this.#dropIfCurrent(failed);
    return this.#renew();
  }

  /** One login at a time; every caller waiting for a session shares it. */
  #renew(): Promise<ServerSession> {
    if (this.#loginInFlight === null) {
      this.#loginInFlight = this.#login().finally(() => {
        this.#loginInFlight = null;
      });
    }
    return this.#loginInFlight;
  }

  async #login(): Promise<ServerSession> {
    this.#assertOpen();
    if (this.#lastingFailure !== null) {
      throw this.#lastingFailure;
    }
    const now = this.#clock();
    if (now < this.#loginBlockedUntil) {
      throw new PsonoError('rate-limited', { retryAfterSeconds: Math.ceil((this.#loginBlockedUntil - now) / 1000) });
    }
    const keyPair = (this.#deps.newSessionKeyPair ?? boxKeyPair)();
    let result: LoginResult;
    let response: HttpResponse;
    const sentAt = this.#clock();
    try {
      const request = buildLoginRequest({
        apiKeyId: this.#credentials.apiKeyId,
        privateKeySeed: this.#credentials.privateKey,
        sessionKeyPair: keyPair,
        deviceFingerprint: this.#deps.deviceFingerprint,
        deviceDescription: this.#deps.deviceDescription,
        deviceTimeMs: sentAt,
        ...(this.#deps.sessionDurationSeconds === undefined ? {} : { sessionDurationSeconds: this.#deps.sessionDurationSeconds }),
      });
      response = await this.#deps.transport.send({
        method: 'POST',
        url: endpointUrl(this.#credentials.serverUrl, '/api-key/login/'),
        headers: { Accept: '*/*', 'Content-Type': 'application/json' },
        body: request.bodyText,
        timeoutMs: this.#timeoutMs,
      });
      if (response.status < 200 || response.status >= 300) {
        throw loginStatusError(response, this.#clock());
      }
      this.#assertOpen();
      result = openLoginResponse(responseText(response), this.#credentials, keyPair.secretKey);
    } catch (error) {
      this.#noteLoginFailure(error);
      throw error;
    } finally {
      // The throw-away key only opens this one login answer (spec §4.3 step 3).
      keyPair.secretKey.wipe();
    }
    return this.#install(result, response, sentAt);
  }

  #noteLoginFailure(error: unknown): void {
    if (!(error instanceof PsonoError)) {
      return;
    }
    if (LASTING_LOGIN_FAILURES.has(error.kind)) {
      this.#lastingFailure = error;
    } else if (error.kind === 'rate-limited') {
      // Without a Retry-After, wait a minute rather than spend more of the 60 logins/hour.
      this.#loginBlockedUntil = this.#clock() + (error.details.retryAfterSeconds ?? 60) * 1000;
    }
  }

  #install(result: LoginResult, response: HttpResponse, sentAt: number): ServerSession {
    const wipeResult = (): void => {
      result.token.wipe();
      result.sessionSecretKey.wipe();
      result.userSecretKey?.wipe();
      result.userPrivateKey?.wipe();
    };
    if (this.#closed) {
      wipeResult();
      this.#assertOpen();
    }
    const validTill = parseServerTime(result.sessionValidTill);
    if (Number.isNaN(validTill)) {
      wipeResult();
      throw new PsonoError('malformed-response', { detail: '(login info: session_valid_till is not a timestamp)' });
    }
    const requestedMs = (this.#deps.sessionDurationSeconds ?? SESSION_DURATION_SECONDS) * 1000;
    const lifetime = Math.max(0, sessionLifetimeMs(validTill, response.headers['date'], sentAt, requestedMs));
    const expiresAt = sentAt + lifetime;
    // Short sessions (test servers, strict operators) would otherwise renew before every request.
    const margin = Math.min(RENEW_MARGIN_MS, lifetime / 4);

    const session: ServerSession = {
      generation: ++this.#generation,
      token: result.token,
      key: result.sessionSecretKey,
      renewAt: expiresAt - margin,
      expiresAt,
      users: 0,
      retired: false,
    };
    if (this.#current !== null) {
      this.#retire(this.#current, false);
    }
    this.#current = session;

    this.#flags = result.flags;
    this.#username = result.username;
    this.#replaceUserKeys(result.userSecretKey, result.userPrivateKey);
    return session;
  }

  /** User keys are the same on every login of one API key; keep the objects callers already hold. */
  #replaceUserKeys(secretKey: SecretBytes | null, privateKey: SecretBytes | null): void {
    this.#userSecretKey = keepIfSame(this.#userSecretKey, secretKey);
    this.#userPrivateKey = keepIfSame(this.#userPrivateKey, privateKey);
  }

  #dropIfCurrent(session: ServerSession): void {
    if (this.#current === session) {
      this.#retire(session, false);
      this.#current = null;
    }
  }

  /** Marks a session unused from now on; its key is wiped as soon as no request still needs it. */
  #retire(session: ServerSession, now: boolean): void {
    session.retired = true;
    if (now || session.users === 0) {
      wipeServerSession(session);
    }
  }
}

function wipeServerSession(session: ServerSession): void {
  session.token.wipe();
  session.key.wipe();
}

function isEnvelope(value: unknown): value is { text: string; nonce: string } {
  return isJsonObject(value) && typeof value['text'] === 'string' && typeof value['nonce'] === 'string';
}
