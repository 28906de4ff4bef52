/**
 * Compile-time only: the doubles must stay assignable to the real electron.d.ts signatures of the
 * members the app uses, so an Electron API change (or a typo in the double) fails `tsc`.
 * Add a member here whenever src/main starts using it.
 */
import type * as E from 'electron';

import { app } from './app';
import { clipboard } from './clipboard';
import { ipcMain } from './ipc-main';
import { globalShortcut, nativeTheme, powerMonitor, safeStorage, screen, shell } from './misc';
import type { BrowserWindow, FakeSession, FakeWebContents } from './windows';
import type { Menu, Tray } from './menu';
import { protocol } from './windows';

type Methods<T, K extends keyof T> = Pick<T, K>;

export const conformance = {
  app: app satisfies Methods<
    E.App,
    | 'whenReady'
    | 'isReady'
    | 'getPath'
    | 'setPath'
    | 'getAppPath'
    | 'getVersion'
    | 'getName'
    | 'quit'
    | 'hide'
    | 'exit'
    | 'requestSingleInstanceLock'
    | 'releaseSingleInstanceLock'
    | 'hasSingleInstanceLock'
    | 'isPackaged'
    | 'setAppUserModelId'
  >,
  commandLine: app.commandLine satisfies Methods<E.CommandLine, 'appendSwitch' | 'appendArgument' | 'hasSwitch' | 'getSwitchValue' | 'removeSwitch'>,
  clipboard: clipboard satisfies Methods<E.Clipboard, 'writeText' | 'readText' | 'write' | 'has' | 'clear'>,
  ipcMain: ipcMain satisfies Methods<E.IpcMain, 'handle' | 'handleOnce' | 'removeHandler' | 'on' | 'removeListener'>,
  globalShortcut: globalShortcut satisfies Methods<E.GlobalShortcut, 'register' | 'registerAll' | 'unregister' | 'unregisterAll' | 'isRegistered'>,
  powerMonitor: powerMonitor satisfies Methods<E.PowerMonitor, 'getSystemIdleTime' | 'getSystemIdleState' | 'isOnBatteryPower'>,
  safeStorage: safeStorage satisfies Methods<
    E.SafeStorage,
    'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'
  >,
  shell: shell satisfies Methods<E.Shell, 'openExternal'>,
  nativeTheme: nativeTheme satisfies Methods<E.NativeTheme, 'themeSource' | 'shouldUseDarkColors'>,
  screen: screen satisfies Methods<E.Screen, 'getCursorScreenPoint'>,
  protocol: protocol satisfies Methods<E.Protocol, 'registerSchemesAsPrivileged' | 'handle' | 'unhandle' | 'isProtocolHandled'>,
  session: null as unknown as FakeSession satisfies Methods<E.Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setSpellCheckerEnabled'>,
  webContents: null as unknown as FakeWebContents satisfies Methods<
    E.WebContents,
    'id' | 'send' | 'getURL' | 'isDestroyed' | 'setWindowOpenHandler' | 'openDevTools' | 'isDevToolsOpened' | 'reload' | 'focus' | 'setZoomFactor' | 'getZoomFactor'
  >,
  browserWindow: null as unknown as BrowserWindow satisfies Methods<
    E.BrowserWindow,
    'show' | 'hide' | 'focus' | 'isVisible' | 'isFocused' | 'isDestroyed' | 'close' | 'destroy' | 'setBounds' | 'getBounds' | 'center' | 'setAlwaysOnTop' | 'setSkipTaskbar' | 'setContentProtection' | 'removeMenu' | 'id'
  >,
  tray: null as unknown as Tray satisfies Methods<E.Tray, 'setToolTip' | 'setTitle' | 'destroy' | 'isDestroyed'>,
  menu: null as unknown as Menu satisfies Methods<E.Menu, 'popup' | 'closePopup'>,
};
