/**
 * The closed set of failures the core reports. Every message is written for a user and is built
 * only from fixed text and safe details (status codes, fingerprints of public keys, ids) — never
 * from a key, token, ciphertext or secret value.
 */
export const ERROR_KINDS = [
  'network',
  'tls',
  'timeout',
  'server-identity-mismatch',
  'bad-api-key',
  'key-inactive',
  'read-not-allowed',
  'write-not-allowed',
  'password-change-required',
  'not-found',
  'session-expired',
  'clock-skew',
  'rate-limited',
  'server-maintenance',
  'server-error',
  'malformed-response',
  'decrypt-failed',
  'invalid-input',
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

const DEFAULT_MESSAGES: Record<ErrorKind, string> = {
  network: 'Cannot reach the Psono server. Check the server URL and your network connection.',
  tls: 'The secure connection to the Psono server failed (certificate problem).',
  timeout: 'The Psono server did not answer in time.',
  'server-identity-mismatch': 'The server is not the one this API key was issued for: its signing key does not match the configured server signature.',
  'bad-api-key': 'The API key is not valid: its private key or secret key does not match the key stored on the server.',
  'key-inactive': 'The API key is unknown, deleted or deactivated on the server, or its owner account is disabled.',
  'read-not-allowed': 'This API key is not allowed to read. Allow "read" for this key in Psono (Other → API keys), then try again.',
  'write-not-allowed': 'This API key is not allowed to change data.',
  'password-change-required':
    'The Psono server refuses this API key until its owner changes the account password. Log in to the Psono web client, change the password, then try again.',
  'not-found': 'The requested entry does not exist or this API key has no access to it.',
  'session-expired': 'The server session ended and could not be renewed.',
  'clock-skew': "The server rejected the request because this computer's clock changed relative to the server's. Check the system time.",
  'rate-limited': 'The Psono server is limiting requests. Try again later.',
  'server-maintenance': 'The Psono server is in maintenance mode or disabled.',
  'server-error': 'The Psono server reported an internal error.',
  'malformed-response': 'The Psono server sent a response this client does not understand.',
  'decrypt-failed': 'Data from the server could not be decrypted: it may have been tampered with, or the key is wrong.',
  'invalid-input': 'A value is not in the expected format.',
};

export interface ErrorDetails {
  /** Extra safe text for the user (no secret material). */
  readonly detail?: string;
  /** HTTP status, when the failure came from a response. */
  readonly status?: number;
  /** For rate-limited: seconds the server asked us to wait. */
  readonly retryAfterSeconds?: number;
  /** For server-identity-mismatch: fingerprints of the configured and the presented verify keys. */
  readonly expectedFingerprint?: string;
  readonly actualFingerprint?: string;
  /** For invalid-input: which pasted field is wrong (e.g. "API_KEY_SECRET_KEY"), so a form can mark it. */
  readonly field?: string;
}

export class PsonoError extends Error {
  readonly kind: ErrorKind;
  readonly details: ErrorDetails;

  constructor(kind: ErrorKind, details: ErrorDetails = {}, options?: { cause?: unknown }) {
    super(composeMessage(kind, details), options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PsonoError';
    this.kind = kind;
    this.details = details;
  }

  /** The plain-data form that may cross IPC or be printed as JSON. */
  toJSON(): { kind: ErrorKind; message: string } & ErrorDetails {
    return { kind: this.kind, message: this.message, ...this.details };
  }
}

function composeMessage(kind: ErrorKind, details: ErrorDetails): string {
  let message = DEFAULT_MESSAGES[kind];
  if (details.detail) {
    message += ` ${details.detail}`;
  }
  if (details.expectedFingerprint && details.actualFingerprint) {
    message += ` Expected ${details.expectedFingerprint}, the server presented ${details.actualFingerprint}.`;
  }
  if (details.retryAfterSeconds !== undefined) {
    message += ` Retry in ${details.retryAfterSeconds} s.`;
  }
  return message;
}

export function isPsonoError(value: unknown): value is PsonoError {
  return value instanceof PsonoError;
}
