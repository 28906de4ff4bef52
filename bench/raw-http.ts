/**
 * Bare node:http for the reference readers: no TLS, no JSON, no crypto. `discard` reads a response
 * to its last byte and throws it away (the lower bound); `text` returns it (the naive reader).
 */
import http from 'node:http';

export interface RawRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export class RawHttp {
  readonly #agent: http.Agent | false;

  /**
   * keepAlive true: one pool of `maxSockets` connections, like NodeHttpTransport.
   * keepAlive false: a new TCP connection per request, like Python `requests.get` without a Session.
   */
  constructor(keepAlive: boolean, maxSockets = 8) {
    this.#agent = keepAlive ? new http.Agent({ keepAlive: true, maxSockets }) : false;
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
    if (this.#agent !== false) {
      this.#agent.destroy();
    }
  }

  #send(request: RawRequest, keep: boolean): Promise<{ status: number; bytes: number; body?: string; date: string | undefined }> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { Accept: '*/*', 'User-Agent': 'psono-tray-bench', ...request.headers };
      const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
      if (body !== undefined) {
        headers['Content-Length'] = String(body.length);
      }
      const req = http.request(request.url, { method: request.method, headers, agent: this.#agent });
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
