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
}

export interface HttpResponse {
  readonly status: number;
  /** Header names lower-cased; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  /** The body as received (empty when there is none). */
  readonly body: Uint8Array;
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

const lenientDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** The body as text; invalid UTF-8 becomes U+FFFD, so a garbled body fails as JSON, not here. */
export function responseText(response: HttpResponse): string {
  return lenientDecoder.decode(response.body);
}
