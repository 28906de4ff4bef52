/**
 * The electron test double (main-process side). See test/harness/README.md.
 * Every `import 'electron'` / `require('electron')` in tests resolves here (test/harness/register.mjs).
 */
import { app } from './app';
import { ClipboardItem, clipboard } from './clipboard';
import { ipcMain } from './ipc-main';
import { Menu, MenuItem, Tray, nativeImage, resetMenus } from './menu';
import { Notification, globalShortcut, nativeTheme, powerMonitor, resetMisc, safeStorage, screen, shell } from './misc';
import { BrowserWindow, fakeWeb, protocol, resetWindows, session } from './windows';

export const isTestDouble = true;

export {
  app,
  BrowserWindow,
  ClipboardItem,
  clipboard,
  fakeWeb,
  globalShortcut,
  ipcMain,
  Menu,
  MenuItem,
  nativeImage,
  nativeTheme,
  Notification,
  powerMonitor,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  Tray,
};

// Renderer-only APIs do not exist in the main process; importing them there is a bug.
export const contextBridge = undefined;
export const ipcRenderer = undefined;

/** Harness: closes every page and forgets all state, so the next test starts a fresh "Electron". */
export async function __resetElectron(): Promise<void> {
  await resetWindows();
  app.__reset();
  ipcMain.__reset();
  clipboard.__reset();
  resetMenus();
  resetMisc();
}

export default {
  app,
  BrowserWindow,
  ClipboardItem,
  clipboard,
  globalShortcut,
  ipcMain,
  Menu,
  MenuItem,
  nativeImage,
  nativeTheme,
  Notification,
  powerMonitor,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  Tray,
};
