/**
 * Bare HTTP for the reference readers: no TLS, no JSON, no crypto. `discard` reads a response to
 * its last byte and throws it away (the lower bound); `text` returns it (the naive reader). With
 * keep-alive it is undici's dispatcher, the client ours uses (src/platform/http-transport.ts), so
 * the bound is not slowed by a slower client; without, node:http with a new connection each time.
 */
import http from 'node:http';

import { Agent } from 'undici';

export interface RawRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

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
    return this.#pool === null ? this.#sendFresh(request, keep) : this.#sendPooled(this.#pool, request, keep);
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

  #sendFresh(request: RawRequest, keep: boolean): Promise<{ status: number; bytes: number; body?: string; date: string | undefined }> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { Accept: '*/*', 'User-Agent': 'psono-tray-bench', ...request.headers };
      const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
      if (body !== undefined) {
        headers['Content-Length'] = String(body.length);
      }
      const req = http.request(request.url, { method: request.method, headers, agent: false });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (keep) {
            chunks.push(chunk);
          }
        });
        res.on('end', () => {
          const date = res.headers.date;
          resolve({ status: res.statusCode ?? 0, bytes, date, ...(keep ? { body: Buffer.concat(chunks).toString('utf8') } : {}) });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }
}
