/**
 * Runs the real renderer bundle in headless Chromium against the in-memory FakeBridge, which stays
 * in Node: the page's `window.psonoTray` forwards each call through a Playwright binding, and push
 * events are forwarded back. So a secret reaches the page only when the page asks for it, as with
 * the real preload. The page is served over loopback HTTP with the app's CSP as a header too.
 *
 * `RendererPage` is the tests' vocabulary (search, press, status, screenshot…), so tests read like
 * what a user does.
 */
import { build } from 'esbuild';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { after, before } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

import { bridgeMethodName, eventChannels, requestSchemas, type EventChannel, type EventPayloads } from '../../../src/shared/ipc/contract';
import type { FakeBridge } from '../../fakes/fake-bridge';

const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'];
export const SCREENS_DIR = 'test-results/screens';

/** The policy the app's window is served with (index.html carries the same one as a meta tag). */
export const APP_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const CONTENT_TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json', '.svg': 'image/svg+xml' };

export interface RendererServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Bundles `entry` like scripts/build.mjs does for the renderer and serves it next to the static files. */
export async function serveRenderer(entry: 'test' | 'production'): Promise<RendererServer> {
  const dir = mkdtempSync(join(tmpdir(), 'psono-renderer-'));
  cpSync('src/renderer/static', dir, { recursive: true });
  await build({
    entryPoints: [entry === 'test' ? 'test/renderer/support/test-entry.tsx' : 'src/renderer/main.tsx'],
    outfile: join(dir, 'app.js'),
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'chrome130',
    jsx: 'automatic',
    logLevel: 'warning',
  });
  const server: Server = createServer((request, response) => {
    const path = normalize(new URL(request.url ?? '/', 'http://x').pathname).replace(/^\/+/, '') || 'index.html';
    try {
      const body = readFileSync(join(dir, path));
      response.writeHead(200, { 'Content-Type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream', 'Content-Security-Policy': APP_CSP });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/index.html`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/**
 * Runs in the page before the app: a `psonoTray` whose methods call the Node-side fake. Kept as
 * source text, because tsx's compiled functions reference a helper (`__name`) the page lacks.
 */
function bridgeShimSource(methods: readonly string[], options: { revealMs?: number }): string {
  return `(() => {
    const listeners = new Map();
    const invoke = window.__fakeBridgeInvoke;
    const bridge = {
      on: (event, listener) => {
        const set = listeners.get(event) || new Set();
        set.add(listener);
        listeners.set(event, set);
        return () => set.delete(listener);
      },
    };
    for (const method of ${JSON.stringify(methods)}) {
      bridge[method] = (arg) => invoke(method, arg);
    }
    Object.defineProperty(window, 'psonoTray', { value: Object.freeze(bridge) });
    Object.defineProperty(window, '__fakeBridgeEmit', {
      value: (event, payload) => { const set = listeners.get(event); if (set) { set.forEach((listener) => listener(payload)); } },
    });
    Object.defineProperty(window, '__psonoTestOptions', { value: ${JSON.stringify(options)} });
  })();`;
}

/** The Chromium and renderer server that one describe block's tests share. */
export interface SharedRenderer {
  readonly browser: Browser;
  readonly server: RendererServer;
  /** A fresh page (its own browser context) on the shared server. */
  open(bridge: FakeBridge, options?: OpenOptions): Promise<RendererPage>;
}

/**
 * Call inside a `describe`: launches Chromium and serves the renderer bundle before its tests and
 * closes both after them.
 */
export function sharedRenderer(entry: 'test' | 'production'): SharedRenderer {
  let browser: Browser | undefined;
  let server: RendererServer | undefined;
  before(async () => {
    [browser, server] = await Promise.all([launchChromium(), serveRenderer(entry)]);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) {
      throw new Error('sharedRenderer: used outside the tests of its describe block');
    }
    return value;
  };
  return {
    get browser() {
      return started(browser);
    },
    get server() {
      return started(server);
    },
    open: (bridge, options) => RendererPage.open(started(browser), started(server), bridge, options),
  };
}

export interface OpenOptions {
  readonly colorScheme?: 'light' | 'dark';
  readonly revealMs?: number;
  readonly viewport?: { width: number; height: number };
  /** 2 with half the viewport lays the page out as the window zoomed to 200 % would. */
  readonly deviceScaleFactor?: number;
}

export class RendererPage {
  readonly consoleProblems: string[] = [];

  private constructor(
    readonly page: Page,
    private readonly context: BrowserContext,
    readonly bridge: FakeBridge,
  ) {}

  static async open(browser: Browser, server: RendererServer, bridge: FakeBridge, options: OpenOptions = {}): Promise<RendererPage> {
    const context = await browser.newContext({
      viewport: options.viewport ?? { width: 680, height: 460 },
      deviceScaleFactor: options.deviceScaleFactor ?? 1,
      colorScheme: options.colorScheme ?? 'light',
      reducedMotion: 'reduce',
    });
    context.setDefaultTimeout(60_000);
    const page = await context.newPage();
    const renderer = new RendererPage(page, context, bridge);
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') {
        renderer.consoleProblems.push(message.text());
      }
    });
    page.on('pageerror', (error) => renderer.consoleProblems.push(`pageerror: ${error.message}`));
    await page.exposeFunction('__fakeBridgeInvoke', async (method: string, arg: unknown) => {
      const fn = (bridge.api as unknown as Record<string, (value: unknown) => Promise<unknown>>)[method];
      return fn ? fn(arg) : { ok: false, error: { kind: 'internal', message: `no method ${method}` } };
    });
    // Events the fake raises itself (lock, hide) reach the page like main's pushes would.
    for (const event of eventChannels) {
      bridge.api.on(event, (payload) => void renderer.forward(event, payload));
    }
    const methods = Object.keys(requestSchemas).map((channel) => bridgeMethodName(channel as keyof typeof requestSchemas));
    await page.addInitScript({ content: bridgeShimSource(methods, options.revealMs === undefined ? {} : { revealMs: options.revealMs }) });
    await page.goto(server.url);
    await page.locator('.app').waitFor();
    return renderer;
  }

  private async forward(event: EventChannel, payload: unknown): Promise<void> {
    await this.page
      .evaluate(([name, value]) => (window as unknown as { __fakeBridgeEmit: (e: string, p: unknown) => void }).__fakeBridgeEmit(name, value), [event, payload] as const)
      .catch(() => undefined); // the page may be closing
  }

  /** Main pushes an event to the window. */
  async emit<E extends EventChannel>(event: E, payload: EventPayloads[E]): Promise<void> {
    this.bridge.emit(event, payload);
    await this.page.waitForTimeout(0);
  }

  get searchBox() {
    return this.page.getByRole('combobox', { name: 'Search entries' });
  }

  get status() {
    return this.page.getByTestId('status-line');
  }

  async search(text: string): Promise<void> {
    await this.searchBox.fill(text);
    await this.page.waitForFunction((query) => {
      const store = (window as unknown as { __psonoTestStore: { getState(): { resultsQuery: string } } }).__psonoTestStore;
      return store.getState().resultsQuery === query;
    }, text);
  }

  async press(key: string): Promise<void> {
    await this.page.keyboard.press(key);
  }

  async selectedTitle(): Promise<string | null> {
    const id = await this.searchBox.getAttribute('aria-activedescendant');
    return id ? this.page.locator(`#${id} .result-title-text`).innerText() : null;
  }

  async resultTitles(): Promise<string[]> {
    return this.page.locator('[role="option"] .result-title-text').allInnerTexts();
  }

  /** The store's state as JSON (actions drop out). */
  async storeJson(): Promise<string> {
    return this.page.evaluate(() => JSON.stringify((window as unknown as { __psonoTestStore: { getState(): unknown } }).__psonoTestStore.getState()));
  }

  async storeValue<T>(pick: string): Promise<T> {
    return JSON.parse(await this.storeJson())[pick] as T;
  }

  /** Everything the DOM holds as text, including input values (which outerHTML omits). */
  async domText(): Promise<string> {
    return this.page.evaluate(() => {
      const values = [...document.querySelectorAll('input, textarea')].map((element) => (element as HTMLInputElement).value);
      return document.documentElement.outerHTML + '\n' + values.join('\n');
    });
  }

  /** Whether the page's JavaScript heap, after a full GC, still holds `text` anywhere. */
  async heapContains(text: string): Promise<boolean> {
    const cdp = await this.context.newCDPSession(this.page);
    const chunks: string[] = [];
    cdp.on('HeapProfiler.addHeapSnapshotChunk', (event) => chunks.push(event.chunk));
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    await cdp.detach();
    return chunks.join('').includes(text);
  }

  async screenshot(name: string): Promise<void> {
    mkdirSync(SCREENS_DIR, { recursive: true });
    await this.page.screenshot({ path: join(SCREENS_DIR, `${name}.png`) });
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}
