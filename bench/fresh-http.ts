/**
 * One request over a new TCP connection (node:http, no agent), like Python `requests.get`
 * without a Session. Only node:http, so a cold reader that imports it loads nothing else.
 */
import http from 'node:http';

export interface FreshRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface FreshResponse {
  readonly status: number;
  readonly bytes: number;
  /** The body as text; absent when the caller asked to discard it. */
  readonly body?: string;
  readonly date: string | undefined;
}

export function sendFresh(request: FreshRequest, keep: boolean): Promise<FreshResponse> {
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

/** `sendFresh` keeping the body, in the shape the sequential reader takes. */
export async function freshText(request: FreshRequest): Promise<{ status: number; body: string; bytes: number }> {
  const { status, body, bytes } = await sendFresh(request, true);
  return { status, body: body ?? '', bytes };
}
