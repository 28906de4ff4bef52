/**
 * The app:// scheme that serves dist/renderer instead of file:// (Electron security checklist
 * item "use a custom protocol"): one origin we can check IPC senders against, and a CSP header
 * on every response.
 */
import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';

import type { Protocol } from 'electron';

import type { Logger } from '../log';

export const APP_SCHEME = 'app';
export const APP_HOST = 'psono-tray';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const SEARCH_WINDOW_URL = `${APP_ORIGIN}/index.html`;

/** connect-src 'none': the renderer never talks to the network; main does. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "media-src 'none'",
  "object-src 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
  "base-uri 'none'",
].join('; ');

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Must run before app 'ready' (Electron refuses it later). */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    // standard: real origins and relative URLs; secure: a secure context like https.
    // No bypassCSP, no corsEnabled, no fetch API: the page only loads its own files.
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true } },
  ]);
}

function textResponse(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
}

/** Serves files under `rootDir` on app://psono-tray/…; anything else is 400/403/404. */
export function createAppProtocolHandler(rootDir: string, log: Logger): (request: Request) => Promise<Response> {
  const root = path.resolve(rootDir);
  return async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) {
      return textResponse(403, 'Forbidden');
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return textResponse(405, 'Method not allowed');
    }
    let relative: string;
    try {
      relative = decodeURIComponent(url.pathname);
    } catch {
      return textResponse(400, 'Bad request');
    }
    if (relative === '/' || relative === '') {
      relative = '/index.html';
    }
    const candidate = path.resolve(root, `.${relative}`);
    // Path traversal guard, also against symlinks that lead out of the root.
    if (!candidate.startsWith(root + path.sep)) {
      return textResponse(403, 'Forbidden');
    }
    try {
      const real = await realpath(candidate);
      const realRoot = await realpath(root);
      if (!real.startsWith(realRoot + path.sep)) {
        return textResponse(403, 'Forbidden');
      }
      const body = await readFile(real);
      const type = MIME_TYPES[path.extname(real).toLowerCase()] ?? 'application/octet-stream';
      return new Response(request.method === 'HEAD' ? null : body, {
        status: 200,
        headers: { ...SECURITY_HEADERS, 'Content-Type': type },
      });
    } catch {
      log.debug(`not found: ${url.pathname}`);
      return textResponse(404, 'Not found');
    }
  };
}
