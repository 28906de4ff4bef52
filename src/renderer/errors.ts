/**
 * What each failure means for the user: a title, the message main sent (already written for
 * users), what to do, and which button fits. The switch is exhaustive: a new AppErrorKind breaks
 * the build here until someone decides how to present it.
 */
import type { AppError, AppErrorKind, LockReason } from '../shared/ipc/dto';
import { strings } from './strings';

export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${String(value)}`);
}

/** The one action that helps: retry the same thing, unlock again, or go back to setup. */
export type ErrorRemedyAction = 'retry' | 'unlock' | 'setup' | 'none';

export interface ErrorPresentation {
  readonly title: string;
  readonly message: string;
  readonly remedy: string;
  readonly action: ErrorRemedyAction;
}

export function remedyActionFor(kind: AppErrorKind): ErrorRemedyAction {
  switch (kind) {
    case 'network':
    case 'tls':
    case 'timeout':
    case 'rate-limited':
    case 'server-maintenance':
    case 'server-error':
    case 'clock-skew':
    case 'password-change-required':
    case 'keychain-unavailable':
    case 'internal':
      return 'retry';
    case 'session-expired':
    case 'locked':
    case 'wrong-pin':
      return 'unlock';
    case 'key-inactive':
    case 'bad-api-key':
    case 'server-identity-mismatch':
    case 'read-not-allowed':
    case 'decrypt-failed':
    case 'pin-erased':
    case 'no-profile':
      return 'setup';
    case 'not-found':
    case 'write-not-allowed':
    case 'malformed-response':
    case 'invalid-input':
    case 'invalid-argument':
    case 'forbidden-sender':
    case 'unsupported':
    case 'needs-user-action':
    case 'reveal-limit':
      return 'none';
    default:
      return assertNever(kind, 'error kind');
  }
}

export function presentError(error: AppError): ErrorPresentation {
  // A zero wait is no wait: saying "try again in 0 s" only confuses.
  const retry = error.retryInSeconds !== undefined && error.retryInSeconds > 0 ? ` ${strings.errors.retryIn(error.retryInSeconds)}` : '';
  return {
    title: strings.errors.titleFor[error.kind],
    message: error.message,
    remedy: strings.errors.remedy[error.kind] + retry,
    action: remedyActionFor(error.kind),
  };
}

export function lockReasonText(reason: LockReason | null): string {
  return strings.locked.reasons[reason ?? 'startup'];
}

/** Lock reasons after which unlocking cannot help: the stored key is gone or dead. */
export function lockReasonNeedsSetup(reason: LockReason | null): boolean {
  switch (reason) {
    case 'key-revoked':
    case 'pin-erased':
      return true;
    case null:
    case 'startup':
    case 'manual':
    case 'quit':
    case 'idle':
    case 'app-inactive':
    case 'os-lock':
    case 'sleep':
    case 'deadline':
    case 'session-lost':
      return false;
    default:
      return assertNever(reason, 'lock reason');
  }
}
