/**
 * The Electron entry point (dist/main/index.cjs): the composition root that binds the real
 * adapters — OS keychain, HTTPS transport, the core vault — and hands them to startApp.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

import { app } from 'electron';

import { NodeHttpTransport } from '../platform/http-transport';
import { startApp } from './app';
import { createAutostartForApp } from './autostart';
import { demoModeFromEnv, enterDemo } from './demo-profile';
import { KeytarKeychain } from './keychain/keychain';
import { keytar } from './keychain/keytar-module';
import { createLogger } from './log';
import { disableCoreDumps, disableMemoryReads } from './process-hardening';
import { PsonoVaultService } from './vault/psono-vault-service';

const log = createLogger('Main');
// First thing: nothing is decrypted before the user unlocks, which takes longer than this.
// Not awaited: nothing depends on it, and a failure only logs a warning.
void disableCoreDumps({ platform: process.platform, log: log.child('Process') });
void disableMemoryReads({ platform: process.platform, log: log.child('Process') });
const transport = new NodeHttpTransport({ userAgent: `psono-tray/${app.getVersion()}` });
// Keep-alive sockets would otherwise hold the process open after the last window and tray are gone.
app.on('will-quit', () => transport.close());

// `npm run demo` hands over a throw-away profile; the real keychain and settings stay untouched.
// A packaged app ignores it: an environment variable must not swap the keychain of an installed app.
const demo = app.isPackaged ? null : demoModeFromEnv(process.env);
if (demo) {
  // Before 'ready', so Chromium's own storage goes to the throw-away folder too.
  app.setPath('userData', demo.userDataDir);
}

startApp({
  argv: process.argv,
  keychain: demo?.keychain ?? new KeytarKeychain(keytar, log.child('Keychain')),
  ...(demo ? { userDataDir: demo.userDataDir } : {}),
  // The demo must not leave an autostart entry behind.
  ...(demo ? {} : { autostart: createAutostartForApp(app) }),
  vault: new PsonoVaultService({
    transport,
    // The server shows it in the session list; a fresh id per launch reveals nothing stable.
    deviceFingerprint: randomUUID(),
    deviceDescription: `Psono Tray on ${hostname()}`,
    log: log.child('Vault'),
  }),
})
  .then(async (running) => {
    if (demo && running) {
      await enterDemo(running, demo);
    }
  })
  .catch((error: unknown) => {
    log.error(`start failed: ${error instanceof Error ? error.name : typeof error}`);
    app.exit(1);
  });
