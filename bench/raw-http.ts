/**
 * Bare HTTP for the reference readers: no TLS, no JSON, no crypto. `discard` reads a response to
 * its last byte and throws it away (the lower bound); `text` returns it (the naive reader). With
 * keep-alive it is undici's dispatcher, the client ours uses (src/platform/http-transport.ts), so
 * the bound is not slowed by a slower client; without, a new connection each time (fresh-http.ts).
 */
import { Agent } from 'undici';

import { sendFresh, type FreshRequest } from './fresh-http';

export type RawRequest = FreshRequest;

export class RawHttp {
  readonly #pool: Agent | null;

  /**
   * keepAlive true: one pool of `maxSockets` connections, like NodeHttpTransport.
   * keepAlive false: a new TCP connection per request, like Python `requests.get` without a Session.
   */
  constructor(keepAlive: boolean, maxSockets = 8) {
    this.#pool = keepAlive ? new Agent({ connections: maxSockets, pipelining: 1, headersTimeout: 0, bodyTimeout: 0 }) : null;
  }

  /** Sends, reads every byte, discards them; resolves with the status and the byte count. */
  discard(request: RawRequest): Promise<{ status: number; bytes: number }> {
    return this.#send(request, false).then(({ status, bytes }) => ({ status, bytes }));
  }

  async text(request: RawRequest): Promise<{ status: number; body: string; date: string | undefined }> {
    const { status, body, date } = await this.#send(request, true);
    return { status, body: body ?? '', date };
  }

  close(): void {
    void this.#pool?.destroy();
  }

  #send(request: RawRequest, keep: boolean): Promise<{ status: number; bytes: number; body?: string; date: string | undefined }> {
    return this.#pool === null ? sendFresh(request, keep) : this.#sendPooled(this.#pool, request, keep);
  }

  #sendPooled(pool: Agent, request: RawRequest, keep: boolean): Promise<{ status: number; bytes: number; body?: string; date: string | undefined }> {
    return new Promise((resolve, reject) => {
      const url = new URL(request.url);
      const chunks: Buffer[] = [];
      let status = 0;
      let bytes = 0;
      let date: string | undefined;
      pool.dispatch(
        { origin: url.origin, path: url.pathname + url.search, method: request.method, headers: { Accept: '*/*', 'User-Agent': 'psono-tray-bench', ...request.headers }, ...(request.body === undefined ? {} : { body: request.body }) },
        {
          // undici takes a handler as the current API only if it has onRequestStart.
          onRequestStart: () => undefined,
          onResponseStart: (_controller, statusCode, headers) => {
            status = statusCode;
            date = typeof headers['date'] === 'string' ? headers['date'] : undefined;
          },
          onResponseData: (_controller, chunk) => {
            bytes += chunk.length;
            if (keep) {
              chunks.push(chunk);
            }
          },
          onResponseEnd: () => resolve({ status, bytes, date, ...(keep ? { body: Buffer.concat(chunks).toString('utf8') } : {}) }),
          onResponseError: (_controller, error) => reject(error),
        },
      );
    });
  }
}
