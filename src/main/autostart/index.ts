// Binds the start-at-login adapter to the running Electron app. Only a type import of electron:
// main passes its `app` in, so this folder loads in tests without the electron module.
import { homedir } from 'node:os';
import type { App } from 'electron';
import { createAutostart, type Autostart } from './autostart';

export { AUTOSTART_ARGUMENT, AUTOSTART_FILE_NAME, createAutostart, xdgConfigHome } from './autostart';
export type { Autostart, AutostartDeps, AutostartError, AutostartErrorKind, AutostartMechanism, LoginItems } from './autostart';

export function createAutostartForApp(app: Pick<App, 'setLoginItemSettings' | 'getLoginItemSettings' | 'isPackaged' | 'getAppPath'>): Autostart {
  return createAutostart({
    platform: process.platform,
    env: process.env,
    homeDir: homedir(),
    execPath: process.execPath,
    // Unpackaged (`electron .`), the Electron binary needs the app folder as its first argument.
    args: app.isPackaged ? [] : [app.getAppPath()],
    loginItems: app,
  });
}
