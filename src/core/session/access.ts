/**
 * How an API key reaches its secrets (spec, the happy path and §6.7): an unrestricted key logs in
 * and reads its datastores through a session; a restricted key ("restrict to secrets") never logs
 * in, and reads the secrets attached to it session-less. A login is not free for the key's owner:
 * on a server with ALLOW_MULTIPLE_SESSIONS=false it ends every other session of theirs, browser
 * sessions included (§4.2), and it counts against the 60-logins-per-hour limit (§10.5). The key's
 * flags come from `POST /api-key-access/inspect/`, unless the caller knows the key as unrestricted
 * (`KeyAccessHint`). A key that may not read is refused (`read-not-allowed`), never opened as an
 * empty vault.
 */
import { enableFastCrypto } from '../crypto';
import { PsonoError, type ErrorKind } from '../errors';
import type { ApiKeyCredentials } from './credentials';
import { checkServer, type ServerCheck } from './server-info';
import { PsonoSession, type SessionDeps } from './session';
import { SessionlessApi, type ApiKeyInspection } from './sessionless';

export type KeyAccess =
  | { readonly restricted: false; readonly session: PsonoSession }
  | {
      readonly restricted: true;
      readonly api: SessionlessApi;
      /** The inspection that showed the key restricted: its attached secrets, read once. */
      readonly inspection: ApiKeyInspection;
      /** GET /info/'s result; null when the caller skipped the check. */
      readonly server: ServerCheck | null;
    };

/**
 * Failures of the inspection that a login would meet as well: reported as they are. Any other
 * (a server without session-less access, an unknown or inactive key) falls back to the login,
 * which reports it in its own, more precise terms.
 */
const SHARED_FAILURES: ReadonlySet<ErrorKind> = new Set<ErrorKind>(['network', 'tls', 'timeout', 'rate-limited', 'server-maintenance']);

/** What the caller already knows of the key: its flags as last seen (main's stored profile). */
export interface KeyAccessHint {
  readonly restricted: boolean;
}

/** What the key opened, before the server's identity is known. */
type Opened =
  | { readonly restricted: false; readonly session: PsonoSession }
  | { readonly restricted: true; readonly api: SessionlessApi; readonly inspection: ApiKeyInspection };

/**
 * How the server proves its identity. A key known as unrestricted logs in straight away, and no
 * GET /info/ is made: the login answer is signed with the pinned SERVER_SIGNATURE over a session
 * encrypted to this login's fresh key pair, so a forged or replayed answer opens nothing (spec
 * §4.3). Otherwise GET /info/ runs alongside the first key request instead of before it. What is
 * sent meanwhile holds no secret: the inspection carries the key id, the login a signed request
 * (key id, a fresh session public key, device description and fingerprint). Nothing that came back
 * is used before /info/ is verified: if it fails, the session is dropped (not logged out) and that
 * failure is reported. The inspection's answer is not signed, so a restricted key is never read
 * without /info/.
 */
export async function openKeyAccess(credentials: ApiKeyCredentials, deps: SessionDeps, hint?: KeyAccessHint): Promise<KeyAccess> {
  // libsodium first: its WASM compiles in the background while the HTTP client loads and the first
  // requests travel; the first signature check or login awaits it.
  void enableFastCrypto();
  const loginDeps: SessionDeps = { ...deps, checkServerFirst: false };
  if (hint?.restricted === false) {
    // Should the key have become restricted since, the login shows it and its session ends below.
    return settleLogin(await PsonoSession.login(credentials, loginDeps), credentials, deps, null);
  }
  const checking = checkServerUnlessSkipped(credentials, deps);
  const [checked, opened] = await Promise.allSettled([checking, inspectThenLogin(credentials, loginDeps)]);
  if (checked.status === 'rejected') {
    if (opened.status === 'fulfilled' && opened.value !== 'refused-read') {
      dropUnverified(opened.value);
    }
    throw checked.reason;
  }
  if (opened.status === 'rejected') {
    throw opened.reason;
  }
  const server = checked.value;
  const access = opened.value;
  if (access === 'refused-read') {
    throw readRefused();
  }
  if (access.restricted) {
    return { ...access, server };
  }
  if (server !== null) {
    access.session.adoptServerCheck(server);
  }
  return settleLogin(access.session, credentials, deps, server);
}

function checkServerUnlessSkipped(credentials: ApiKeyCredentials, deps: SessionDeps): Promise<ServerCheck | null> {
  return deps.checkServerFirst === false ? Promise.resolve(null) : checkServer(credentials.serverUrl, credentials.serverSignature, credentials.serverPublicKey, deps);
}

/** A verified login: refused if the key may not read; read session-less if it turned out restricted. */
async function settleLogin(session: PsonoSession, credentials: ApiKeyCredentials, deps: SessionDeps, server: ServerCheck | null): Promise<KeyAccess> {
  if (!session.flags.read) {
    // Every read would be refused with 403; an empty vault must not stand in for that.
    await session.logout();
    throw readRefused();
  }
  if (!session.restricted) {
    return { restricted: false, session };
  }
  // The flags changed since the inspection or the hint (or the inspection was not possible): end
  // the session at once and read session-less after all, with the server verified by /info/.
  await session.logout();
  const [checked, inspected] = await Promise.allSettled([server === null ? checkServerUnlessSkipped(credentials, deps) : Promise.resolve(server), inspect(credentials, deps)]);
  if (checked.status === 'rejected') {
    if (inspected.status === 'fulfilled') {
      inspected.value.api.wipe();
    }
    throw checked.reason;
  }
  if (inspected.status === 'rejected') {
    throw inspected.reason;
  }
  if (!inspected.value.inspection.read) {
    inspected.value.api.wipe();
    throw readRefused();
  }
  return { restricted: true, ...inspected.value, server: checked.value };
}

function readRefused(): PsonoError {
  return new PsonoError('read-not-allowed');
}

function dropUnverified(opened: Opened): void {
  if (opened.restricted) {
    opened.api.wipe();
  } else {
    opened.session.wipe();
  }
}

/**
 * The inspection, then the login if it shows the key unrestricted (or cannot tell). A key the
 * inspection shows read-disabled is refused without a login, once /info/ has been verified.
 */
async function inspectThenLogin(credentials: ApiKeyCredentials, deps: SessionDeps): Promise<Opened | 'refused-read'> {
  const inspected = await inspectKey(credentials, deps);
  if (inspected === 'refused-read') {
    return inspected;
  }
  return inspected === null ? { restricted: false, session: await PsonoSession.login(credentials, deps) } : { restricted: true, ...inspected };
}

/** Ends what `openKeyAccess` opened: the session's logout (best effort, never throws), or the session-less key's wipe. */
export async function closeKeyAccess(access: KeyAccess): Promise<void> {
  if (access.restricted) {
    access.api.wipe();
  } else {
    await access.session.logout();
  }
}

/** The session-less API with the key's inspection; the API's copy of the key is wiped if the inspection fails. */
async function inspect(credentials: ApiKeyCredentials, deps: SessionDeps): Promise<{ api: SessionlessApi; inspection: ApiKeyInspection }> {
  const api = new SessionlessApi(credentials, deps);
  try {
    return { api, inspection: await api.inspect() };
  } catch (error) {
    api.wipe();
    throw error;
  }
}

/**
 * The session-less API and its inspection if the key is restricted; 'refused-read' if it may not
 * read; null if it is unrestricted, or if that cannot be told.
 */
async function inspectKey(credentials: ApiKeyCredentials, deps: SessionDeps): Promise<{ api: SessionlessApi; inspection: ApiKeyInspection } | 'refused-read' | null> {
  let inspected: { api: SessionlessApi; inspection: ApiKeyInspection };
  try {
    inspected = await inspect(credentials, deps);
  } catch (error) {
    if (!(error instanceof PsonoError) || SHARED_FAILURES.has(error.kind)) {
      throw error;
    }
    return null;
  }
  if (!inspected.inspection.read) {
    // A restricted key would list its secrets and have every read refused; an unrestricted one
    // would log in only to be refused every GET.
    inspected.api.wipe();
    return 'refused-read';
  }
  if (inspected.inspection.restrictToSecrets) {
    return inspected;
  }
  inspected.api.wipe();
  return null;
}
