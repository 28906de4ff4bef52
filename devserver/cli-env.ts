import type { DevServerApiKey } from './types';

/** The environment the `psono-tray` CLI reads its credentials from, for one of this server's API keys. */
export function cliEnvironment(key: DevServerApiKey): Record<string, string> {
  return {
    PSONO_SERVER_URL: key.serverUrl,
    PSONO_API_KEY_ID: key.apiKeyId,
    PSONO_API_KEY_PRIVATE_KEY: key.apiKeyPrivateKey,
    PSONO_API_KEY_SECRET_KEY: key.apiKeySecretKey,
    PSONO_SERVER_SIGNATURE: key.serverSignature,
    PSONO_SERVER_PUBLIC_KEY: key.serverPublicKey,
  };
}
