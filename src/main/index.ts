/**
 * The Electron entry point (dist/main/index.cjs): the composition root that binds the real
 * adapters — OS keychain, HTTPS transport, the core vault — and hands them to startApp.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

import { app } from 'electron';

import { NodeHttpTransport } from '../platform/http-transport';
import { startApp } from './app';
import { KeytarKeychain } from './keychain/keychain';
import { keytar } from './keychain/keytar-module';
import { createLogger } from './log';
import { PsonoVaultService } from './vault/psono-vault-service';

const log = createLogger('Main');
const transport = new NodeHttpTransport({ userAgent: `psono-tray/${app.getVersion()}` });
// Keep-alive sockets would otherwise hold the process open after the last window and tray are gone.
app.on('will-quit', () => transport.close());

startApp({
  argv: process.argv,
  keychain: new KeytarKeychain(keytar, log.child('Keychain')),
  vault: new PsonoVaultService({
    transport,
    // The server shows it in the session list; a fresh id per launch reveals nothing stable.
    deviceFingerprint: randomUUID(),
    deviceDescription: `Psono Tray on ${hostname()}`,
    log: log.child('Vault'),
  }),
}).catch((error: unknown) => {
  log.error(`start failed: ${error instanceof Error ? error.name : typeof error}`);
  app.exit(1);
});
