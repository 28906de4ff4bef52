import type { DevServerApiKey } from './types';

/**
 * One of this server's API keys in the field names of the client's credentials input
 * (`ApiKeyCredentialsInput` in src/core/session, which the dev server does not import).
 */
export function credentialFields(key: DevServerApiKey): {
  serverUrl: string;
  apiKeyId: string;
  privateKey: string;
  secretKey: string;
  serverSignature: string;
  serverPublicKey: string;
} {
  return {
    serverUrl: key.serverUrl,
    apiKeyId: key.apiKeyId,
    privateKey: key.apiKeyPrivateKey,
    secretKey: key.apiKeySecretKey,
    serverSignature: key.serverSignature,
    serverPublicKey: key.serverPublicKey,
  };
}

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
