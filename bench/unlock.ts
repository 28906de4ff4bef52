/**
 * Unlock → searchable, three ways against the same server:
 * - ours: openKeyAccess (the server check and the login) + loadSearchableVault (src/main: loadVault and the search index), exactly what main does;
 * - the lower bound: the very requests ours made, replayed raw, each as soon as the answer it
 *   depends on is in, with the same parallelism and nothing done to the answers, plus (measured
 *   apart) the client-side crypto and parsing of the very bytes ours received;
 * - a naive reader: the approach of Psono's API-key example, written from the spec (sequential-reader.ts).
 */
import { credentialFields, type DevServerApiKey } from '../devserver/index';
import { boxKeyPair, keyFromHex, openJson, parseJsonFast, sealJson, unwrapKey, type BoxKeyPair } from '../src/core/crypto';
import { responseText, type HttpRequest, type HttpResponse, type HttpTransport } from '../src/core/http';
import { buildSearchIndex, type SearchIndex } from '../src/core/search';
import { buildLoginRequest, checkServer, openKeyAccess, openLoginResponse, parseCredentials, type ApiKeyCredentials, type PsonoSession } from '../src/core/session';
import { SecretBytes } from '../src/core/sensitive';
import { boundedRunner, type Vault } from '../src/core/vault';
import { loadSearchableVault } from '../src/main/vault/psono-vault-service';
import type { IndexedEntry } from '../src/main/vault/vault-service';
import { NodeHttpTransport } from '../src/platform/http-transport';
import { RawHttp, type RawRequest } from './raw-http';
import { readSequentially } from './sequential-reader';

export const CONCURRENCY = 8;
const FINGERPRINT = 'psono-tray-bench-device';

export function credentialsOf(key: DevServerApiKey): ApiKeyCredentials {
  return parseCredentials(credentialFields(key));
}

export interface Unlocked {
  readonly ms: number;
  /** After loadVault returned: the search index build (part of ms). */
  readonly indexMs: number;
  readonly session: PsonoSession;
  readonly vault: Vault;
  readonly index: SearchIndex<IndexedEntry>;
  readonly transport: NodeHttpTransport;
}

// ---------------------------------------------------------------------------------------------
// ours

export async function unlockOurs(credentials: ApiKeyCredentials, wrap?: (transport: HttpTransport) => HttpTransport, keyPairs?: BoxKeyPair[]): Promise<Unlocked> {
  // A fresh transport each time: unlocking after idle starts with cold connections.
  const transport = new NodeHttpTransport();
  const started = performance.now();
  // As main's unlock opens a key its profile knows as unrestricted: the login alone (no /info/).
  const access = await openKeyAccess(
    credentials,
    {
      transport: wrap ? wrap(transport) : transport,
      deviceFingerprint: FINGERPRINT,
      deviceDescription: 'psono-tray bench',
      ...(keyPairs ? { newSessionKeyPair: () => remember(keyPairs) } : {}),
    },
    { restricted: false },
  );
  if (access.restricted) {
    throw new Error('bench: the bench key is restricted');
  }
  const session = access.session;
  // Exactly main's unlock: vault, then the search index.
  const loadStarted = performance.now();
  const { vault, index } = await loadSearchableVault(session, { concurrency: CONCURRENCY });
  const ended = performance.now();
  // After loadVault returned: the index build.
  const indexMs = ended - loadStarted - vault.stats.timings.totalMs;
  return { ms: ended - started, indexMs, session, vault, index, transport };
}

function remember(keyPairs: BoxKeyPair[]): BoxKeyPair {
  const pair = boxKeyPair();
  keyPairs.push({ publicKey: pair.publicKey, secretKey: SecretBytes.copyOf(pair.secretKey.expose()) });
  return pair;
}

export async function closeUnlocked(unlocked: Unlocked): Promise<void> {
  unlocked.vault.wipe();
  await unlocked.session.logout();
  unlocked.transport.close();
}

// ---------------------------------------------------------------------------------------------
// capture: what ours sent and received, grouped by dependency

export interface Exchange {
  readonly request: HttpRequest;
  readonly response: HttpResponse;
}

/** Requests that ours issued while nothing else was in flight start a new group (a dependency step). */
class RecordingTransport implements HttpTransport {
  readonly groups: Exchange[][] = [];
  #inFlight = 0;
  constructor(private readonly inner: HttpTransport) {}

  async send(request: HttpRequest): Promise<HttpResponse> {
    if (this.#inFlight === 0) {
      this.groups.push([]);
    }
    const group = this.groups[this.groups.length - 1]!;
    this.#inFlight++;
    try {
      const response = await this.inner.send(request);
      group.push({ request, response });
      return response;
    } finally {
      this.#inFlight--;
    }
  }
}

export interface Capture {
  readonly groups: Exchange[][];
  readonly keyPair: BoxKeyPair;
  readonly requestCount: number;
  readonly responseBytes: number;
  readonly shareKeys: ReadonlyMap<string, string>;
  /**
   * Share id → the exchange (index into groups.flat()) whose decrypted payload first listed it: the
   * earliest answer after which a client can know the share's id and request it.
   */
  readonly shareParents: ReadonlyMap<string, number>;
}

export async function capture(credentials: ApiKeyCredentials): Promise<Capture> {
  let recorder: RecordingTransport | null = null;
  const keyPairs: BoxKeyPair[] = [];
  const unlocked = await unlockOurs(credentials, (inner) => (recorder = new RecordingTransport(inner)), keyPairs);
  // Up to searchable only; the logout below is not part of unlocking.
  const groups = [...((recorder as RecordingTransport | null)?.groups ?? [])];
  await closeUnlocked(unlocked);
  let requestCount = 0;
  let responseBytes = 0;
  for (const group of groups) {
    for (const { response } of group) {
      requestCount++;
      responseBytes += response.body.length;
    }
  }
  const { keys, parents } = collectShareKeys(groups, credentials, keyPairs[0]!);
  return { groups, keyPair: keyPairs[0]!, requestCount, responseBytes, shareKeys: keys, shareParents: parents };
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Untimed: every share id → its key and its first parent, from the share_index entries of the decrypted payloads. */
function collectShareKeys(groups: Exchange[][], credentials: ApiKeyCredentials, keyPair: BoxKeyPair): { keys: Map<string, string>; parents: Map<string, number> } {
  const keys = new Map<string, string>();
  const parents = new Map<string, number>();
  let current = -1;
  const login = findExchange(groups, '/api-key/login/');
  const result = openLoginResponse(responseText(login.response), credentials, keyPair.secretKey);
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
    } else if (isObject(value)) {
      const index = value['share_index'];
      if (isObject(index)) {
        for (const [id, entry] of Object.entries(index)) {
          if (isObject(entry) && typeof entry['secret_key'] === 'string') {
            keys.set(id, entry['secret_key']);
          }
          if (!parents.has(id)) {
            parents.set(id, current);
          }
        }
      }
      Object.values(value).forEach(visit);
    }
  };
  for (const [exchange, { request, response }] of groups.flat().entries()) {
    current = exchange;
    const path = new URL(request.url).pathname;
    if (/\/datastore\/[0-9a-f-]{36}\/$/.test(path)) {
      visit(openDatastore(response.body, result.sessionSecretKey, result.userSecretKey!));
    } else if (/\/share\/[0-9a-f-]{36}\/$/.test(path)) {
      const id = path.split('/').at(-2)!;
      const key = keys.get(id);
      if (key !== undefined) {
        visit(openShare(response.body, result.sessionSecretKey, key));
      }
    }
  }
  return { keys, parents };
}

function findExchange(groups: Exchange[][], suffix: string): Exchange {
  for (const group of groups) {
    for (const exchange of group) {
      if (new URL(exchange.request.url).pathname.endsWith(suffix)) {
        return exchange;
      }
    }
  }
  throw new Error(`bench: ours never requested ${suffix}`);
}

/** The transport envelope from the body's bytes, as the session reads it. */
function openEnvelope(body: Uint8Array, sessionKey: SecretBytes): unknown {
  const envelope = parseJsonFast(new TextDecoder().decode(body), 'response') as { text: string; nonce: string };
  return openJson(envelope.text, envelope.nonce, sessionKey, 'response');
}

function openDatastore(body: Uint8Array, sessionKey: SecretBytes, userKey: SecretBytes): unknown {
  const response = openEnvelope(body, sessionKey) as Json;
  const datastoreKey = unwrapKey(response['secret_key'] as string, response['secret_key_nonce'] as string, userKey, 'datastore key');
  const content = openJson(response['data'] as string, response['data_nonce'] as string, datastoreKey, 'datastore');
  datastoreKey.wipe();
  return content;
}

function openShare(body: Uint8Array, sessionKey: SecretBytes, keyHex: string): unknown {
  const response = openEnvelope(body, sessionKey) as Json;
  const key = keyFromHex(keyHex, 'share key');
  const content = openJson(response['data'] as string, response['data_nonce'] as string, key, 'share');
  key.wipe();
  return content;
}

// ---------------------------------------------------------------------------------------------
// the lower bound

/**
 * Requests only: ours' requests, each as early as a client could send it, every answer read to its
 * last byte and dropped, at most CONCURRENCY in flight over one keep-alive pool. A share goes out
 * once the answer that first listed it (its datastore or parent share) has arrived — its id is
 * not known before; the other requests keep ours' dependency steps (a step starts when every
 * answer of the previous one has arrived). The login body and the validators are built before the
 * clock starts. The authenticated requests ride on a session logged in beforehand: the timed
 * login's answer is dropped unread, like every other.
 */
export async function lowerBoundRequests(capture: Capture, credentials: ApiKeyCredentials): Promise<number> {
  const http = new RawHttp(true, CONCURRENCY);
  const prepared = await prepareReplay(capture, credentials, http);
  /** A share's parent exchange (always earlier in the capture: an id is known only from an earlier answer); null for other requests. */
  const parentOf = (request: RawRequest, index: number): number | null => {
    const share = /\/share\/([0-9a-f-]{36})\/$/.exec(new URL(request.url).pathname);
    if (!share) {
      return null;
    }
    const parent = capture.shareParents.get(share[1]!);
    if (parent === undefined || parent >= index) {
      throw new Error(`bench: no earlier answer lists share ${share[1]!}`);
    }
    return parent;
  };
  const run = boundedRunner(CONCURRENCY);
  const send = async (request: RawRequest): Promise<void> => {
    const { status } = await run(() => http.discard(request));
    if (status !== 200) {
      throw new Error(`bench: lower bound got HTTP ${status} for ${request.method} ${new URL(request.url).pathname}`);
    }
  };
  const started = performance.now();
  const answered: Promise<void>[] = [];
  let stepDone: Promise<unknown> = Promise.resolve();
  for (const group of prepared) {
    const inStep = group.map((request) => {
      const parent = parentOf(request, answered.length);
      const after = parent === null ? stepDone : answered[parent]!;
      const answer = after.then(() => send(request));
      answered.push(answer);
      return answer;
    });
    stepDone = Promise.all([stepDone, ...inStep]);
  }
  await stepDone;
  const ms = performance.now() - started;
  http.close();
  return ms;
}

async function prepareReplay(capture: Capture, credentials: ApiKeyCredentials, http: RawHttp): Promise<RawRequest[][]> {
  // Untimed: a real session for the authenticated requests.
  const pair = boxKeyPair();
  const login = buildLoginRequest({ apiKeyId: credentials.apiKeyId, privateKeySeed: credentials.privateKey, sessionKeyPair: pair, deviceFingerprint: FINGERPRINT, deviceDescription: 'bench lower bound', deviceTimeMs: Date.now() });
  const answer = await http.text({ method: 'POST', url: `${credentials.serverUrl}/api-key/login/`, headers: { 'Content-Type': 'application/json' }, body: login.bodyText });
  const session = openLoginResponse(answer.body, credentials, pair.secretKey);
  const token = session.token.expose();
  const timedLogin = buildLoginRequest({ apiKeyId: credentials.apiKeyId, privateKeySeed: credentials.privateKey, sessionKeyPair: boxKeyPair(), deviceFingerprint: FINGERPRINT, deviceDescription: 'bench lower bound', deviceTimeMs: Date.now() });
  return capture.groups.map((group) =>
    group.map(({ request }): RawRequest => {
      const path = new URL(request.url).pathname;
      if (path.endsWith('/api-key/login/')) {
        return { method: 'POST', url: request.url, headers: { 'Content-Type': 'application/json' }, body: timedLogin.bodyText };
      }
      if (path.endsWith('/info/')) {
        return { method: 'GET', url: request.url, headers: {} };
      }
      const validator = sealJson({ request_time: new Date().toISOString(), request_device_fingerprint: FINGERPRINT }, session.sessionSecretKey);
      return { method: 'GET', url: request.url, headers: { Authorization: `Token ${token}`, 'Authorization-Validator': JSON.stringify(validator) } };
    }),
  );
}

/**
 * Decrypt + parse only: every cryptographic step and JSON.parse a client must do on the bytes ours
 * received, with the same crypto module, in one thread, no I/O: /info/ signature check, login
 * signing, login answer (signature, box, user keys), each transport envelope, the datastore key
 * and content, each share's content. Index building is not included (it is ours, not physics).
 */
export async function lowerBoundDecrypt(capture: Capture, credentials: ApiKeyCredentials): Promise<number> {
  // The bytes the socket delivered, as the capture holds them (untimed).
  const bodies = capture.groups.flat().map(({ request, response }) => ({ path: new URL(request.url).pathname, response, bytes: Buffer.from(response.body) }));
  const started = performance.now();
  let sessionKey: SecretBytes | null = null;
  let userKey: SecretBytes | null = null;
  for (const { path, response, bytes } of bodies) {
    // Bytes → text is part of parsing.
    const text = (): string => bytes.toString('utf8');
    if (path.endsWith('/info/')) {
      await checkServer(credentials.serverUrl, credentials.serverSignature, credentials.serverPublicKey, { transport: { send: async () => ({ status: response.status, headers: response.headers, body: bytes }) } });
    } else if (path.endsWith('/api-key/login/')) {
      buildLoginRequest({ apiKeyId: credentials.apiKeyId, privateKeySeed: credentials.privateKey, sessionKeyPair: boxKeyPair(), deviceFingerprint: FINGERPRINT, deviceDescription: 'x', deviceTimeMs: Date.now() });
      const result = openLoginResponse(text(), credentials, capture.keyPair.secretKey);
      sessionKey = result.sessionSecretKey;
      userKey = result.userSecretKey;
    } else if (/\/datastore\/[0-9a-f-]{36}\/$/.test(path)) {
      openDatastore(bytes, sessionKey!, userKey!);
    } else if (/\/share\/[0-9a-f-]{36}\/$/.test(path)) {
      openShare(bytes, sessionKey!, capture.shareKeys.get(path.split('/').at(-2)!)!);
    } else {
      openEnvelope(bytes, sessionKey!);
    }
  }
  return performance.now() - started;
}

// ---------------------------------------------------------------------------------------------
// the naive reader

/**
 * The sequential reader (bench/sequential-reader.ts: Psono's API-key example done from the spec),
 * over a new connection per request, plus the same search index as ours at the end.
 */
export async function unlockNaive(credentials: ApiKeyCredentials): Promise<{ ms: number; entries: number; requests: number }> {
  const http = new RawHttp(false);
  const started = performance.now();
  const { entries, requests } = await readSequentially(credentials, (request) => http.text(request));
  buildSearchIndex(entries);
  const ms = performance.now() - started;
  return { ms, entries: entries.length, requests };
}
