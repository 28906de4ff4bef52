/**
 * The one door from core to the network. Core describes requests as plain data; the runtime
 * (src/platform for Node, a test double in unit tests) performs them. Implementations throw
 * `PsonoError` of kind `network`, `tls` or `timeout` when no HTTP response arrived; any HTTP
 * response, whatever its status, is returned, because only the caller knows what a status means.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface HttpRequest {
  readonly method: HttpMethod;
  readonly url: string;
  /** Sent as given. Implementations add nothing but Host, Content-Length and a fixed User-Agent. */
  readonly headers: Readonly<Record<string, string>>;
  /** UTF-8 text. `undefined` sends no body; `''` sends an explicit empty body (Content-Length: 0). */
  readonly body?: string;
  /** Deadline for the whole exchange, connect to last byte. */
  readonly timeoutMs: number;
  /**
   * Sees the response body as it arrives, so a reader can start on a megabyte answer during the
   * transfer. Optional for implementations (the body is in the response either way).
   */
  readonly bodyObserver?: BodyObserver;
}

/**
 * Receives a response body piece by piece, in order, while it is still arriving. Implementations
 * must not throw; a transport that catches a throw stops feeding it.
 */
export interface BodyObserver {
  /** The status line and headers are in; false declines the body (no `chunk` calls follow). */
  begin(status: number, contentLength: number | null): boolean;
  /** The next piece, valid only during the call (copy what must be kept). */
  chunk(bytes: Uint8Array): void;
}

export interface HttpResponse {
  readonly status: number;
  /** Header names lower-cased; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  /** The body decoded as UTF-8 ('' when there is none). */
  readonly body: string;
  /**
   * The same body as raw bytes, when the transport has them (the Node transport does). Readers of
   * megabyte answers use it to skip decoding them into a string; `body` may then be decoded lazily.
   */
  readonly bodyBytes?: Uint8Array;
  /**
   * The same bytes in the pieces they arrived in, when the transport has them. Megabyte answers are
   * read from these in place: joining them into one buffer would be a copy into fresh memory.
   */
  readonly bodyChunks?: readonly Uint8Array[];
}

export interface HttpTransport {
  send(request: HttpRequest): Promise<HttpResponse>;
  /**
   * Drops idle keep-alive connections. A session calls it when it ends: an idle connection can
   * still reference the last request sent on it, headers (the session token) included.
   */
  closeIdle?(): void;
}

/**
 * Appends an endpoint path to the configured server URL verbatim (spec §1: the base URL has no
 * trailing slash, every path starts with `/` and keeps its trailing slash).
 */
export function endpointUrl(serverUrl: string, path: string): string {
  return serverUrl.replace(/\/+$/, '') + path;
}
