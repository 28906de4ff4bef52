/**
 * The HTTP side of the dev server: routing, authentication, transport encryption and the
 * endpoint handlers, following the SERVER-side rules of the protocol spec (psono CE 7.2.3, or
 * 3.5.3 where `VersionProfile` says so). Section references (§) point into shared/psono-protocol.md.
 */
import { createHash, randomBytes as nodeRandomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import {
  boxKeyPair,
  boxSeal,
  bytesToHex,
  hexToBytes,
  keyFromHex,
  openJson,
  sealJson,
  secretboxSealToBytes,
  signDetached,
  signingKeyFromSeed,
  unwrapKey,
  utf8Encode,
  verifyDetached,
  writeHexDigits,
  x25519PublicKey,
  type SigningKeyPair,
} from '../src/core/crypto';
import { SecretBytes } from '../src/core/sensitive';
import { drfJson, parseAwareTimestamp, pythonIsoformat, pythonJsonDumps } from './pyjson';
import { infoDocument } from './info';
import { writeHttpAnswer } from './mutate';
import { costMs, sleep, type RequestCost } from './serial';
import { shareList } from './share-list';
import type { RateThrottle } from './throttle';
import type { FaultSwitches, RequestRecord } from './types';
import { directShareRights, effectiveShareRights, type MaterialisedVault, type StoredApiKey, type StoredSecret } from './vault';
import { PASSWORD_CHANGE_GATE_START, type VersionProfile } from './version';

const REPLAY_PROTECTION_TIME_DIFFERENCE_MS = 20_000;
const DEFAULT_REQUESTED_SESSION_SECONDS = 86_400;

const UUID_STRICT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Django's UUIDField accepts hyphenated, plain, braced and urn forms in any case. */
function normaliseUuid(value: unknown): string | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  const hex = value.trim().toLowerCase().replace(/^urn:uuid:/, '').replace(/^\{(.*)\}$/, '$1').replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/.test(hex)) {
    return undefined;
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export interface ServerKeys {
  readonly privateKey: SecretBytes;
  readonly publicKeyHex: string;
  readonly signing: SigningKeyPair;
  readonly verifyKeyHex: string;
  /** An unrelated key for the wrong-signature faults. */
  readonly impostor: SigningKeyPair;
}

/** The server's PRIVATE_KEY is one 32-byte value: X25519 private key and Ed25519 seed (§2.2). */
export function makeServerKeys(serverKeySeed: string | undefined): ServerKeys {
  const privateBytes = serverKeySeed === undefined
    ? new Uint8Array(nodeRandomBytes(32))
    : new Uint8Array(createHash('sha256').update(`psono-devserver-server-key\u0000${serverKeySeed}`).digest());
  const privateKey = new SecretBytes(privateBytes);
  const signing = signingKeyFromSeed(privateKey);
  const impostorSeed = new SecretBytes(new Uint8Array(createHash('sha256').update('psono-devserver-impostor').update(privateBytes).digest()));
  return {
    privateKey,
    publicKeyHex: bytesToHex(x25519PublicKey(privateKey)),
    signing,
    verifyKeyHex: bytesToHex(signing.verifyKey),
    impostor: signingKeyFromSeed(impostorSeed),
  };
}

interface Session {
  readonly id: string;
  readonly tokenHash: string;
  readonly userId: string;
  readonly secretKey: SecretBytes;
  validTill: number;
  readonly read: boolean;
  readonly write: boolean;
  readonly deviceFingerprint: string;
  readonly deviceDescription: string;
  /** The raw `device_time` of the login, or null. */
  readonly clientDate: string | null;
  /** Server time when the session was created (for the replay window). */
  readonly createdAt: number;
}

interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** undefined = empty body. */
  body?: string | Buffer;
}

type JsonReply = { status: number; json: unknown; headers?: Record<string, string> };

const HTML_TYPE = 'text/html; charset=utf-8';
const JSON_TYPE = 'application/json';

const DJANGO_404 = '<!doctype html>\n<html lang="en">\n<head>\n  <title>Not Found</title>\n</head>\n<body>\n  <h1>Not Found</h1><p>The requested resource was not found on this server.</p>\n</body>\n</html>\n';

function serverErrorPage(status: number): Reply {
  if (status === 500) {
    return { status, headers: { 'Content-Type': HTML_TYPE }, body: '<!doctype html>\n<html lang="en">\n<head>\n  <title>Server Error (500)</title>\n</head>\n<body>\n  <h1>Server Error (500)</h1><p></p>\n</body>\n</html>\n' };
  }
  const reason = status === 502 ? 'Bad Gateway' : status === 503 ? 'Service Temporarily Unavailable' : 'Error';
  return { status, headers: { 'Content-Type': 'text/html' }, body: `<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n<center><h1>${status} ${reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n` };
}

const SERVER_ERROR = 'server-error' as const;

/** Thrown by handlers to emulate an unhandled exception in Django (→ HTML 500, never encrypted). */
class Unhandled extends Error {
  readonly marker = SERVER_ERROR;
}

interface Route {
  readonly pattern: RegExp;
  readonly name: RouteName;
}

type RouteName =
  | 'info'
  | 'login'
  | 'logout'
  | 'datastores'
  | 'datastore'
  | 'shares'
  | 'shareRight'
  | 'share'
  | 'secret'
  | 'bulkSecretRead'
  | 'inspect'
  | 'apiKeySecret';

const ROUTES: readonly Route[] = [
  { pattern: /^\/info\/$/, name: 'info' },
  { pattern: /^\/api-key\/login\/$/, name: 'login' },
  { pattern: /^\/authentication\/logout\/$/, name: 'logout' },
  { pattern: /^\/datastore\/$/, name: 'datastores' },
  { pattern: /^\/datastore\/([^/]+)\/$/, name: 'datastore' },
  { pattern: /^\/share\/$/, name: 'shares' },
  { pattern: /^\/share\/right\/$/, name: 'shareRight' },
  { pattern: /^\/share\/([^/]+)\/$/, name: 'share' },
  { pattern: /^\/secret\/([^/]+)\/$/, name: 'secret' },
  { pattern: /^\/bulk-secret-read\/$/, name: 'bulkSecretRead' },
  { pattern: /^\/api-key-access\/inspect\/$/, name: 'inspect' },
  { pattern: /^\/api-key-access\/secret\/$/, name: 'apiKeySecret' },
];

function matchRoute(path: string): { name: RouteName; param: string | undefined } | undefined {
  for (const route of ROUTES) {
    const match = route.pattern.exec(path);
    if (match !== null) {
      return { name: route.name, param: match[1] === undefined ? undefined : decodeURIComponent(match[1]) };
    }
  }
  return undefined;
}

/** DRF's view of the request body: parsed lazily, JSON parser only. */
type ParsedBody = { ok: true; data: unknown } | { ok: false; reply: JsonReply };

function mediaType(request: IncomingMessage): string | undefined {
  const header = request.headers['content-type'];
  if (header === undefined || header.trim() === '') {
    return undefined;
  }
  return header.split(';')[0]!.trim().toLowerCase();
}

function parsePlainJsonBody(request: IncomingMessage, body: Buffer): ParsedBody {
  const type = mediaType(request);
  // DRF: without a content type (or without a body) request.data is simply empty.
  if (body.length === 0 || type === undefined) {
    return { ok: true, data: {} };
  }
  if (type !== JSON_TYPE) {
    return { ok: false, reply: { status: 415, json: { detail: `Unsupported media type "${request.headers['content-type'] ?? ''}" in request.` } } };
  }
  try {
    return { ok: true, data: JSON.parse(body.toString('utf8')) as unknown };
  } catch (error) {
    return { ok: false, reply: { status: 400, json: { detail: `JSON parse error - ${(error as Error).message}` } } };
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** DRF CharField validation (numbers are coerced to text; other non-strings are rejected). */
function charField(data: Record<string, unknown>, name: string, errors: Record<string, string[]>): string | undefined {
  if (!(name in data)) {
    errors[name] = ['This field is required.'];
    return undefined;
  }
  const value = data[name];
  if (value === null) {
    errors[name] = ['This field may not be null.'];
    return undefined;
  }
  if (typeof value === 'number') {
    return String(value);
  }
  if (typeof value !== 'string') {
    errors[name] = ['Not a valid string.'];
    return undefined;
  }
  if (value.trim() === '') {
    errors[name] = ['This field may not be blank.'];
    return undefined;
  }
  return value;
}

export interface ServerContext {
  readonly vault: MaterialisedVault;
  readonly keys: ServerKeys;
  readonly faults: FaultSwitches;
  readonly basePath: string;
  readonly sessionMaxSeconds: number;
  /** MIN_API_KEY_TOKEN_TIME_VALID (7.x only). */
  readonly sessionMinSeconds: number;
  readonly requests: RequestRecord[];
  readonly profile: VersionProfile;
  /** The `api_key_login` throttle scope, when throttling is on. */
  readonly loginThrottle: RateThrottle | undefined;
  /** Paid before each answer is written (see serial.ts). */
  readonly cost: RequestCost;
}

export class PsonoHandler {
  readonly #ctx: ServerContext;
  readonly #sessions = new Map<string, Session>();
  #infoCache: { info: string; signature: string; wrongSignature: string | undefined } | undefined;

  constructor(ctx: ServerContext) {
    this.#ctx = ctx;
  }

  /** Server time in ms, shifted by the clock-skew fault. */
  now(): number {
    return Date.now() + this.#ctx.faults.clockSkewSeconds * 1000;
  }

  activeSessions(): number {
    const now = this.now();
    let count = 0;
    for (const session of this.#sessions.values()) {
      if (session.validTill > now) {
        count++;
      }
    }
    return count;
  }

  /** Ends every session for good (a later clock-skew change does not revive them). */
  expireAllSessions(): void {
    for (const session of this.#sessions.values()) {
      session.validTill = Number.NEGATIVE_INFINITY;
    }
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let body = await readBody(request);
    if (this.#ctx.profile.multipartBodies && mediaType(request) === 'multipart/form-data') {
      // 3.5's MultiPartParser: the fields become request.data like a JSON object would.
      body = Buffer.from(JSON.stringify(await multipartFields(request, body)));
      request.headers['content-type'] = JSON_TYPE;
    }
    const faults = this.#ctx.faults;
    if (faults.latencyMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
    }
    const url = new URL(request.url ?? '/', 'http://devserver.invalid');
    const base = this.#ctx.basePath;
    const relative = base === '' ? url.pathname : url.pathname.startsWith(`${base}/`) ? url.pathname.slice(base.length) : undefined;
    let reply: Reply;
    try {
      reply = this.#route(request, body, url, relative);
    } catch (error) {
      if (!(error instanceof Unhandled)) {
        // A dev-server bug: still answer like Django would, and say why on stderr.
        console.error('devserver: unhandled error', error);
      }
      reply = serverErrorPage(500);
    }
    this.#ctx.requests.push({ method: request.method ?? '', path: relative ?? url.pathname, status: reply.status });
    const headers: Record<string, string> = { Date: new Date(this.now()).toUTCString(), ...this.#middlewareHeaders(), ...reply.headers };
    // Django's CommonMiddleware sets Content-Length on every non-streaming answer.
    const length = reply.body === undefined ? 0 : Buffer.byteLength(reply.body);
    headers['Content-Length'] = String(length);
    await sleep(costMs(this.#ctx.cost, length));
    const mutated = faults.mutate?.http?.({
      path: relative ?? url.pathname, method: request.method ?? '', status: reply.status, authorization: request.headers.authorization, headers, body: Buffer.from(reply.body ?? ''),
    });
    if (mutated !== undefined) {
      writeHttpAnswer(response, mutated);
      return;
    }
    response.writeHead(reply.status, headers);
    response.end(reply.body);
  }

  /** corsheaders' `Vary: Origin`; 7.x adds LocaleMiddleware's language headers and Django 4's COOP. */
  #middlewareHeaders(): Record<string, string> {
    if (!this.#ctx.profile.localeAndCoopHeaders) {
      return { Vary: 'Origin' };
    }
    return { Vary: 'Origin, Accept-Language', 'Content-Language': 'en', 'Cross-Origin-Opener-Policy': 'same-origin' };
  }

  #route(request: IncomingMessage, body: Buffer, url: URL, relative: string | undefined): Reply {
    const faults = this.#ctx.faults;
    if (faults.maintenance) {
      return plain({ status: 423, json: { non_field_errors: ['MAINTENANCE_MODE_ACTIVE'] } });
    }
    if (faults.failNext5xx.count > 0) {
      faults.failNext5xx.count--;
      return serverErrorPage(faults.failNext5xx.status);
    }
    if (relative === undefined) {
      return { status: 404, headers: { 'Content-Type': HTML_TYPE }, body: DJANGO_404 };
    }
    const matched = matchRoute(relative);
    // /bulk-secret-read/ came after 3.5.
    const route = matched?.name === 'bulkSecretRead' && !this.#ctx.profile.bulkSecretRead ? undefined : matched;
    if (route === undefined) {
      // Django's APPEND_SLASH: a known path without its slash is redirected (a POST body is lost).
      if (!relative.endsWith('/') && matchRoute(`${relative}/`) !== undefined) {
        return { status: 301, headers: { Location: `${this.#ctx.basePath}${relative}/${url.search}`, 'Content-Type': HTML_TYPE }, body: '' };
      }
      return { status: 404, headers: { 'Content-Type': HTML_TYPE }, body: DJANGO_404 };
    }
    const method = (request.method ?? 'GET').toUpperCase();
    switch (route.name) {
      case 'info':
        return plain(this.#info(method));
      case 'login':
        return plain(this.#throttledLogin(method, request, body));
      case 'inspect':
        return this.#inspect(method, request, body);
      case 'apiKeySecret':
        return this.#apiKeySecret(method, request, body);
      default:
        return this.#authenticated(route.name, route.param, method, request, body);
    }
  }

  // ---------------------------------------------------------------- /info/ (§3)

  #info(method: string): JsonReply {
    if (method !== 'GET') {
      return { status: 405, json: { detail: `Method "${method}" not allowed.` } };
    }
    if (this.#infoCache === undefined) {
      const info = infoDocument(this.#ctx.profile, this.#ctx.keys.publicKeyHex);
      this.#infoCache = { info, signature: signDetached(utf8Encode(info), this.#ctx.keys.signing.signingKey), wrongSignature: undefined };
    }
    const cache = this.#infoCache;
    let signature = cache.signature;
    if (this.#ctx.faults.wrongInfoSignature) {
      cache.wrongSignature ??= signDetached(utf8Encode(cache.info), this.#ctx.keys.impostor.signingKey);
      signature = cache.wrongSignature;
    }
    return { status: 200, json: { info: cache.info, signature, verify_key: this.#ctx.keys.verifyKeyHex } };
  }

  // ---------------------------------------------------------------- /api-key/login/ (§4)

  /** Throttling runs before the view, so it counts every request, valid or not. */
  #throttledLogin(method: string, request: IncomingMessage, body: Buffer): JsonReply {
    const faults = this.#ctx.faults;
    const throttled = faults.rateLimitLogin > 0
      ? Math.ceil(faults.rateLimitLogin)
      : this.#ctx.loginThrottle?.check(request.socket.remoteAddress ?? '', Date.now());
    if (throttled !== undefined) {
      return { status: 429, json: { detail: `Request was throttled. Expected available in ${throttled} seconds.` }, headers: { 'Retry-After': String(throttled) } };
    }
    return this.#login(method, request, body);
  }

  #login(method: string, request: IncomingMessage, body: Buffer): JsonReply {
    const faults = this.#ctx.faults;
    if (method !== 'POST') {
      return { status: 405, json: {} };
    }
    const parsed = parsePlainJsonBody(request, body);
    if (!parsed.ok) {
      return parsed.reply;
    }
    if (!isRecord(parsed.data)) {
      const got = Array.isArray(parsed.data) ? 'list' : parsed.data === null ? 'NoneType' : typeof parsed.data === 'string' ? 'str' : 'int';
      return { status: 400, json: { non_field_errors: [`Invalid data. Expected a dictionary, but got ${got}.`] } };
    }
    const data = parsed.data;
    const fieldErrors: Record<string, string[]> = {};
    const infoText = charField(data, 'info', fieldErrors);
    const signatureHex = charField(data, 'signature', fieldErrors);
    if (infoText === undefined || signatureHex === undefined) {
      return { status: 400, json: fieldErrors };
    }
    const nonField = (message: string): JsonReply => ({ status: 400, json: { non_field_errors: [message] } });

    let info: unknown;
    try {
      info = JSON.parse(infoText);
    } catch {
      return nonField('Login info no valid json');
    }
    if (!isRecord(info)) {
      throw new Unhandled('info is not an object');
    }
    // session_duration: compared with numbers in Python, so anything but a number crashes (500).
    const requested = 'session_duration' in info ? info['session_duration'] : DEFAULT_REQUESTED_SESSION_SECONDS;
    const requestedSeconds = typeof requested === 'boolean' ? Number(requested) : requested;
    if (typeof requestedSeconds !== 'number' || !Number.isFinite(requestedSeconds)) {
      throw new Unhandled('session_duration is not a number');
    }
    const maxSeconds = faults.sessionSeconds ?? this.#ctx.sessionMaxSeconds;
    const minSeconds = this.#ctx.profile.sessionMinimum ? this.#ctx.sessionMinSeconds : 0;
    const durationSeconds = Math.max(Math.min(requestedSeconds, maxSeconds), minSeconds, 0);

    if (!('api_key_id' in info)) {
      throw new Unhandled('api_key_id missing');
    }
    const apiKeyId = normaliseUuid(info['api_key_id']);
    if (apiKeyId === undefined) {
      return nonField(`“${String(info['api_key_id'])}” is not a valid UUID.`);
    }
    const apiKey = this.#ctx.vault.apiKeysById.get(apiKeyId);
    if (apiKey === undefined || !apiKey.active) {
      return nonField('NO_PERMISSION_OR_NOT_EXIST');
    }
    const user = this.#ctx.vault.user;
    if (!user.isActive) {
      return nonField('User account has been disabled.');
    }
    if (!user.isEmailActive) {
      return nonField('E-mail is not yet verified.');
    }
    // PyNaCl raises on non-hex or wrong-length signatures; the view does not catch it (500).
    let valid: boolean;
    try {
      valid = verifyDetached(utf8Encode(infoText), signatureHex, apiKey.verifyKeyHex);
    } catch {
      throw new Unhandled('signature is not 64 bytes of hex');
    }
    if (!valid) {
      return nonField('Signature invalid.');
    }
    const sessionPublicKeyHex = info['session_public_key'];
    let sessionPublicKey: Uint8Array;
    try {
      sessionPublicKey = hexToBytes(sessionPublicKeyHex as string, 'session_public_key', 32);
    } catch {
      throw new Unhandled('session_public_key missing or malformed');
    }

    const now = this.now();
    if (faults.singleSession) {
      for (const [hash, session] of this.#sessions) {
        if (session.userId === user.id) {
          this.#sessions.delete(hash);
        }
      }
    }
    const token = bytesToHex(new Uint8Array(nodeRandomBytes(64)));
    const sessionSecretKeyBytes = new Uint8Array(nodeRandomBytes(32));
    const validTill = now + durationSeconds * 1000;
    const session: Session = {
      id: randomUUID(),
      tokenHash: sha512Hex(token),
      userId: user.id,
      secretKey: SecretBytes.copyOf(sessionSecretKeyBytes),
      validTill,
      read: apiKey.read,
      write: apiKey.write,
      deviceFingerprint: typeof info['device_fingerprint'] === 'string' ? info['device_fingerprint'] : '',
      deviceDescription: typeof info['device_description'] === 'string' ? info['device_description'] : '',
      clientDate: typeof info['device_time'] === 'string' && info['device_time'] !== '' ? info['device_time'] : null,
      createdAt: now,
    };
    this.#sessions.set(session.tokenHash, session);

    const userInfo: Record<string, unknown> = { username: user.username, public_key: user.publicKeyHex };
    if (!apiKey.restrictToSecrets) {
      userInfo['private_key'] = apiKey.userPrivateKey.text;
      userInfo['private_key_nonce'] = apiKey.userPrivateKey.nonce;
      userInfo['secret_key'] = apiKey.userSecretKey.text;
      userInfo['secret_key_nonce'] = apiKey.userSecretKey.nonce;
    }
    const loginInfo = pythonJsonDumps({
      token,
      session_valid_till: pythonIsoformat(validTill, microJitter()),
      session_secret_key: bytesToHex(sessionSecretKeyBytes),
      api_key_restrict_to_secrets: apiKey.restrictToSecrets,
      api_key_allow_insecure_access: apiKey.allowInsecureAccess,
      api_key_read: apiKey.read,
      api_key_write: apiKey.write,
      user: userInfo,
    });
    sessionSecretKeyBytes.fill(0);
    const ephemeral = boxKeyPair();
    const sealed = boxSeal(utf8Encode(loginInfo), sessionPublicKey, ephemeral.secretKey);
    ephemeral.secretKey.wipe();
    const signer = faults.wrongLoginSignature ? this.#ctx.keys.impostor : this.#ctx.keys.signing;
    return {
      status: 200,
      json: {
        login_info: sealed.text,
        login_info_signature: signDetached(utf8Encode(sealed.text), signer.signingKey),
        login_info_nonce: sealed.nonce,
        server_session_public_key: bytesToHex(ephemeral.publicKey),
      },
    };
  }

  // ---------------------------------------------------------------- authenticated endpoints (§5, §6)

  /** TokenAuthentication + Authorization-Validator (§5.2, §10.2). */
  #authenticate(request: IncomingMessage): { session: Session } | { detail: string } {
    const header = request.headers.authorization;
    const parts = (header ?? '').trim().split(/\s+/).filter((part) => part !== '');
    if (parts.length === 0 || parts[0]!.toLowerCase() !== 'token') {
      return { detail: 'Invalid token header. No token header present.' };
    }
    if (parts.length === 1) {
      return { detail: 'Invalid token header. No credentials provided.' };
    }
    if (parts.length > 2) {
      return { detail: 'Invalid token header. Token string should not contain spaces.' };
    }
    const session = this.#sessions.get(sha512Hex(parts[1]!));
    const now = this.now();
    if (session === undefined || session.validTill <= now) {
      return { detail: 'Invalid token or not yet activated.' };
    }
    if (!this.#ctx.vault.user.isActive) {
      return { detail: 'User inactive or deleted.' };
    }
    if (session.deviceFingerprint === '' && session.clientDate === null) {
      return { session };
    }
    const rawValidator = request.headers['authorization-validator'];
    let validator: unknown;
    try {
      validator = typeof rawValidator === 'string' && rawValidator !== '' ? JSON.parse(rawValidator) : undefined;
    } catch {
      validator = undefined;
    }
    if (!isRecord(validator)) {
      return { detail: 'Invalid token header. Incorrect format in token header.' };
    }
    if (typeof validator['text'] !== 'string' || typeof validator['nonce'] !== 'string') {
      return { detail: 'Invalid token header. Token attribute not present.' };
    }
    let claims: unknown;
    try {
      claims = openJson(validator['text'], validator['nonce'], session.secretKey, 'validator');
    } catch {
      return { detail: 'Invalid token header. Not proper encrypted.' };
    }
    if (!isRecord(claims)) {
      return { detail: 'Invalid token header. Not proper encrypted.' };
    }
    const fingerprint = claims['request_device_fingerprint'] ?? claims['request_device_session'];
    if (session.deviceFingerprint === '' || fingerprint !== session.deviceFingerprint) {
      this.#sessions.delete(session.tokenHash);
      return { detail: 'Device Fingerprint Protection: request_device_fingerprint mismatch' };
    }
    // Replay check. A session without device_time crashes here upstream (§4.1), as do naive times.
    const clientDate = parseAwareTimestamp(session.clientDate);
    const requestTime = parseAwareTimestamp(claims['request_time']);
    if (typeof clientDate !== 'number' || typeof requestTime !== 'number') {
      throw new Unhandled('replay check without usable device_time/request_time');
    }
    const offsetAtLogin = clientDate - session.createdAt;
    const offsetNow = requestTime - now;
    if (Math.abs(offsetAtLogin - offsetNow) > REPLAY_PROTECTION_TIME_DIFFERENCE_MS) {
      this.#sessions.delete(session.tokenHash);
      return { detail: 'Replay Protection: Time difference too big' };
    }
    return { session };
  }

  #authenticated(route: RouteName, param: string | undefined, method: string, request: IncomingMessage, body: Buffer): Reply {
    const auth = this.#authenticate(request);
    if ('detail' in auth) {
      return plain({ status: 401, json: { detail: auth.detail }, headers: { 'WWW-Authenticate': 'Token' } });
    }
    const session = auth.session;
    const reply = this.#authorisedReply(route, param, method, request, body, session);
    const mutate = this.#ctx.faults.mutate;
    if (mutate === null) {
      return this.#encrypted(reply, session);
    }
    const path = new URL(request.url ?? '/', 'http://devserver.invalid').pathname.slice(this.#ctx.basePath.length);
    const context = { path, method, status: reply.status, authorization: request.headers.authorization };
    const json = mutate.plaintext?.({ ...context, json: reply.json, contentKey: this.#contentKey(route, param) });
    const sent = this.#encrypted(json === undefined ? reply : { ...reply, json }, session);
    const envelope = sent.body === undefined ? undefined : mutate.transport?.({ ...context, envelope: Buffer.from(sent.body) });
    return envelope === undefined ? sent : { ...sent, body: envelope };
  }

  /** The key of a datastore, share or secret read's `data`, for the plaintext mutation hook. */
  #contentKey(route: RouteName, param: string | undefined): SecretBytes | undefined {
    const id = param?.toLowerCase() ?? '';
    const vault = this.#ctx.vault;
    const store = route === 'datastore' ? vault.datastores.get(id) : undefined;
    if (store !== undefined) {
      return unwrapKey(store.secretKey.text, store.secretKey.nonce, vault.user.secretKey, 'datastore key');
    }
    const shareKey = route === 'share' ? vault.shares.get(id)?.keyHex : undefined;
    const secretKey = route === 'secret' ? vault.items.get(id)?.secretKeyHex : undefined;
    const hex = shareKey ?? secretKey;
    return hex === undefined ? undefined : keyFromHex(hex, 'content key');
  }

  #authorisedReply(route: RouteName, param: string | undefined, method: string, request: IncomingMessage, body: Buffer, session: Session): JsonReply {
    // permissions.py: GET needs read, everything else write, except logout (§5.5); the bulk read
    // (a POST) needs read too; 7.x first applies the password-change gate (logout exempt).
    const gated = this.#ctx.profile.passwordChangeGate && this.#ctx.vault.user.requirePasswordChange
      && this.now() >= PASSWORD_CHANGE_GATE_START && route !== 'logout';
    const allowed = method === 'GET' ? session.read : route === 'logout' ? true : session.write && (route !== 'bulkSecretRead' || session.read);
    if (gated || !allowed) {
      return { status: 403, json: { detail: 'You do not have permission to perform this action.' } };
    }
    const readBodyData = (): ParsedBody => this.#parseEncryptedBody(request, body, session);
    switch (route) {
      case 'logout':
        return method === 'POST' ? this.#logout(readBodyData(), session) : methodNotAllowed(method);
      case 'datastores':
        return method === 'GET' ? this.#datastoreList() : methodNotAllowed(method);
      case 'datastore':
        return method === 'GET' ? this.#datastoreRead(param!) : methodNotAllowed(method);
      case 'shares':
        return method === 'GET' ? { status: 200, json: { shares: shareList(this.#ctx.vault, this.#ctx.profile.shareRightExpiry, this.#expiryNow()) } } : methodNotAllowed(method);
      case 'shareRight':
        return method === 'GET' ? this.#shareRights() : methodNotAllowed(method);
      case 'share':
        return method === 'GET' ? this.#shareRead(param!) : methodNotAllowed(method);
      case 'secret':
        return method === 'GET' ? this.#secretRead(param!) : methodNotAllowed(method);
      case 'bulkSecretRead':
        return method === 'POST' ? this.#bulkSecretRead(readBodyData()) : methodNotAllowed(method);
      default:
        return methodNotAllowed(method);
    }
  }

  /** Request bodies on authenticated endpoints must be the encrypted envelope (§5.3). */
  #parseEncryptedBody(request: IncomingMessage, body: Buffer, session: Session): ParsedBody {
    const parsed = parsePlainJsonBody(request, body);
    if (!parsed.ok || body.length === 0 || mediaType(request) === undefined) {
      return parsed;
    }
    const invalid: ParsedBody = { ok: false, reply: { status: 400, json: { detail: 'Invalid request' } } };
    const envelope = parsed.data;
    if (isRecord(envelope) && !('text' in envelope && 'nonce' in envelope) && !this.#ctx.profile.encryptedBodiesOnly) {
      // 3.5's parser passed a body without text/nonce through as it was.
      return parsed;
    }
    if (!isRecord(envelope) || typeof envelope['text'] !== 'string' || typeof envelope['nonce'] !== 'string') {
      return invalid;
    }
    try {
      return { ok: true, data: openJson(envelope['text'], envelope['nonce'], session.secretKey, 'request body') };
    } catch {
      return invalid;
    }
  }

  /** Transport encryption of everything rendered after authentication (§5.4), plus the faults. */
  #encrypted(reply: JsonReply, session: Session): Reply {
    const faults = this.#ctx.faults;
    const success = reply.status >= 200 && reply.status < 300;
    const headers = { 'Content-Type': JSON_TYPE, ...reply.headers };
    if (success && faults.malformedBody > 0) {
      faults.malformedBody--;
      if (faults.malformedBodyKind === 'not-json') {
        return { status: 200, headers: { 'Content-Type': JSON_TYPE }, body: '<html><body>Bad gateway?</body></html>' };
      }
      const full = drfJson(sealJson(reply.json, session.secretKey));
      return { status: 200, headers: { 'Content-Type': JSON_TYPE }, body: full.slice(0, Math.floor(full.length / 2)) };
    }
    if (success && faults.unencryptedResponse > 0) {
      faults.unencryptedResponse--;
      return { status: reply.status, headers, body: drfJson(reply.json) };
    }
    if (faults.tamperCiphertext > 0) {
      faults.tamperCiphertext--;
      const envelope = sealJson(reply.json, session.secretKey);
      const at = Math.floor(envelope.text.length / 2);
      const flipped = (Number.parseInt(envelope.text[at]!, 16) ^ 0x1).toString(16);
      const text = envelope.text.slice(0, at) + flipped + envelope.text.slice(at + 1);
      return { status: reply.status, headers, body: drfJson({ text, nonce: envelope.nonce }) };
    }
    return { status: reply.status, headers, body: sealedEnvelopeBody(reply.json, session.secretKey) };
  }

  #logout(parsed: ParsedBody, session: Session): JsonReply {
    if (!parsed.ok) {
      return parsed.reply;
    }
    const data = isRecord(parsed.data) ? parsed.data : {};
    const otherSessionId = data['session_id'];
    if (otherSessionId !== undefined && otherSessionId !== null && otherSessionId !== '') {
      const id = normaliseUuid(otherSessionId);
      if (id === undefined) {
        return { status: 400, json: { session_id: ['Must be a valid UUID.'] } };
      }
      for (const [hash, other] of this.#sessions) {
        if (other.id === id && other.userId === session.userId) {
          this.#sessions.delete(hash);
        }
      }
    } else {
      this.#sessions.delete(session.tokenHash);
    }
    return { status: 200, json: { success: 'Successfully logged out.' } };
  }

  #datastoreList(): JsonReply {
    const datastores = [...this.#ctx.vault.datastores.values()].map((store) => ({
      id: store.id,
      type: store.type,
      description: store.description,
      is_default: store.isDefault,
    }));
    return { status: 200, json: { datastores } };
  }

  #datastoreRead(id: string): JsonReply {
    if (!UUID_STRICT.test(id)) {
      // The id reaches a UUID column unvalidated upstream (§6.2).
      throw new Unhandled('malformed datastore id');
    }
    const store = this.#ctx.vault.datastores.get(id.toLowerCase());
    if (store === undefined) {
      return { status: 403, json: { message: 'NO_PERMISSION_OR_NOT_EXIST' } };
    }
    return {
      status: 200,
      json: {
        data: store.data,
        data_nonce: store.dataNonce,
        type: store.type,
        description: store.description,
        secret_key: store.secretKey.text,
        secret_key_nonce: store.secretKey.nonce,
        is_default: store.isDefault,
        write_date: store.writeDate,
      },
    };
  }

  /** The time against which share rights expire, or undefined where they never do (3.5). */
  #expiryNow(): number | undefined {
    return this.#ctx.profile.shareRightExpiry ? this.now() : undefined;
  }

  #shareRights(): JsonReply {
    const now = this.#expiryNow();
    const shareRights = [...this.#ctx.vault.shares.values()].flatMap((share) => {
      const rights = directShareRights(share, now);
      return rights === null ? [] : [{ share_id: share.id, read: rights.read, write: rights.write, grant: rights.grant }];
    });
    return { status: 200, json: { share_rights: shareRights } };
  }

  #shareRead(id: string): JsonReply {
    if (!UUID_STRICT.test(id)) {
      return { status: 400, json: { non_field_errors: ['SHARE_ID_MALFORMED'] } };
    }
    const shareId = id.toLowerCase();
    const share = this.#ctx.vault.shares.get(shareId);
    const rights = effectiveShareRights(this.#ctx.vault.shares, shareId, this.#expiryNow());
    if (share === undefined || rights === null || !rights.read) {
      return { status: 400, json: { non_field_errors: ['NO_PERMISSION_OR_NOT_EXIST'] } };
    }
    return {
      status: 200,
      json: { id: share.id, data: share.data, data_nonce: share.dataNonce, user_id: share.userId, rights, write_date: share.writeDate },
    };
  }

  /** A secret is readable when linked into a datastore of the user or a share the user may read. */
  #userCanRead(secret: StoredSecret): boolean {
    if (secret.datastoreIds.size > 0) {
      return true;
    }
    for (const shareId of secret.shareIds) {
      if (effectiveShareRights(this.#ctx.vault.shares, shareId, this.#expiryNow())?.read === true) {
        return true;
      }
    }
    return false;
  }

  #secretJson(secret: StoredSecret): Record<string, unknown> {
    return {
      create_date: secret.createDate,
      write_date: secret.writeDate,
      data: secret.data,
      data_nonce: secret.dataNonce,
      type: 'password',
      ...(this.#ctx.profile.readCount ? { read_count: secret.readCount } : {}),
      callback_url: secret.callbackUrl,
      callback_user: secret.callbackUser,
      callback_pass: secret.callbackPass,
    };
  }

  #secretRead(id: string): JsonReply {
    if (!UUID_STRICT.test(id)) {
      return { status: 400, json: { non_field_errors: ['SECRET_ID_MALFORMED'] } };
    }
    const secret = this.#ctx.vault.secrets.get(id.toLowerCase());
    if (secret === undefined || !this.#userCanRead(secret)) {
      return { status: 400, json: { non_field_errors: ['NO_PERMISSION_OR_NOT_EXIST'] } };
    }
    secret.readCount++;
    return { status: 200, json: this.#secretJson(secret) };
  }

  #bulkSecretRead(parsed: ParsedBody): JsonReply {
    if (!parsed.ok) {
      return parsed.reply;
    }
    const ids = isRecord(parsed.data) ? parsed.data['secret_ids'] : undefined;
    if (!Array.isArray(ids)) {
      return { status: 400, json: { secret_ids: ['This field is required.'] } };
    }
    // ListField(child=UUIDField()): DRF reports bad children by index.
    const badIds = Object.fromEntries(ids.flatMap((rawId: unknown, index) => (normaliseUuid(rawId) === undefined ? [[String(index), ['IS_NOT_A_VALID_UUID']]] : [])));
    if (Object.keys(badIds).length > 0) {
      return { status: 400, json: { secret_ids: badIds } };
    }
    const secrets: Record<string, unknown>[] = [];
    for (const rawId of ids) {
      const id = normaliseUuid(rawId);
      const secret = id === undefined ? undefined : this.#ctx.vault.secrets.get(id);
      if (secret !== undefined && this.#userCanRead(secret)) {
        secret.readCount++;
        secrets.push({ id: secret.id, ...this.#secretJson(secret) });
      }
    }
    return { status: 200, json: { secrets } };
  }

  // ---------------------------------------------------------------- /api-key-access/* (§6.7)

  /**
   * These views render errors with a plain renderer that prints the error dict's keys (not JSON);
   * inspect renders success as text/html with a JSON body.
   */
  #plainRendered(status: number, json: unknown, contentType = HTML_TYPE): Reply {
    if (status === 405) {
      return { status, headers: { 'Content-Type': contentType }, body: '' };
    }
    const text = isRecord(json) && status >= 400 ? Object.keys(json).join('') : pythonJsonDumps(json);
    return { status, headers: { 'Content-Type': contentType }, body: text };
  }

  #apiKeyForAccess(data: Record<string, unknown>): StoredApiKey | JsonReply {
    if (!('api_key_id' in data)) {
      return { status: 400, json: { api_key_id: ['This field is required.'] } };
    }
    const id = normaliseUuid(data['api_key_id']);
    if (id === undefined) {
      return { status: 400, json: { api_key_id: ['Must be a valid UUID.'] } };
    }
    const apiKey = this.#ctx.vault.apiKeysById.get(id);
    if (apiKey === undefined || !apiKey.active || !this.#ctx.vault.user.isActive) {
      return { status: 400, json: { non_field_errors: ['NO_PERMISSION_OR_NOT_EXIST'] } };
    }
    return apiKey;
  }

  #inspect(method: string, request: IncomingMessage, body: Buffer): Reply {
    // Content negotiation runs first in DRF; this view only has a text/html renderer (§1).
    if (!acceptsHtml(request.headers.accept)) {
      return { status: 406, headers: { 'Content-Type': HTML_TYPE }, body: 'detail' };
    }
    if (method !== 'POST') {
      return this.#plainRendered(405, {});
    }
    const parsed = parsePlainJsonBody(request, body);
    if (!parsed.ok) {
      return this.#plainRendered(parsed.reply.status, parsed.reply.json);
    }
    const apiKey = this.#apiKeyForAccess(isRecord(parsed.data) ? parsed.data : {});
    if ('status' in apiKey) {
      return this.#plainRendered(apiKey.status, apiKey.json);
    }
    return this.#plainRendered(200, {
      allow_insecure_access: apiKey.allowInsecureAccess,
      restrict_to_secrets: apiKey.restrictToSecrets,
      read: apiKey.read,
      write: apiKey.write,
      api_key_secrets: apiKey.grants.map((grant) => ({
        secret_id: grant.secretId,
        write_date: this.#ctx.vault.secrets.get(grant.secretId)?.writeDate ?? null,
      })),
    });
  }

  #apiKeySecret(method: string, request: IncomingMessage, body: Buffer): Reply {
    if (method !== 'POST' && method !== 'PUT') {
      return this.#plainRendered(405, {});
    }
    const parsed = parsePlainJsonBody(request, body);
    if (!parsed.ok) {
      return this.#plainRendered(parsed.reply.status, parsed.reply.json);
    }
    const data = isRecord(parsed.data) ? parsed.data : {};
    const apiKey = this.#apiKeyForAccess(data);
    if ('status' in apiKey) {
      return this.#plainRendered(apiKey.status, apiKey.json);
    }
    const denied = this.#plainRendered(400, { non_field_errors: ['NO_PERMISSION_OR_NOT_EXIST'] });
    const secretId = normaliseUuid(data['secret_id']);
    if (secretId === undefined) {
      return this.#plainRendered(400, { secret_id: ['This field is required.'] });
    }
    const grant = apiKey.grants.find((entry) => entry.secretId === secretId);
    const secret = this.#ctx.vault.secrets.get(secretId);
    if (grant === undefined || secret === undefined || !this.#userCanRead(secret)) {
      return denied;
    }
    if (method === 'PUT') {
      if (!apiKey.write || typeof data['data'] !== 'string' || typeof data['data_nonce'] !== 'string') {
        return denied;
      }
      secret.data = data['data'];
      secret.dataNonce = data['data_nonce'];
      secret.writeDate = pythonIsoformat(this.now(), microJitter());
      return this.#plainRendered(200, {}, this.#accessSecretType());
    }
    if (!apiKey.read) {
      return denied;
    }
    const insecureKey = data['api_key_secret_key'];
    if (insecureKey !== undefined) {
      return this.#insecureSecret(apiKey, grant.secretKey, secret, insecureKey, data['json_filter']) ?? denied;
    }
    secret.readCount++;
    return this.#plainRendered(200, {
      data: secret.data,
      data_nonce: secret.dataNonce,
      secret_key: grant.secretKey.text,
      secret_key_nonce: grant.secretKey.nonce,
      ...(this.#ctx.profile.readCount ? { read_count: secret.readCount } : {}),
    }, this.#accessSecretType());
  }

  /** Server-side decryption for keys with allow_insecure_access (§6.7); undefined = refuse. */
  #insecureSecret(apiKey: StoredApiKey, wrapped: { text: string; nonce: string }, secret: StoredSecret, apiKeySecretKey: unknown, jsonFilter: unknown): Reply | undefined {
    if (!apiKey.allowInsecureAccess || typeof apiKeySecretKey !== 'string') {
      return undefined;
    }
    let value: unknown;
    try {
      const secretKey = unwrapKey(wrapped.text, wrapped.nonce, keyFromHex(apiKeySecretKey, 'api key secret key'), 'secret key');
      value = openJson(secret.data, secret.dataNonce, secretKey, 'secret');
    } catch {
      return undefined;
    }
    if (typeof jsonFilter === 'string' && jsonFilter !== '') {
      for (const part of jsonFilter.split('.')) {
        value = isRecord(value) ? value[part] : undefined;
      }
    }
    secret.readCount++;
    return this.#plainRendered(200, value ?? null, this.#accessSecretType());
  }

  #accessSecretType(): string {
    return this.#ctx.profile.accessSecretCharset ? `${JSON_TYPE}; charset=utf-8` : JSON_TYPE;
  }
}

function methodNotAllowed(method: string): JsonReply {
  // Psono's views answer their unsupported verbs with an explicit `405 {}`; DRF says more for others.
  return ['GET', 'POST', 'PUT', 'DELETE'].includes(method)
    ? { status: 405, json: {} }
    : { status: 405, json: { detail: `Method "${method}" not allowed.` } };
}

function plain(reply: JsonReply): Reply {
  return { status: reply.status, headers: { 'Content-Type': JSON_TYPE, ...reply.headers }, body: drfJson(reply.json) };
}

/** True when the Accept header admits text/html (absent, any, text/* or text/html). */
function acceptsHtml(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') {
    return true;
  }
  return accept.split(',').some((part) => {
    const type = part.split(';')[0]!.trim().toLowerCase();
    return type === '*/*' || type === 'text/*' || type === 'text/html';
  });
}

function sha512Hex(text: string): string {
  return createHash('sha512').update(text, 'utf8').digest('hex');
}

/** Microseconds below the millisecond, so timestamps look like Python's (6-digit fraction). */
function microJitter(): number {
  return Number(process.hrtime.bigint() % 1000n);
}

/** The text fields of a multipart/form-data body (files are not needed on these paths). */
async function multipartFields(request: IncomingMessage, body: Buffer): Promise<Record<string, string>> {
  const form = await new Response(new Uint8Array(body), { headers: { 'Content-Type': request.headers['content-type'] ?? '' } }).formData();
  const fields: Record<string, string> = {};
  form.forEach((value, name) => {
    if (typeof value === 'string') {
      fields[name] = value;
    }
  });
  return fields;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * The transport envelope of an answer as DRF renders it, `{"text":"<hex>","nonce":"<hex>"}`, built
 * as bytes: a real server does this in C (PyNaCl, binascii), and a 10k-item datastore answer is
 * 13 MB of hex, which as a JS string cost more than the encryption (building it, then encoding
 * it for the socket). Hex needs no JSON escaping, so this equals `drfJson({ text, nonce })` byte
 * for byte (asserted in test/devserver).
 */
export function sealedEnvelopeBody(value: unknown, key: SecretBytes): Buffer {
  const { box, nonce } = secretboxSealToBytes(utf8Encode(drfJson(value)), key);
  const head = '{"text":"';
  const middle = '","nonce":"';
  const tail = '"}';
  const body = Buffer.allocUnsafe(head.length + box.length * 2 + middle.length + nonce.length * 2 + tail.length);
  let at = body.write(head, 0, 'latin1');
  writeHexDigits(box, body, at);
  at += box.length * 2;
  at += body.write(middle, at, 'latin1');
  writeHexDigits(nonce, body, at);
  at += nonce.length * 2;
  body.write(tail, at, 'latin1');
  return body;
}
