/**
 * The Node implementation of core's HttpTransport, shared by the Electron main process and the
 * CLI. node:http(s) rather than fetch because we need a custom CA bundle per server and the
 * precise TLS/socket error codes to tell a certificate problem from a dead network.
 */
import { X509Certificate } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';

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
};

/** Failures on a reused keep-alive socket that the server had already closed; retried once. */
const staleSocketFailures = new WeakSet<PsonoError>();

interface NodeError extends Error {
  code?: string;
}

/** Maps a socket/TLS failure (no HTTP response) to the closed error kinds. Exported for tests. */
export function classifyNetworkError(error: unknown, host: string): PsonoError {
  const code = (error as NodeError | undefined)?.code ?? '';
  if (CERTIFICATE_CODES.has(code)) {
    return new PsonoError('tls', { detail: `The certificate of ${host} is not trusted (${code}). If the server uses a private CA, configure its CA bundle.` }, { cause: error });
  }
  if (code === 'EPROTO' || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_')) {
    return new PsonoError('tls', { detail: `The TLS handshake with ${host} failed (${code}); is it really an https server?` }, { cause: error });
  }
  if (code === 'ETIMEDOUT') {
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
  readonly #httpAgent: http.Agent;
  readonly #httpsAgent: https.Agent;
  readonly #maxResponseBytes: number;
  readonly #userAgent: string;

  constructor(options: NodeHttpTransportOptions = {}) {
    const extraCas = options.caBundlePem === undefined ? [] : validatedCaBundle(options.caBundlePem);
    // Keep-alive: a vault load is dozens of requests; a TLS handshake for each would dominate.
    this.#httpAgent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    this.#httpsAgent = new https.Agent({
      keepAlive: true,
      maxSockets: 8,
      ...(extraCas.length === 0 ? {} : { ca: [...rootCertificates, ...extraCas] }),
    });
    this.#maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.#userAgent = options.userAgent ?? 'psono-tray';
  }

  async send(request: HttpRequest): Promise<HttpResponse> {
    try {
      return await this.#attempt(request);
    } catch (error) {
      // A keep-alive socket the server closed while idle fails at once with ECONNRESET; one fresh
      // connection is the documented remedy (the request never reached the application).
      if (error instanceof PsonoError && staleSocketFailures.has(error)) {
        return this.#attempt(request);
      }
      throw error;
    }
  }

  /** Destroys the idle keep-alive connections (in-flight requests keep theirs). */
  closeIdle(): void {
    for (const agent of [this.#httpAgent, this.#httpsAgent]) {
      for (const sockets of Object.values(agent.freeSockets)) {
        for (const socket of sockets ?? []) {
          socket.destroy();
        }
      }
    }
  }

  /** Closes every connection (call on shutdown and in tests). */
  close(): void {
    this.#httpAgent.destroy();
    this.#httpsAgent.destroy();
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

    return new Promise<HttpResponse>((resolve, reject) => {
      let settled = false;
      let timedOut = false;
      const finish = (action: () => void): void => {
        if (!settled) {
          settled = true;
          clearTimeout(timer);
          action();
        }
      };
      const client = secure ? https : http;
      const req = client.request(url, {
        method: request.method,
        headers,
        agent: secure ? this.#httpsAgent : this.#httpAgent,
      });
      const timer = setTimeout(() => {
        timedOut = true;
        req.destroy(new Error('deadline reached'));
      }, request.timeoutMs);

      req.on('response', (res) => {
        const headers = headersOf(res.rawHeaders);
        const body = new BodyCollector(headers['content-length'], this.#maxResponseBytes);
        if (body.tooLarge) {
          finish(() => reject(tooLargeError(res.statusCode ?? 0)));
          req.destroy();
          return;
        }
        let observer = request.bodyObserver;
        if (observer !== undefined && !observe(() => observer!.begin(res.statusCode ?? 0, body.declaredLength))) {
          observer = undefined;
        }
        res.on('data', (chunk: Buffer) => {
          if (!body.add(chunk)) {
            finish(() => reject(tooLargeError(res.statusCode ?? 0)));
            req.destroy();
            return;
          }
          if (observer !== undefined && !observe(() => (observer!.chunk(chunk), true))) {
            observer = undefined;
          }
        });
        res.on('end', () => {
          finish(() => resolve(new BufferedResponse(res.statusCode ?? 0, headers, body.chunks())));
        });
        res.on('error', (error) => finish(() => reject(timedOut ? timeoutError(host, request.timeoutMs) : classifyNetworkError(error, host))));
        res.on('close', () => {
          if (!res.complete) {
            finish(() => reject(timedOut ? timeoutError(host, request.timeoutMs) : new PsonoError('network', { detail: `(${host}: the connection broke off mid-response)` })));
          }
        });
      });
      req.on('error', (error: NodeError) => {
        finish(() => {
          if (timedOut) {
            reject(timeoutError(host, request.timeoutMs));
            return;
          }
          const mapped = classifyNetworkError(error, host);
          if (req.reusedSocket && error.code === 'ECONNRESET') {
            staleSocketFailures.add(mapped);
          }
          reject(mapped);
        });
      });
      req.end(body);
    });
  }
}

/** Runs an observer callback; a throw (a bug in the reader) stops the feeding, not the request. */
function observe(call: () => boolean): boolean {
  try {
    return call();
  } catch {
    return false;
  }
}

function tooLargeError(status: number): PsonoError {
  return new PsonoError('malformed-response', { status, detail: '(the response is too large)' });
}

/**
 * Gathers a response body as the chunks the socket delivered, enforcing the size limit and any
 * declared Content-Length. They are not joined: a 13 MB datastore answer copied into one new buffer
 * cost a copy and, worse, first-touch page faults on 13 MB of fresh memory at every unlock.
 */
class BodyCollector {
  readonly tooLarge: boolean;
  /** Content-Length as sent, if it is a plain number. */
  readonly declaredLength: number | null;
  readonly #limit: number;
  readonly #chunks: Buffer[] = [];
  #size = 0;

  constructor(contentLength: string | undefined, limit: number) {
    const declared = contentLength !== undefined && /^\d+$/.test(contentLength) ? Number(contentLength) : null;
    this.declaredLength = declared;
    this.tooLarge = declared !== null && declared > limit;
    this.#limit = declared === null ? limit : Math.min(limit, declared);
  }

  /** False when the body grew past the limit (or past its declared length). */
  add(chunk: Buffer): boolean {
    const size = this.#size + chunk.length;
    if (size > this.#limit) {
      return false;
    }
    this.#chunks.push(chunk);
    this.#size = size;
    return true;
  }

  chunks(): readonly Buffer[] {
    return this.#chunks;
  }
}

/** A response whose bytes are joined and whose text is decoded only if someone asks (large answers are read from the chunks). */
class BufferedResponse implements HttpResponse {
  #bytes: Buffer | undefined;
  #text: string | undefined;

  constructor(
    readonly status: number,
    readonly headers: Readonly<Record<string, string>>,
    readonly bodyChunks: readonly Buffer[],
  ) {}

  get bodyBytes(): Buffer {
    this.#bytes ??= this.bodyChunks.length === 1 ? this.bodyChunks[0]! : Buffer.concat(this.bodyChunks);
    return this.#bytes;
  }

  get body(): string {
    this.#text ??= this.bodyBytes.toString('utf8');
    return this.#text;
  }
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
 * Response headers by lower-case name, built from the raw name/value list with the same rules as
 * Node's `res.headers`, which is parsed on first access and then had to be copied: ~3 ms of a 10k
 * unlock's ~100 answers. Exported for tests.
 */
export function headersOf(raw: readonly string[]): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const value = raw[i + 1]!;
    const held = headers[name];
    if (held === undefined) {
      headers[name] = value;
    } else if (!FIRST_VALUE_WINS.has(name)) {
      headers[name] = `${held}${name === 'cookie' ? '; ' : ', '}${value}`;
    }
  }
  return headers;
}
