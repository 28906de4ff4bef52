/**
 * Session-less API-key access (spec §6.7) for restricted keys: no login, no transport encryption,
 * plain JSON bodies. The secret is decrypted locally in two steps; the "insecure" server-side
 * decryption variant is deliberately not offered (it would send API_KEY_SECRET_KEY to the server).
 */
import { openJson, parseJson, unwrapKey } from '../crypto';
import { PsonoError } from '../errors';
import { endpointUrl, responseText, type HttpResponse, type HttpTransport } from '../http';
import { SecretBytes } from '../sensitive';
import { parseApiKeyId, type ApiKeyCredentials } from './credentials';
import { commonStatusError, optionalBoolean, requireHex, requireObject, requireString } from './responses';
import { DEFAULT_TIMEOUT_MS } from './server-info';

export interface SessionlessDeps {
  readonly transport: HttpTransport;
  readonly timeoutMs?: number;
  readonly clock?: () => number;
}

export interface ApiKeyInspection {
  readonly read: boolean;
  readonly write: boolean;
  readonly restrictToSecrets: boolean;
  readonly allowInsecureAccess: boolean;
  readonly secrets: Array<{ secretId: string; writeDate: string }>;
}

export class SessionlessApi {
  readonly #serverUrl: string;
  readonly #apiKeyId: string;
  readonly #secretKey: SecretBytes;
  readonly #deps: SessionlessDeps;

  /** Keeps its own copy of the API key secret; `wipe()` zero-fills it. */
  constructor(credentials: Pick<ApiKeyCredentials, 'serverUrl' | 'apiKeyId' | 'secretKey'>, deps: SessionlessDeps) {
    this.#serverUrl = credentials.serverUrl;
    this.#apiKeyId = credentials.apiKeyId;
    this.#secretKey = SecretBytes.copyOf(credentials.secretKey.expose());
    this.#deps = deps;
  }

  /** POST /api-key-access/inspect/: the key's flags and the secrets attached to it. */
  async inspect(): Promise<ApiKeyInspection> {
    const response = await this.#post('/api-key-access/inspect/', { api_key_id: this.#apiKeyId });
    if (response.status !== 200) {
      // Error bodies of these views are not JSON (spec §6.7); the status is all there is.
      throw this.#statusError(response, new PsonoError('key-inactive', { status: response.status }));
    }
    // Served as text/html although the body is JSON (spec §6.7): parse regardless of Content-Type.
    const body = requireObject(parseJson(responseText(response), 'key inspection'), 'key inspection');
    const list = body['api_key_secrets'];
    if (list !== undefined && !Array.isArray(list)) {
      throw new PsonoError('malformed-response', { detail: '(key inspection: api_key_secrets is not a list)' });
    }
    const secrets = (list ?? []).map((entry: unknown) => {
      const item = requireObject(entry, 'key inspection entry');
      return {
        secretId: requireString(item, 'secret_id', 'key inspection entry'),
        writeDate: typeof item['write_date'] === 'string' ? item['write_date'] : '',
      };
    });
    return {
      // Every server this client knows sends it; one that does not is not taken as a refusal.
      read: optionalBoolean(body, 'read', true),
      write: optionalBoolean(body, 'write', false),
      restrictToSecrets: optionalBoolean(body, 'restrict_to_secrets', false),
      allowInsecureAccess: optionalBoolean(body, 'allow_insecure_access', false),
      secrets,
    };
  }

  /** POST /api-key-access/secret/ and decrypt locally: secret key with API_KEY_SECRET_KEY, then the data. */
  async readSecret(secretId: string): Promise<unknown> {
    let id: string;
    try {
      id = parseApiKeyId(secretId);
    } catch {
      throw new PsonoError('invalid-input', { detail: 'A secret id must be a UUID.' });
    }
    const response = await this.#post('/api-key-access/secret/', { api_key_id: this.#apiKeyId, secret_id: id });
    if (response.status !== 200) {
      throw this.#statusError(
        response,
        new PsonoError('not-found', {
          status: response.status,
          detail: 'The server refused the secret: it is not attached to this key, the key is inactive or may not read, or the secret was deleted.',
        }),
      );
    }
    const body = requireObject(parseJson(responseText(response), 'secret'), 'secret');
    const data = requireHex(body, 'data', 'secret');
    const dataNonce = requireHex(body, 'data_nonce', 'secret', 24);
    const wrappedKey = requireHex(body, 'secret_key', 'secret');
    const wrappedKeyNonce = requireHex(body, 'secret_key_nonce', 'secret', 24);
    let secretKey: SecretBytes;
    try {
      secretKey = unwrapKey(wrappedKey, wrappedKeyNonce, this.#secretKey, 'secret key');
    } catch (error) {
      if (error instanceof PsonoError && error.kind === 'decrypt-failed') {
        throw new PsonoError('bad-api-key', { field: 'API_KEY_SECRET_KEY', detail: 'API_KEY_SECRET_KEY does not unlock this secret; it is probably mistyped.' }, { cause: error });
      }
      throw error;
    }
    try {
      return openJson(data, dataNonce, secretKey, 'secret');
    } finally {
      secretKey.wipe();
    }
  }

  wipe(): void {
    this.#secretKey.wipe();
  }

  #post(path: string, body: Record<string, string>): Promise<HttpResponse> {
    if (this.#secretKey.wiped) {
      throw new PsonoError('session-expired', { detail: 'The key was locked.' });
    }
    return this.#deps.transport.send({
      method: 'POST',
      url: endpointUrl(this.#serverUrl, path),
      headers: { Accept: '*/*', 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      timeoutMs: this.#deps.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
  }

  #statusError(response: HttpResponse, for400: PsonoError): PsonoError {
    const common = commonStatusError(response, [], (this.#deps.clock ?? Date.now)());
    if (common) {
      return common;
    }
    if (response.status === 400 || response.status === 403) {
      return for400;
    }
    if (response.status === 404) {
      return new PsonoError('not-found', { status: 404, detail: 'This server has no session-less API-key access at this URL.' });
    }
    return new PsonoError('malformed-response', { status: response.status, detail: `(unexpected HTTP ${response.status})` });
  }
}

