/**
 * Electron security checklist, applied to every window and webContents we create:
 * https://www.electronjs.org/docs/latest/tutorial/security
 */
import type { App, Session, WebContents, WebPreferences } from 'electron';

import type { Logger } from '../log';

/** webPreferences for every window: isolated, sandboxed, no Node, devtools only in dev builds. */
export function hardenedWebPreferences(preload: string, devTools: boolean): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    devTools,
  };
}

/** Navigation, new windows and <webview> are refused: the window only ever shows our own page. */
export function guardWebContents(contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>, log: Logger): void {
  contents.on('will-navigate', (event) => {
    event.preventDefault();
    log.warn('blocked a navigation away from the app page');
  });
  contents.on('will-redirect', (event) => {
    event.preventDefault();
  });
  // will-navigate covers the main frame only; a subframe (there is none, and the CSP forbids them)
  // must not navigate either. The app itself only loads and reloads, which fire neither.
  contents.on('will-frame-navigate', (event) => {
    event.preventDefault();
    log.warn('blocked a frame navigation');
  });
  contents.setWindowOpenHandler(() => {
    log.warn('blocked a window.open');
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
}

/** No permission (camera, notifications, clipboard-read, …) is ever granted to a page. */
export function denyAllPermissions(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** Guards every webContents the app will ever create, including ones we did not expect. */
export function guardAllWebContents(app: Pick<App, 'on'>, log: Logger): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, log));
}
