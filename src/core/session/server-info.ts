/**
 * `GET /info/` (spec §3): the server proves it holds the key the user pinned as SERVER_SIGNATURE.
 * A different key is a hard `server-identity-mismatch` showing both fingerprints — there is no
 * trust-on-first-use fallback, because the pasted SERVER_SIGNATURE already is the pin.
 */
import { enableFastCrypto, fingerprint, parseJson, utf8Encode, verifyDetached } from '../crypto';
import { PsonoError } from '../errors';
import { endpointUrl, responseText, type HttpTransport } from '../http';
import { commonStatusError, errorMessages, isJsonObject, requireHex, requireObject, requireString, tryParseJson } from './responses';

export interface ServerCheck {
  /** e.g. "7.2.3 (Build 2c4590d8)"; '' when the server does not say. */
  readonly version: string;
  /** fingerprint() of the server's verify key, for display. */
  readonly fingerprint: string;
  /** The parsed info document; unknown keys are kept as they came. */
  readonly info: Record<string, unknown>;
}

export interface ServerCheckDeps {
  readonly transport: HttpTransport;
  readonly timeoutMs?: number;
  readonly clock?: () => number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

function identityMismatch(expectedHex: string, actualHex: string, detail: string): PsonoError {
  return new PsonoError('server-identity-mismatch', {
    detail,
    expectedFingerprint: fingerprint(expectedHex),
    actualFingerprint: fingerprint(actualHex),
  });
}

export async function checkServer(
  serverUrl: string,
  expectedVerifyKeyHex: string,
  expectedPublicKeyHex: string | null,
  deps: ServerCheckDeps,
): Promise<ServerCheck> {
  const clock = deps.clock ?? Date.now;
  const response = await deps.transport.send({
    method: 'GET',
    url: endpointUrl(serverUrl, '/info/'),
    headers: { Accept: '*/*' },
    timeoutMs: deps.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
  if (response.status !== 200) {
    const messages = errorMessages(tryParseJson(response));
    throw (
      commonStatusError(response, messages, clock()) ??
      (response.status === 404
        ? new PsonoError('not-found', { status: 404, detail: 'No Psono server answers at this URL (GET /info/ was not found); check the server URL.' })
        : new PsonoError('malformed-response', { status: response.status, detail: `(GET /info/ answered HTTP ${response.status})` }))
    );
  }

  // The signature check runs on libsodium; its loading overlapped the request.
  await enableFastCrypto();
  const body = requireObject(parseJson(responseText(response), 'server info'), 'server info');
  const infoText = requireString(body, 'info', 'server info');
  const signature = requireHex(body, 'signature', 'server info', 64);
  const verifyKey = requireHex(body, 'verify_key', 'server info', 32).toLowerCase();
  const expected = expectedVerifyKeyHex.toLowerCase();

  if (verifyKey !== expected) {
    throw identityMismatch(expected, verifyKey, 'The server presents a different signing key than SERVER_SIGNATURE.');
  }
  if (!verifyDetached(utf8Encode(infoText), signature, verifyKey)) {
    // The key matches but the document was not signed by it: altered in transit.
    throw identityMismatch(expected, verifyKey, 'The server information is not signed by that key.');
  }

  const info = parseJson(infoText, 'signed server info');
  if (!isJsonObject(info)) {
    throw new PsonoError('malformed-response', { detail: '(signed server info is not a JSON object)' });
  }
  if (expectedPublicKeyHex !== null) {
    const presented = typeof info['public_key'] === 'string' ? info['public_key'].toLowerCase() : '';
    if (presented !== expectedPublicKeyHex.toLowerCase()) {
      throw new PsonoError('server-identity-mismatch', {
        detail: 'The server public key differs from SERVER_PUBLIC_KEY.',
        expectedFingerprint: fingerprint(expectedPublicKeyHex),
        actualFingerprint: presented === '' ? '(none)' : fingerprint(presented),
      });
    }
  }
  return {
    version: typeof info['version'] === 'string' ? info['version'] : '',
    fingerprint: fingerprint(verifyKey),
    info,
  };
}
