/**
 * The Node implementation of core's HttpTransport, shared by the Electron main process and the
 * CLI. undici's dispatcher (the HTTP client inside Node's fetch, as a package) rather than
 * node:http: a 10k-item unlock is ~100 requests, and node:http's request and response objects
 * cost about twice undici's client CPU per request (docs/PERFORMANCE.md). Not fetch: we need a
 * custom CA bundle per server and the precise TLS/socket error codes to tell a certificate problem
 * from a dead network.
 */
import { X509Certificate } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { rootCertificates } from 'node:tls';

import type { Agent, Dispatcher } from 'undici';

import { PsonoError } from '../core/errors';
import type { HttpRequest, HttpResponse, HttpTransport } from '../core/http';

export interface NodeHttpTransportOptions {
  /**
   * Extra trusted CA certificates (contents of a PEM file), for servers behind a private CA. They
   * are trusted in addition to Node's bundled public roots.
   */
  readonly caBundlePem?: string;
  /** Bodies beyond this size are refused (a misconfigured URL can serve anything). Default 64 MiB. */
  readonly maxResponseBytes?: number;
  readonly userAgent?: string;
}

const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** OpenSSL verification results and Node's own TLS codes: the server's certificate is not acceptable. */
const CERTIFICATE_CODES = new Set([
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_NOT_YET_VALID',
  'CERT_HAS_EXPIRED',
  'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_CHAIN_TOO_LONG',
  'CERT_REVOKED',
  'INVALID_CA',
  'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused',
  ENOTFOUND: 'the host name was not found',
  EAI_AGAIN: 'the host name could not be resolved right now',
  ECONNRESET: 'the connection was reset',
  EPIPE: 'the connection was closed',
  ECONNABORTED: 'the connection was aborted',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  EADDRNOTAVAIL: 'the address is not available',
  // undici's own: the connection closed under a request, or the transport was closed.
  UND_ERR_SOCKET: 'the connection was closed',
  UND_ERR_CLOSED: 'the connection was closed',
  UND_ERR_DESTROYED: 'the connection was closed',
};

/** Failures that a second attempt on a fresh connection may cure (see `send`). */
const retriableFailures = new WeakSet<PsonoError>();

/**
 * Methods a Psono server may see twice without harm: only these are retried (reads). Not PUT: Psono's PUT
 * creates objects (a secret, a share; spec §11), so a second one could make a duplicate. Not
 * DELETE either: a repeat answers with an error for a deletion that succeeded.
 */
const RETRIABLE_METHODS = new Set(['GET']);

/** The connection closed or was reset before any answer: a kept-alive socket the server had dropped. */
const CONNECTION_DROPPED_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

interface NodeError extends Error {
  code?: string;
}

/** Maps a socket/TLS failure (no HTTP response) to the closed error kinds. */
function classifyNetworkError(error: unknown, host: string): PsonoError {
  const code = (error as NodeError | undefined)?.code ?? '';
  if (CERTIFICATE_CODES.has(code)) {
    return new PsonoError('tls', { detail: `The certificate of ${host} is not trusted (${code}). If the server uses a private CA, configure its CA bundle.` }, { cause: error });
  }
  if (code === 'EPROTO' || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_')) {
    return new PsonoError('tls', { detail: `The TLS handshake with ${host} failed (${code}); is it really an https server?` }, { cause: error });
  }
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new PsonoError('timeout', { detail: `(connecting to ${host} timed out)` }, { cause: error });
  }
  const reason = NETWORK_REASONS[code];
  return new PsonoError('network', { detail: reason === undefined ? `(${host}: ${code || 'connection failed'})` : `(${host}: ${reason})` }, { cause: error });
}

function validatedCaBundle(pem: string): string[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) {
    throw new PsonoError('invalid-input', { field: 'CA_BUNDLE', detail: 'The CA bundle contains no PEM certificate.' });
  }
  for (const block of blocks) {
    try {
      new X509Certificate(block);
    } catch (cause) {
      throw new PsonoError('invalid-input', { field: 'CA_BUNDLE', detail: 'The CA bundle contains a certificate that cannot be read.' }, { cause });
    }
  }
  return blocks;
}

export class NodeHttpTransport implements HttpTransport {
  readonly #trustedCas: readonly string[] | null;
  readonly #maxResponseBytes: number;
  readonly #userAgent: string;
  /** Made on first use and again after closeIdle/close, which retire the previous one. */
  #agent: Agent | null = null;

  constructor(options: NodeHttpTransportOptions = {}) {
    const extraCas = options.caBundlePem === undefined ? [] : validatedCaBundle(options.caBundlePem);
    this.#trustedCas = extraCas.length === 0 ? null : [...rootCertificates, ...extraCas];
    this.#maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.#userAgent = options.userAgent ?? 'psono-tray';
  }

  async send(request: HttpRequest): Promise<HttpResponse> {
    try {
      return await this.#attempt(request);
    } catch (error) {
      // A keep-alive connection the server dropped while idle fails before any answer; one fresh
      // connection is the documented remedy. The other idle connections are as old, so they go
      // too. Only for methods a server may see twice: the request may have reached it (undici
      // cannot tell us whether the connection was a reused one).
      if (error instanceof PsonoError && retriableFailures.has(error)) {
        this.closeIdle();
        return this.#attempt(request);
      }
      throw error;
    }
  }

  /**
   * Drops the idle keep-alive connections: the agent is retired (in-flight requests finish on it,
   * then its connections close) and the next request starts a new one.
   */
  closeIdle(): void {
    const retired = this.#agent;
    this.#agent = null;
    void retired?.close().catch(() => undefined);
  }

  /** Closes every connection, aborting requests in flight (call on shutdown and in tests). */
  close(): void {
    const closed = this.#agent;
    this.#agent = null;
    void closed?.destroy().catch(() => undefined);
  }

  async #dispatcher(): Promise<Agent> {
    // Loaded on the first request: undici costs tens of ms to load, which `--version` or a
    // usage error should not pay.
    const { Agent } = await loadUndici();
    this.#agent ??= new Agent({
      // Keep-alive: a vault load is dozens of requests; a TLS handshake for each would dominate.
      connections: 8,
      pipelining: 1,
      // The per-request deadline below covers waiting for headers and for the body.
      headersTimeout: 0,
      bodyTimeout: 0,
      ...(this.#trustedCas === null ? {} : { connect: { ca: [...this.#trustedCas] } }),
    });
    return this.#agent;
  }

  #attempt(request: HttpRequest): Promise<HttpResponse> {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch (cause) {
      return Promise.reject(new PsonoError('invalid-input', { field: 'SERVER_URL', detail: 'The server URL is not valid.' }, { cause }));
    }
    const secure = url.protocol === 'https:';
    if (!secure && url.protocol !== 'http:') {
      return Promise.reject(new PsonoError('invalid-input', { field: 'SERVER_URL', detail: 'The server URL must use https.' }));
    }
    const host = url.host;
    const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
    const headers: Record<string, string> = {
      // Spec §1: never ask for application/json; DRF's inspect view would answer 406.
      Accept: '*/*',
      'User-Agent': this.#userAgent,
      ...request.headers,
    };
    if (body !== undefined) {
      headers['Content-Length'] = String(body.length);
    }
    const maxResponseBytes = this.#maxResponseBytes;

    const dispatcher = this.#dispatcher();
    return new Promise<HttpResponse>((resolve, reject) => {
      let settled = false;
      let controller: Dispatcher.DispatchController | null = null;
      let status = 0;
      let responseHeaders: Readonly<Record<string, string>> = {};
      /** The body so far; null until the final status line is in. */
      let chunks: Buffer[] | null = null;
      let size = 0;
      let limit = maxResponseBytes;
      const finish = (action: () => void): void => {
        if (!settled) {
          settled = true;
          clearTimeout(timer);
          action();
        }
      };
      /** Settles with `error` and drops the exchange (its connection with it). */
      const fail = (error: PsonoError): void => {
        finish(() => reject(error));
        controller?.abort(error);
      };
      const timer = setTimeout(() => fail(timeoutError(host, request.timeoutMs)), request.timeoutMs);

      const handler: Dispatcher.DispatchHandler = {
        onRequestStart(started) {
          controller = started;
          if (settled) {
            started.abort(new Error('the exchange has already ended'));
          }
        },
        onResponseStart(_controller, statusCode, parsedHeaders) {
          if (statusCode < 200) {
            return; // 1xx: the final answer follows.
          }
          status = statusCode;
          responseHeaders = headersOf(parsedHeaders);
          chunks = [];
          const declared = responseHeaders['content-length'];
          if (declared !== undefined && /^\d+$/.test(declared)) {
            // A body longer than it said is refused like one over the limit.
            limit = Math.min(limit, Number(declared));
            if (Number(declared) > maxResponseBytes) {
              fail(tooLargeError(status));
            }
          }
        },
        onResponseData(_controller, chunk) {
          if (settled || chunks === null) {
            return;
          }
          size += chunk.length;
          if (size > limit) {
            fail(tooLargeError(status));
            return;
          }
          chunks.push(chunk);
        },
        onResponseEnd() {
          const body = chunks === null ? new Uint8Array(0) : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
          finish(() => resolve({ status, headers: responseHeaders, body }));
        },
        onResponseError(_controller, error) {
          finish(() => {
            const code = (error as NodeError).code ?? '';
            if (chunks !== null && (CONNECTION_DROPPED_CODES.has(code) || code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH')) {
              reject(new PsonoError('network', { detail: `(${host}: the connection broke off mid-response)` }, { cause: error }));
              return;
            }
            const mapped = classifyNetworkError(error, host);
            if (chunks === null && CONNECTION_DROPPED_CODES.has(code) && RETRIABLE_METHODS.has(request.method)) {
              retriableFailures.add(mapped);
            }
            reject(mapped);
          });
        },
      };
      dispatcher
        .then((agent) => {
          if (!settled) {
            agent.dispatch({ origin: url.origin, path: url.pathname + url.search, method: request.method, headers, ...(body === undefined ? {} : { body }) }, handler);
          }
        })
        .catch((error: unknown) => finish(() => reject(classifyNetworkError(error, host))));
    });
  }
}

let undici: Promise<{ readonly Agent: typeof Agent }> | null = null;

/**
 * undici's Agent module alone: the package index also loads fetch, WebSocket, the caches and the
 * mocks (about twice the start-up time), none of which is used here. undici is pinned.
 */
function loadUndici(): Promise<{ readonly Agent: typeof Agent }> {
  // @ts-expect-error -- undici has typings for its index only; this module exports the class typed as `Agent`.
  undici ??= import('undici/lib/dispatcher/agent.js').then((module: { default: typeof Agent }) => ({ Agent: module.default }));
  return undici;
}

function tooLargeError(status: number): PsonoError {
  return new PsonoError('malformed-response', { status, detail: '(the response is too large)' });
}

function timeoutError(host: string, timeoutMs: number): PsonoError {
  return new PsonoError('timeout', { detail: `(${host} did not answer within ${Math.round(timeoutMs / 100) / 10} s)` });
}

/** Single-valued headers: Node keeps the first of duplicates and so do we. Others are joined with ", " (cookie: "; "). */
const FIRST_VALUE_WINS = new Set([
  'age', 'authorization', 'content-length', 'content-type', 'etag', 'expires', 'from', 'host', 'if-modified-since',
  'if-unmodified-since', 'last-modified', 'location', 'max-forwards', 'proxy-authorization', 'referer', 'retry-after',
  'server', 'user-agent',
]);

/**
 * Response headers by lower-case name, one string each, with the same rules as Node's
 * `res.headers`: the first of a repeated single-valued header, the others joined.
 */
function headersOf(parsed: IncomingHttpHeaders): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (value === undefined || name === '__proto__') {
      continue;
    }
    headers[name] = typeof value === 'string' ? value : FIRST_VALUE_WINS.has(name) ? (value[0] ?? '') : value.join(name === 'cookie' ? '; ' : ', ');
  }
  return headers;
}
