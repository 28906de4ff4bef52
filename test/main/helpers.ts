/** Shared pieces for harness tests that use the dev server: the fixture vault and the real core. */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { startDevServer, type DevServer, type DevServerApiKey, type VaultSeed } from '../../devserver/index';
import { parseCredentials, type ApiKeyCredentials } from '../../src/core/session';
import { createLogger, type LogSink } from '../../src/main/log';
import { PsonoVaultService } from '../../src/main/vault/psono-vault-service';
import { NodeHttpTransport } from '../../src/platform/http-transport';
import type { SetupCredentials } from '../../src/shared/ipc/dto';

export const MAIN_VAULT_SEED = JSON.parse(readFileSync(new URL('./fixtures/main-vault.json', import.meta.url), 'utf8')) as VaultSeed;

export const GITHUB_ID = 'a1000000-0000-4000-8000-000000000001';
export const NOTE_ID = 'a1000000-0000-4000-8000-000000000002';
export const SCRIPT_LINK_ID = 'a1000000-0000-4000-8000-000000000003';
export const BUILD_ID = 'a1000000-0000-4000-8000-000000000010';
export const VPN_TOTP_ID = 'a1000000-0000-4000-8000-000000000011';

/** Every secret value in the fixture vault (the logging test greps for these). */
export const FIXTURE_SECRET_VALUES: readonly string[] = [
  'gh-Fixture-Pass-91!',
  'JBSWY3DPEHPK3PXP',
  'wifi-Fixture-Note-77',
  'js-Fixture-Pass-55',
  'build-Fixture-Pass-23',
  'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
  'cloud-Fixture-Pass-48',
];

/** What main's vault service opens: the setup values of an API key, parsed as core credentials. */
export function coreCredentials(values: SetupCredentials): ApiKeyCredentials {
  return parseCredentials({
    serverUrl: values.serverUrl,
    apiKeyId: values.apiKeyId,
    privateKey: values.apiKeyPrivateKey,
    secretKey: values.apiKeySecretKey,
    serverSignature: values.serverSignature,
  });
}

export interface DevVault {
  readonly server: DevServer;
  readonly transport: NodeHttpTransport;
  /** A fresh VaultService over the real core and HTTP transport; its log lines go to `sink`. */
  vaultService(sink?: LogSink): PsonoVaultService;
  setupValues(keyName?: string): SetupCredentials;
  close(): Promise<void>;
}

export function toSetupCredentials(key: DevServerApiKey): SetupCredentials {
  return {
    serverUrl: key.serverUrl,
    apiKeyId: key.apiKeyId,
    apiKeyPrivateKey: key.apiKeyPrivateKey,
    apiKeySecretKey: key.apiKeySecretKey,
    serverSignature: key.serverSignature,
    serverPublicKey: key.serverPublicKey,
  };
}

export async function startDevVault(seed: VaultSeed = MAIN_VAULT_SEED): Promise<DevVault> {
  const server = await startDevServer({ seed });
  const transport = new NodeHttpTransport();
  return {
    server,
    transport,
    vaultService: (sink = () => undefined) =>
      new PsonoVaultService({
        transport,
        deviceFingerprint: randomUUID(),
        deviceDescription: 'psono-tray harness test',
        log: createLogger('Vault', sink),
      }),
    setupValues: (keyName = 'tray') => toSetupCredentials(server.apiKey(keyName)),
    async close() {
      transport.close();
      await server.close();
    },
  };
}

/** Secret values of an API key: they must never be logged or written outside the keychain. */
export function keySecrets(values: SetupCredentials): string[] {
  return [values.apiKeyPrivateKey, values.apiKeySecretKey];
}
