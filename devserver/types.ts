import type { AnswerMutator } from './mutate';
import type { VaultSeed } from './seed';

export interface DevServerOptions {
  seed: VaultSeed;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 = a random free port. */
  port?: number;
  /** Default '/server' (like a typical reverse-proxy deployment). */
  basePath?: string;
  /** MAX_API_KEY_TOKEN_TIME_VALID: requested session durations are clamped to [0, this]. Default 600. */
  sessionMaxSeconds?: number;
  /** ALLOW_MULTIPLE_SESSIONS. Default true. false = every login deletes the user's other sessions. */
  allowMultipleSessions?: boolean;
  /** Derive the server's PRIVATE_KEY from this string (stable SERVER_SIGNATURE across runs). Default: random. */
  serverKeySeed?: string;
  /** Which upstream release to behave as: '3.5' (3.5.3) or '7.2' (7.2.3, the default); see version.ts. */
  serverVersion?: string;
  /** MIN_API_KEY_TOKEN_TIME_VALID (7.x): the floor of a session's length. Default 0. */
  sessionMinSeconds?: number;
  /** The `api_key_login` throttle: at most this many logins per hour and client address. Default: off. */
  loginThrottlePerHour?: number;
  /** Serve one request at a time (a single-process deployment). Default false. */
  serial?: boolean;
  /** Cost of every request in ms, paid before the answer is written (while holding the queue when serial). Default 0. */
  requestMs?: number;
  /** Extra cost per response byte in microseconds. Default 0. */
  byteUs?: number;
}

/** Runtime fault switches; every field may be changed while the server runs. */
export interface FaultSwitches {
  /** Delay before each response is handled, in ms. */
  latencyMs: number;
  /** The next `count` requests (any endpoint) answer `status` with an HTML body. */
  failNext5xx: { count: number; status: 500 | 502 | 503 };
  /** Every endpoint answers 423 {"non_field_errors":["MAINTENANCE_MODE_ACTIVE"]} (plain). */
  maintenance: boolean;
  /** The next N successful (2xx) authenticated responses are 200 with a body that is not valid JSON. */
  malformedBody: number;
  /** What `malformedBody` sends: the envelope cut in half, or an HTML page. Default 'truncated'. */
  malformedBodyKind: 'truncated' | 'not-json';
  /** The next N transport-encrypted responses get one ciphertext byte flipped. */
  tamperCiphertext: number;
  /** The next N successful (2xx) authenticated responses are sent as plain JSON (no envelope). */
  unencryptedResponse: number;
  /** /info/ is signed with a different key (verify_key still the real one). */
  wrongInfoSignature: boolean;
  /** login_info is signed with a different key. */
  wrongLoginSignature: boolean;
  /** Shifts the server's notion of now (replay checks, valid_till, expiry, the Date header). */
  clockSkewSeconds: number;
  /** Overrides the session maximum (e.g. 2 for 2-second sessions). null = use sessionMaxSeconds. */
  sessionSeconds: number | null;
  /** ALLOW_MULTIPLE_SESSIONS=false while true. Starts as !options.allowMultipleSessions. */
  singleSession: boolean;
  /** > 0: every login answers 429 (throttled) with this Retry-After in seconds. 0 = off. */
  rateLimitLogin: number;
  /** Sees (and may replace) every answer at the plaintext, transport and HTTP layers (mutate.ts). */
  mutate: AnswerMutator | null;
}

export interface DevServerApiKey {
  serverUrl: string;
  apiKeyId: string;
  apiKeyPrivateKey: string;
  apiKeySecretKey: string;
  serverSignature: string;
  serverPublicKey: string;
}

export interface RequestRecord {
  method: string;
  /** Path below the base path (e.g. `/datastore/`), or the full path when outside it. */
  path: string;
  status: number;
}

export interface DevServer {
  /** Base URL incl. basePath, no trailing slash. */
  readonly url: string;
  /** Server SERVER_SIGNATURE (Ed25519 verify key, hex). */
  readonly verifyKey: string;
  /** Server SERVER_PUBLIC_KEY (X25519, hex). */
  readonly publicKey: string;
  apiKey(name: string): DevServerApiKey;
  readonly faults: FaultSwitches;
  readonly stats: { requests: RequestRecord[]; reset(): void; activeSessions(): number };
  setApiKeyActive(name: string, active: boolean): void;
  setApiKeyFlags(name: string, flags: Partial<{ read: boolean; write: boolean }>): void;
  /** The upstream release this server behaves as. */
  readonly serverVersion: '3.5' | '7.2';
  expireAllSessions(): void;
  close(): Promise<void>;
}

export function defaultFaults(allowMultipleSessions: boolean): FaultSwitches {
  return {
    latencyMs: 0,
    failNext5xx: { count: 0, status: 500 },
    maintenance: false,
    malformedBody: 0,
    malformedBodyKind: 'truncated',
    tamperCiphertext: 0,
    unencryptedResponse: 0,
    wrongInfoSignature: false,
    wrongLoginSignature: false,
    clockSkewSeconds: 0,
    sessionSeconds: null,
    singleSession: !allowMultipleSessions,
    rateLimitLogin: 0,
    mutate: null,
  };
}
