/**
 * Failures main reports across IPC: a closed set of kinds (AppErrorKind), each with a message a
 * user can act on. Core failures (PsonoError) pass through with their own safe message.
 */
import { isPsonoError, type ErrorKind } from '../core/errors';
import type { AppError, AppErrorKind } from '../shared/ipc/dto';

type MainOnlyKind = Exclude<AppErrorKind, ErrorKind>;

const MESSAGES: Record<MainOnlyKind, string> = {
  locked: 'Psono Tray is locked. Unlock it first.',
  'no-profile': 'No Psono API key is set up yet. Open Settings to add one.',
  'invalid-argument': 'The request was not valid.',
  'forbidden-sender': 'The request did not come from the Psono Tray window and was refused.',
  'keychain-unavailable':
    'No secure keychain is available, so the API key cannot be stored safely. On Linux, install and unlock a Secret Service provider (GNOME Keyring, or KWallet with its Secret Service bridge) and log in to a desktop session, then try again.',
  'wrong-pin': 'The PIN is not correct.',
  'pin-erased': 'Too many wrong PINs: the stored key was erased. Paste the API key again to set Psono Tray up.',
  unsupported: 'This is not supported for this entry.',
  'needs-user-action': 'Psono Tray shows or copies a secret only right after you press a key or click in its window.',
  'reveal-limit': 'Too many secrets were shown in a short time. Wait a minute, then try again.',
  internal: 'Something went wrong inside Psono Tray. Try again; if it keeps happening, restart the app.',
};

/** Thrown inside main; becomes `{ ok: false, error }` at the IPC boundary. */
export class AppFailure extends Error {
  readonly error: AppError;
  constructor(kind: MainOnlyKind, extra: { message?: string; field?: string; retryInSeconds?: number } = {}) {
    const message = extra.message ?? MESSAGES[kind];
    super(message);
    this.name = 'AppFailure';
    this.error = {
      kind,
      message,
      ...(extra.field === undefined ? {} : { field: extra.field }),
      ...(extra.retryInSeconds === undefined ? {} : { retryInSeconds: extra.retryInSeconds }),
    };
  }
  get kind(): MainOnlyKind {
    return this.error.kind as MainOnlyKind;
  }
}

/** Any caught value as an AppError; unknown failures become 'internal' without their message. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppFailure) {
    return error.error;
  }
  if (isPsonoError(error)) {
    return { kind: error.kind, message: error.message };
  }
  return { kind: 'internal', message: MESSAGES.internal };
}
