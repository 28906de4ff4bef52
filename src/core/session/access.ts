/**
 * How an API key reaches its secrets (spec, the happy path and §6.7): an unrestricted key logs in
 * and reads its datastores through a session; a restricted key ("restrict to secrets") never logs
 * in, and reads the secrets attached to it session-less. A login is not free for the key's owner:
 * on a server with ALLOW_MULTIPLE_SESSIONS=false it ends every other session of theirs, browser
 * sessions included (§4.2), and it counts against the 60-logins-per-hour limit (§10.5). The key's
 * flags come from `POST /api-key-access/inspect/`, asked after the server has proven its identity,
 * unless the caller knows the key as unrestricted (`KeyAccessHint`).
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

export async function openKeyAccess(credentials: ApiKeyCredentials, deps: SessionDeps, hint?: KeyAccessHint): Promise<KeyAccess> {
  // libsodium for the signatures, the datastore or the attached secrets (once per process).
  await enableFastCrypto();
  const server =
    deps.checkServerFirst === false
      ? null
      : await checkServer(credentials.serverUrl, credentials.serverSignature, credentials.serverPublicKey, deps);
  // A key last seen unrestricted logs in straight away, without the inspection's round trip; should
  // it have become restricted since, the login shows it and its session ends below.
  const inspected = hint?.restricted === false ? null : await inspectKey(credentials, deps);
  if (inspected !== null) {
    return { restricted: true, api: inspected.api, inspection: inspected.inspection, server };
  }
  const session = await PsonoSession.login(credentials, { ...deps, checkServerFirst: false, ...(server ? { serverCheck: server } : {}) });
  if (!session.restricted) {
    return { restricted: false, session };
  }
  // The flags changed between the inspection and the login (or the inspection was not possible):
  // end the session at once and read session-less after all.
  await session.logout();
  return { restricted: true, ...(await inspect(credentials, deps)), server };
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

/** The session-less API and its inspection if the key is restricted; null if it is not, or if that cannot be told. */
async function inspectKey(credentials: ApiKeyCredentials, deps: SessionDeps): Promise<{ api: SessionlessApi; inspection: ApiKeyInspection } | null> {
  let inspected: { api: SessionlessApi; inspection: ApiKeyInspection };
  try {
    inspected = await inspect(credentials, deps);
  } catch (error) {
    if (!(error instanceof PsonoError) || SHARED_FAILURES.has(error.kind)) {
      throw error;
    }
    return null;
  }
  if (inspected.inspection.restrictToSecrets) {
    return inspected;
  }
  inspected.api.wipe();
  return null;
}
