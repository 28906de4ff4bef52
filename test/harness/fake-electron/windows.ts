/**
 * BrowserWindow / webContents / session / protocol doubles. Each window's page is a real page in
 * one shared headless Chromium (playwright-core). The window's preload *source* is bundled for the
 * browser with `electron` aliased to renderer-shim.ts and runs as an init script before page
 * scripts; ipcRenderer.invoke reaches the real ipcMain handlers through a Playwright binding with
 * an Electron-like event (sender, senderFrame url/origin/parent).
 */
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type * as E from 'electron';
import type { BrowserContext, Frame, Page, Request as PwRequest, Route } from 'playwright-core';

import { getBrowser } from '../chromium';
import { app, cancellableEvent, setCloseAllWindows, type CancellableEvent } from './app';
import { originOf, toAppUrl, toPageUrl } from './app-scheme';
import { ipcMain } from './ipc-main';
import { nativeTheme } from './misc';
import { PAGE_INPUT_BINDING, PAGE_INPUT_SCRIPT, toBeforeInput, toInputEvent, type PageInput } from './page-input';

const RENDERER_SHIM = fileURLToPath(new URL('./renderer-shim.ts', import.meta.url));

// ---------------------------------------------------------------- protocol

type ProtocolHandler = (request: Request) => Response | Promise<Response>;

export class FakeProtocol {
  /** Module-level in Electron; shared by every session. */
  static privileged: E.CustomScheme[] = [];
  readonly handlers = new Map<string, ProtocolHandler>();

  registerSchemesAsPrivileged(customSchemes: E.CustomScheme[]): void {
    if (app.isReady()) {
      // Electron: "protocol.registerSchemesAsPrivileged should be called before app is ready".
      throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    }
    FakeProtocol.privileged.push(...customSchemes);
  }
  handle(scheme: string, handler: ProtocolHandler): void {
    if (this.handlers.has(scheme)) {
      throw new Error(`Failed to register protocol: ${scheme}`);
    }
    this.handlers.set(scheme, handler);
  }
  unhandle(scheme: string): void {
    this.handlers.delete(scheme);
  }
  isProtocolHandled(scheme: string): boolean {
    return this.handlers.has(scheme);
  }
  /** Harness: runs the registered handler for an app:// URL like Chromium would. */
  async __fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const scheme = new URL(url).protocol.slice(0, -1);
    const handler = this.handlers.get(scheme);
    if (!handler) {
      return new Response(null, { status: 404 });
    }
    return handler(new Request(url, init));
  }
}

// ---------------------------------------------------------------- session

type PermissionRequestHandler = Parameters<E.Session['setPermissionRequestHandler']>[0];
type PermissionCheckHandler = Parameters<E.Session['setPermissionCheckHandler']>[0];

export class FakeSession extends EventEmitter {
  readonly protocol = new FakeProtocol();
  permissionRequestHandler: PermissionRequestHandler = null;
  permissionCheckHandler: PermissionCheckHandler = null;
  spellCheckerEnabled = true;
  storageCleared = 0;

  constructor(readonly partition: string) {
    super();
  }
  setPermissionRequestHandler(handler: PermissionRequestHandler): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler): void {
    this.permissionCheckHandler = handler;
  }
  setSpellCheckerEnabled(enable: boolean): void {
    this.spellCheckerEnabled = enable;
  }
  async clearStorageData(): Promise<void> {
    this.storageCleared++;
  }
  async clearCache(): Promise<void> {}

  /**
   * Harness: a page asks for a permission. Without a handler Electron grants most permissions,
   * which is why the app must install one.
   */
  __requestPermission(webContents: FakeWebContents, permission: string): Promise<boolean> {
    const handler = this.permissionRequestHandler;
    if (!handler) {
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      handler(webContents as unknown as E.WebContents, permission as Parameters<NonNullable<PermissionRequestHandler>>[1], resolve, {
        requestingUrl: webContents.getURL(),
        isMainFrame: true,
      } as unknown as E.PermissionRequest);
    });
  }
  __checkPermission(webContents: FakeWebContents, permission: string): boolean {
    const handler = this.permissionCheckHandler;
    if (!handler) {
      return true;
    }
    return handler(webContents as unknown as E.WebContents, permission as Parameters<NonNullable<PermissionCheckHandler>>[1], originOf(webContents.getURL()), {
      isMainFrame: true,
      requestingUrl: webContents.getURL(),
      embeddingOrigin: originOf(webContents.getURL()),
    } as unknown as E.PermissionCheckHandlerHandlerDetails);
  }
}

const sessions = new Map<string, FakeSession>();
export const session = {
  get defaultSession(): FakeSession {
    return session.fromPartition('');
  },
  fromPartition(partition: string): FakeSession {
    let found = sessions.get(partition);
    if (!found) {
      found = new FakeSession(partition);
      sessions.set(partition, found);
    }
    return found;
  },
};

/** Electron's `protocol` module acts on the default session. */
export const protocol = {
  registerSchemesAsPrivileged: (customSchemes: E.CustomScheme[]): void => session.defaultSession.protocol.registerSchemesAsPrivileged(customSchemes),
  handle: (scheme: string, handler: ProtocolHandler): void => session.defaultSession.protocol.handle(scheme, handler),
  unhandle: (scheme: string): void => session.defaultSession.protocol.unhandle(scheme),
  isProtocolHandled: (scheme: string): boolean => session.defaultSession.protocol.isProtocolHandled(scheme),
};

// ---------------------------------------------------------------- the fake web

/** Harness: responses for non-app origins the pages may load (e.g. a hostile page in a test). */
export const fakeWeb = new Map<string, (url: URL) => { status?: number; contentType?: string; headers?: Record<string, string>; body: string }>();

// ---------------------------------------------------------------- webContents

/** What Electron's WebFrameMain offers the checks main makes on an IPC sender. */
export interface FakeWebFrameMain {
  readonly url: string;
  readonly origin: string;
  readonly name: string;
  readonly parent: FakeWebFrameMain | null;
  readonly top: FakeWebFrameMain | null;
  readonly routingId: number;
  readonly processId: number;
}

function frameMain(frame: Frame): FakeWebFrameMain {
  const parentFrame = frame.parentFrame();
  const parent = parentFrame ? frameMain(parentFrame) : null;
  const url = toAppUrl(frame.url());
  const self: { -readonly [K in keyof FakeWebFrameMain]: FakeWebFrameMain[K] } = {
    url,
    origin: originOf(url),
    name: frame.name(),
    parent,
    top: null,
    routingId: parent ? 2 : 1,
    processId: 1,
  };
  self.top = parent?.top ?? parent ?? self;
  return self;
}

interface IpcMessage {
  readonly kind: 'invoke' | 'send';
  readonly channel: string;
  readonly args: unknown[];
}

let nextWebContentsId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextWebContentsId++;
  readonly session: FakeSession;
  windowOpenHandler: ((details: E.HandlerDetails) => E.WindowOpenHandlerResponse) | null = null;
  /** Harness: URLs whose window.open was denied (the popup was closed). */
  readonly deniedOpens: string[] = [];
  /** Harness: errors from the page or the IPC plumbing. */
  readonly harnessErrors: unknown[] = [];
  devToolsOpened = false;
  #page: Page | null = null;
  #context: BrowserContext | null = null;
  #sendChain: Promise<unknown> = Promise.resolve();
  #allowedNavigation: string | null = null;
  #loaded: Promise<void> | undefined;
  #loadedSettled = false;
  #markLoaded!: () => void;
  #destroyed = false;
  #zoomFactor = 1;

  constructor(readonly window: BrowserWindow) {
    super();
    this.session = session.fromPartition(window.options.webPreferences?.partition ?? '');
    this.#resetLoaded();
    this.on('harness-error', (error: unknown) => this.harnessErrors.push(error));
  }

  #resetLoaded(): void {
    // Keep a pending promise: send()s queued before the first load wait on it.
    if (this.#loadedSettled || this.#loaded === undefined) {
      this.#loadedSettled = false;
      this.#loaded = new Promise((resolve) => {
        this.#markLoaded = () => {
          this.#loadedSettled = true;
          resolve();
        };
      });
    }
  }

  get mainFrame(): FakeWebFrameMain | null {
    return this.#page ? frameMain(this.#page.mainFrame()) : null;
  }

  /** Harness: the playwright Page showing this webContents (after the first load). */
  __page(): Page {
    if (!this.#page) {
      throw new Error('this webContents has not loaded a page yet');
    }
    return this.#page;
  }
  /** Harness: resolves once the current load finished. */
  __whenLoaded(): Promise<void> {
    return this.#loaded ?? Promise.resolve();
  }

  getURL(): string {
    return this.#page ? toAppUrl(this.#page.url()) : '';
  }
  /** Kept, not drawn: tests read it back; the page's layout at a zoom is the renderer tier's. */
  setZoomFactor(factor: number): void {
    this.#zoomFactor = factor;
  }
  getZoomFactor(): number {
    return this.#zoomFactor;
  }
  isDestroyed(): boolean {
    return this.#destroyed;
  }
  isLoading(): boolean {
    return false;
  }
  setWindowOpenHandler(handler: (details: E.HandlerDetails) => E.WindowOpenHandlerResponse): void {
    this.windowOpenHandler = handler;
  }
  openDevTools(): void {
    if (this.window.options.webPreferences?.devTools === false) {
      return; // Electron ignores the call when devTools is disabled.
    }
    this.devToolsOpened = true;
  }
  closeDevTools(): void {
    this.devToolsOpened = false;
  }
  isDevToolsOpened(): boolean {
    return this.devToolsOpened;
  }
  focus(): void {}
  setBackgroundThrottling(_allowed: boolean): void {}

  send(channel: string, ...args: unknown[]): void {
    // Electron serializes with the structured clone algorithm and keeps send() order.
    const cloned = structuredClone(args);
    this.#sendChain = this.#sendChain
      .then(() => this.#loaded)
      .then(() =>
        this.#page?.evaluate(([name, payload]) => {
          const emit = (window as unknown as { __electronEmit?: (c: string, a: unknown[]) => void }).__electronEmit;
          emit?.(name, payload);
        }, [channel, cloned] as const),
      )
      .catch((error: unknown) => this.emit('harness-error', error));
  }
  /** Harness: waits until every queued send() reached the page. */
  __flush(): Promise<unknown> {
    return this.#sendChain;
  }

  executeJavaScript(code: string): Promise<unknown> {
    return this.__page().evaluate(code);
  }

  async loadURL(url: string): Promise<void> {
    const pageUrl = toPageUrl(url, this.#customSchemes());
    const page = await this.#ensurePage();
    this.#resetLoaded();
    this.#allowedNavigation = pageUrl;
    await page.goto(pageUrl, { waitUntil: 'load' });
    this.#markLoaded();
    this.emit('did-finish-load', cancellableEvent());
    this.window.emit('ready-to-show', cancellableEvent());
  }
  /** Like Electron's: returns nothing; errors go to harnessErrors. */
  reload(): void {
    void this.__reload().catch((error: unknown) => this.emit('harness-error', error));
  }
  /** Harness: reload() that resolves when the page loaded again. */
  async __reload(): Promise<void> {
    const page = this.__page();
    this.#resetLoaded();
    this.#allowedNavigation = page.url();
    await page.reload({ waitUntil: 'load' });
    this.#markLoaded();
    this.emit('did-finish-load', cancellableEvent());
  }

  #customSchemes(): Set<string> {
    return new Set([...this.session.protocol.handlers.keys(), ...FakeProtocol.privileged.map((scheme) => scheme.scheme)]);
  }

  async #ensurePage(): Promise<Page> {
    if (this.#page) {
      return this.#page;
    }
    const browser = await getBrowser();
    const { width = 800, height = 600 } = this.window.options;
    const context = await browser.newContext({
      viewport: { width, height },
      colorScheme: nativeTheme.shouldUseDarkColors ? 'dark' : 'light',
    });
    this.#context = context;
    // tsx/esbuild (keepNames) turn named functions inside page.evaluate callbacks into __name(...)
    // calls; a no-op helper keeps them working in the page.
    await context.addInitScript({ content: 'globalThis.__name ??= (f) => f;' });
    await context.route('**/*', (route, request) => this.#route(route, request));
    await context.exposeBinding('__electronIpc', async (source, message: IpcMessage) => this.#onIpc(source.frame, message));
    await context.exposeBinding('__electronWillNavigate', async (source, url: string) => this.#onPageNavigation(source.frame, url));
    await context.exposeBinding('__electronWindowOpen', async (_source, url: string) => this.#decideWindowOpen(url));
    await context.addInitScript({ content: NAVIGATION_GUARD });
    await context.exposeBinding(PAGE_INPUT_BINDING, (source, input: PageInput) => this.#onInput(source.frame, input));
    await context.addInitScript({ content: PAGE_INPUT_SCRIPT });
    const preload = this.window.options.webPreferences?.preload;
    if (preload) {
      await context.addInitScript({ content: await bundlePreload(preload) });
    }
    const page = await context.newPage();
    page.on('pageerror', (error) => this.emit('harness-error', error));
    page.on('popup', (popup) => void this.#onPopup(popup));
    this.#page = page;
    nativeTheme.on('updated', this.#onThemeUpdated);
    return page;
  }

  readonly #onThemeUpdated = (): void => {
    void this.#page?.emulateMedia({ colorScheme: nativeTheme.shouldUseDarkColors ? 'dark' : 'light' });
  };

  /** A navigation the page started (link, location, form): main decides through 'will-navigate'. */
  #onPageNavigation(frame: Frame, pageUrl: string): void {
    const page = this.#page;
    if (!page || frame !== page.mainFrame()) {
      return;
    }
    const appUrl = toAppUrl(pageUrl);
    const event = cancellableEvent({ url: appUrl, isMainFrame: true, isSameDocument: false });
    this.emit('will-navigate', event, appUrl, false, true, 1, 1);
    if (!event.defaultPrevented) {
      this.#allowedNavigation = pageUrl;
      void page.goto(pageUrl).catch((error: unknown) => this.emit('harness-error', error));
    }
  }

  /** Trusted input in the page: main hears of it first, as from Electron. */
  #onInput(frame: Frame, input: PageInput): void {
    if (frame !== this.#page?.mainFrame()) {
      return; // the one window has no subframes that take input
    }
    const before = toBeforeInput(input);
    if (before) {
      this.emit('before-input-event', cancellableEvent(), before);
    }
    this.emit('input-event', cancellableEvent(), toInputEvent(input));
  }

  async #onIpc(frame: Frame, message: IpcMessage): Promise<unknown> {
    const senderFrame = frameMain(frame);
    const event = {
      sender: this,
      senderFrame,
      processId: senderFrame.processId,
      frameId: senderFrame.routingId,
      type: 'frame',
    } as unknown as E.IpcMainInvokeEvent;
    if (message.kind === 'send') {
      ipcMain.emit(message.channel, { ...event, returnValue: undefined, reply: () => undefined }, ...message.args);
      return undefined;
    }
    return ipcMain.__invoke(message.channel, event, message.args);
  }

  async #route(route: Route, request: PwRequest): Promise<void> {
    const url = request.url();
    let isMainFrameNavigation = false;
    try {
      isMainFrameNavigation = request.isNavigationRequest() && request.frame() === this.#page?.mainFrame();
    } catch {
      isMainFrameNavigation = false; // requests from workers have no frame
    }
    if (isMainFrameNavigation) {
      if (this.#allowedNavigation === url) {
        this.#allowedNavigation = null;
      } else {
        const appUrl = toAppUrl(url);
        const event = cancellableEvent({ url: appUrl, isMainFrame: true, isSameDocument: false });
        this.emit('will-navigate', event, appUrl, false, true, 1, 1);
        if (event.defaultPrevented) {
          // A 204 answer makes Chromium keep the current document, as a cancelled navigation does.
          await route.fulfill({ status: 204, body: '' });
          return;
        }
      }
    }
    const appUrl = toAppUrl(url);
    if (appUrl !== url) {
      const response = await this.session.protocol.__fetch(appUrl, { method: request.method(), headers: await request.allHeaders() });
      await route.fulfill({
        status: response.status,
        headers: Object.fromEntries(response.headers.entries()),
        body: Buffer.from(await response.arrayBuffer()),
      });
      return;
    }
    const parsed = new URL(url);
    const fake = fakeWeb.get(parsed.origin);
    if (fake) {
      const { status = 200, contentType = 'text/html', headers = {}, body } = fake(parsed);
      await route.fulfill({ status, contentType, headers, body });
      return;
    }
    if (parsed.hostname === '127.0.0.1' || parsed.hostname === 'localhost') {
      await route.continue();
      return;
    }
    // Tests never reach the real internet.
    await route.abort('internetdisconnected');
  }

  /** window.open from the page (see NAVIGATION_GUARD): asks setWindowOpenHandler like Electron. */
  #decideWindowOpen(pageUrl: string): void {
    const url = toAppUrl(pageUrl);
    const decision = this.windowOpenHandler?.({
      url,
      frameName: '',
      features: '',
      disposition: 'new-window',
      referrer: { url: this.getURL(), policy: 'default' },
    } as E.HandlerDetails);
    if (decision?.action === 'deny') {
      this.deniedOpens.push(url);
    } else {
      // The double never opens second windows; an allowed popup is a finding for the test.
      this.emit('harness-error', new Error(`window.open(${url}) was allowed by the app`));
    }
  }

  /** Backstop for popups that bypass window.open (e.g. <a target=_blank>): closed if denied. */
  async #onPopup(popup: Page): Promise<void> {
    const url = toAppUrl(popup.url());
    const decision = this.windowOpenHandler?.({
      url,
      frameName: '',
      features: '',
      disposition: 'new-window',
      referrer: { url: this.getURL(), policy: 'default' },
    } as E.HandlerDetails);
    // Without a handler Electron allows the popup; the double then leaves it open.
    if (decision && decision.action === 'deny') {
      this.deniedOpens.push(url);
      await popup.close();
    }
  }

  async __destroy(): Promise<void> {
    if (this.#destroyed) {
      return;
    }
    this.#destroyed = true;
    nativeTheme.off('updated', this.#onThemeUpdated);
    const context = this.#context;
    this.#context = null;
    this.#page = null;
    await context?.close().catch(() => undefined);
    this.emit('destroyed');
  }
}

/**
 * Chromium outside Electron has no will-navigate, and cancelling a navigation at the network
 * layer leaves an error page. So every page gets this script: the Navigation API cancels each
 * page-initiated cross-document navigation and asks the double, which emits 'will-navigate' and
 * performs the navigation only if main did not prevent it; window.open asks the window-open
 * handler. The route check and the popup listener are backstops.
 */
const NAVIGATION_GUARD = `(() => {
  const ask = window.__electronWillNavigate;
  const askOpen = window.__electronWindowOpen;
  try { delete window.__electronWillNavigate; delete window.__electronWindowOpen; } catch {}
  if (askOpen) {
    // Electron asks setWindowOpenHandler before any window exists; the double asks and opens nothing.
    window.open = function open(url) {
      void askOpen(new URL(String(url ?? ''), location.href).href);
      return null;
    };
  }
  if (!ask || window.top !== window || !window.navigation) return;
  window.navigation.addEventListener('navigate', (event) => {
    if (event.hashChange || event.downloadRequest !== null || !event.cancelable || event.navigationType === 'reload') return;
    event.preventDefault();
    void ask(event.destination.url);
  });
})();`;

// The shipped preload is dist/preload/<name>.cjs (built by scripts/build.mjs); the double bundles
// its source src/preload/<name>.ts for the browser with `electron` → renderer shim.
const bundleCache = new Map<string, string>();
async function bundlePreload(preloadPath: string): Promise<string> {
  const source = preloadPath.replace(/[\\/]dist[\\/]preload[\\/]([^\\/]+)\.cjs$/, '/src/preload/$1.ts');
  if (!existsSync(source)) {
    throw new Error(`preload source not found for ${preloadPath} (looked for ${source})`);
  }
  let code = bundleCache.get(source);
  if (!code) {
    const { build } = await import('esbuild');
    const result = await build({
      entryPoints: [source],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'chrome130',
      alias: { electron: RENDERER_SHIM },
      logLevel: 'silent',
    });
    code = result.outputFiles[0]?.text ?? '';
    bundleCache.set(source, code);
  }
  return code;
}

// ---------------------------------------------------------------- BrowserWindow

let nextWindowId = 1;

export class BrowserWindow extends EventEmitter {
  static all: BrowserWindow[] = [];
  readonly id = nextWindowId++;
  readonly webContents: FakeWebContents;
  #visible: boolean;
  #focused = false;
  #destroyed = false;
  #bounds: { x: number; y: number; width: number; height: number };
  alwaysOnTop = false;
  skipTaskbar = false;
  menuRemoved = false;
  contentProtection = false;

  constructor(readonly options: E.BrowserWindowConstructorOptions = {}) {
    super();
    this.#visible = options.show ?? true;
    this.#bounds = { x: options.x ?? 0, y: options.y ?? 0, width: options.width ?? 800, height: options.height ?? 600 };
    this.alwaysOnTop = options.alwaysOnTop ?? false;
    this.skipTaskbar = options.skipTaskbar ?? false;
    this.webContents = new FakeWebContents(this);
    BrowserWindow.all.push(this);
    app.emit('web-contents-created', cancellableEvent(), this.webContents);
    app.emit('browser-window-created', cancellableEvent(), this);
  }

  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.all.filter((window) => !window.isDestroyed());
  }
  static fromWebContents(webContents: FakeWebContents): BrowserWindow | null {
    return BrowserWindow.all.find((window) => window.webContents === webContents) ?? null;
  }
  static fromId(id: number): BrowserWindow | null {
    return BrowserWindow.all.find((window) => window.id === id) ?? null;
  }
  static getFocusedWindow(): BrowserWindow | null {
    return BrowserWindow.getAllWindows().find((window) => window.isFocused()) ?? null;
  }

  loadURL(url: string): Promise<void> {
    return this.webContents.loadURL(url);
  }
  show(): void {
    this.#visible = true;
    this.emit('show');
    this.focus();
  }
  showInactive(): void {
    this.#visible = true;
    this.emit('show');
  }
  hide(): void {
    if (this.#focused) {
      this.#focused = false;
      this.emit('blur');
    }
    this.#visible = false;
    this.emit('hide');
  }
  focus(): void {
    for (const other of BrowserWindow.getAllWindows()) {
      if (other !== this && other.#focused) {
        other.__blur();
      }
    }
    if (!this.#focused) {
      this.#focused = true;
      this.emit('focus');
    }
  }
  /** Harness: the user clicked elsewhere. */
  __blur(): void {
    if (this.#focused) {
      this.#focused = false;
      this.emit('blur');
    }
  }
  blur(): void {
    this.__blur();
  }
  isVisible(): boolean {
    return this.#visible && !this.#destroyed;
  }
  isFocused(): boolean {
    return this.#focused;
  }
  isDestroyed(): boolean {
    return this.#destroyed;
  }
  moveTop(): void {}
  center(): void {}
  setBounds(bounds: Partial<{ x: number; y: number; width: number; height: number }>): void {
    this.#bounds = { ...this.#bounds, ...bounds };
  }
  getBounds(): { x: number; y: number; width: number; height: number } {
    return { ...this.#bounds };
  }
  setPosition(x: number, y: number): void {
    this.#bounds = { ...this.#bounds, x, y };
  }
  setAlwaysOnTop(flag: boolean): void {
    this.alwaysOnTop = flag;
  }
  setSkipTaskbar(skip: boolean): void {
    this.skipTaskbar = skip;
  }
  setVisibleOnAllWorkspaces(_visible: boolean): void {}
  setMenuBarVisibility(_visible: boolean): void {}
  removeMenu(): void {
    this.menuRemoved = true;
  }
  setContentProtection(enable: boolean): void {
    this.contentProtection = enable;
  }
  /** As on X11: the window id, 8 bytes little-endian (every double window has its own). */
  getNativeWindowHandle(): Buffer {
    const handle = Buffer.alloc(8);
    handle.writeBigUInt64LE(BigInt(0x4200000 + this.id));
    return handle;
  }

  /** Electron: 'close' is cancellable; if nobody prevents it the window is destroyed. */
  close(): void {
    void this.__close();
  }
  /** Harness: close() that resolves when done; true if the window was really closed. */
  async __close(force = false): Promise<boolean> {
    if (this.#destroyed) {
      return true;
    }
    const event: CancellableEvent = cancellableEvent();
    if (!force) {
      this.emit('close', event);
      if (event.defaultPrevented) {
        return false;
      }
    }
    await this.__destroy();
    return true;
  }
  destroy(): void {
    void this.__destroy();
  }
  async __destroy(): Promise<void> {
    if (this.#destroyed) {
      return;
    }
    this.#destroyed = true;
    this.#visible = false;
    await this.webContents.__destroy();
    this.emit('closed');
  }
}

setCloseAllWindows(async (force = false) => {
  for (const window of BrowserWindow.getAllWindows()) {
    if (!(await window.__close(force))) {
      return false;
    }
  }
  return true;
});

export async function resetWindows(): Promise<void> {
  await Promise.all(BrowserWindow.all.map((window) => window.__destroy()));
  BrowserWindow.all = [];
  FakeProtocol.privileged = [];
  sessions.clear();
  fakeWeb.clear();
}
