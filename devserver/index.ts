/**
 * A Psono-compatible dev server (CE 7.2.3 API-key paths, or 3.5.3 on request) for integration tests, benchmarks and
 * the demo. See devserver/README.md.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { SerialQueue } from './serial';
import { makeServerKeys, PsonoHandler } from './server';
import { RateThrottle } from './throttle';
import type { DevServer, DevServerApiKey, DevServerOptions, FaultSwitches, RequestRecord } from './types';
import { defaultFaults } from './types';
import { materialiseVault, type MaterialisedVault, type SeededItemInfo } from './vault';
import type { VaultSeed } from './seed';
import { versionProfile } from './version';

export type { DevServer, DevServerApiKey, DevServerOptions, FaultSwitches, RequestRecord } from './types';
export type * from './seed';
export { deterministicKeyHex, deterministicUuid } from './seed';
export { generateVault, generateContent } from './generate';
export { SeedError } from './vault';
export { cliEnvironment, credentialFields } from './cli-env';
export type { AnswerContext, AnswerMutator, HttpAnswer, PlaintextAnswer, TransportAnswer } from './mutate';
export { openContent, withContent, withContentText } from './mutate';

function normaliseBasePath(basePath: string | undefined): string {
  const path = (basePath ?? '/server').replace(/\/+$/, '');
  return path === '' ? '' : path.startsWith('/') ? path : `/${path}`;
}

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const vault = materialiseVault(options.seed);
  const keys = makeServerKeys(options.serverKeySeed);
  const faults: FaultSwitches = defaultFaults(options.allowMultipleSessions ?? true);
  const requests: RequestRecord[] = [];
  const basePath = normaliseBasePath(options.basePath);
  const profile = versionProfile(options.serverVersion);
  const handler = new PsonoHandler({
    vault,
    keys,
    faults,
    basePath,
    sessionMaxSeconds: options.sessionMaxSeconds ?? 600,
    sessionMinSeconds: options.sessionMinSeconds ?? 0,
    requests,
    profile,
    loginThrottle: options.loginThrottlePerHour === undefined ? undefined : new RateThrottle(options.loginThrottlePerHour, 3_600_000),
    cost: { requestMs: options.requestMs ?? 0, byteUs: options.byteUs ?? 0 },
  });
  const queue = options.serial === true ? new SerialQueue() : undefined;
  const server = createServer((request, response) => {
    const handled = queue === undefined ? handler.handle(request, response) : queue.run(() => handler.handle(request, response));
    handled.catch((error: unknown) => {
      console.error('devserver: request failed', error);
      if (!response.headersSent) {
        response.writeHead(500, { 'Content-Type': 'text/html; charset=utf-8' });
      }
      response.end();
    });
  });
  // Node's default keep-alive (5 s; close() ends every connection itself). Not shorter: a server
  // announcing `Keep-Alive: timeout=1` gets no reuse from Node's agent, which never keeps a socket
  // whose announced timeout leaves less than a second, so every request after a pause would open a
  // new connection, unlike a real deployment.
  server.keepAliveTimeout = 5000;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${hostForUrl}:${address.port}${basePath}`;

  const apiKeyByName = (name: string) => {
    const key = vault.apiKeys.get(name);
    if (key === undefined) {
      throw new Error(`devserver: no API key named "${name}" in the seed`);
    }
    return key;
  };

  return {
    url,
    verifyKey: keys.verifyKeyHex,
    publicKey: keys.publicKeyHex,
    apiKey(name: string): DevServerApiKey {
      const key = apiKeyByName(name);
      return {
        serverUrl: url,
        apiKeyId: key.id,
        apiKeyPrivateKey: key.privateKeyHex,
        apiKeySecretKey: key.secretKeyHex,
        serverSignature: keys.verifyKeyHex,
        serverPublicKey: keys.publicKeyHex,
      };
    },
    faults,
    serverVersion: profile.version,
    stats: {
      requests,
      reset(): void {
        requests.length = 0;
      },
      activeSessions: () => handler.activeSessions(),
    },
    setApiKeyActive(name: string, active: boolean): void {
      apiKeyByName(name).active = active;
    },
    setApiKeyFlags(name: string, flags: Partial<{ read: boolean; write: boolean }>): void {
      const key = apiKeyByName(name);
      if (flags.read !== undefined) {
        key.read = flags.read;
      }
      if (flags.write !== undefined) {
        key.write = flags.write;
      }
    },
    expireAllSessions: () => handler.expireAllSessions(),
    close(): Promise<void> {
      return new Promise((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      });
    },
  };
}

/** Ids and keys a seed materialises to (items by ref/link id/secret id, share ids by ref, ...). */
export interface SeedDescription {
  readonly userId: string;
  readonly datastoreIds: string[];
  readonly items: ReadonlyMap<string, SeededItemInfo>;
  readonly shareIds: ReadonlyMap<string, string>;
  readonly apiKeyIds: ReadonlyMap<string, string>;
}

/** Resolves the (deterministic) ids of a seed without starting a server. Encrypts, so not free. */
export function describeSeed(seed: VaultSeed): SeedDescription {
  const vault: MaterialisedVault = materialiseVault(seed);
  return {
    userId: vault.user.id,
    datastoreIds: [...vault.datastores.keys()],
    items: vault.items,
    shareIds: vault.shareIdsByRef,
    apiKeyIds: new Map([...vault.apiKeys].map(([name, key]) => [name, key.id])),
  };
}
