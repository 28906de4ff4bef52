/**
 * Plain data that may cross the bridge. Nothing here is key material; secret values appear
 * only in `RevealedValue`, which main returns solely for an explicit reveal by the user.
 */
import type { ErrorKind } from '../../core/errors';
import type { LockPhase, LockReason } from '../../core/lock/types';
import type { Result } from '../../core/result';
import type { MatchRange } from '../../core/search/search';
import type { TotpCode } from '../../core/totp/totp';
import type { FieldKey, FieldKind, ItemKind } from '../../core/vault/item-types';

// Each defined once, in core's vocabulary, and named here as the bridge speaks of them.
export type { LockReason, MatchRange, TotpCode };
export type AppPhase = LockPhase;
/** A known Psono type or 'unknown' (the raw type string travels in `rawType`). */
export type EntryType = ItemKind;
/** Fields a copy/reveal can name. `custom:N` is the N-th custom field, `env:N` the N-th variable. */
export type CopyField = FieldKey;
export type { Settings } from '../settings';
export type { Theme } from '../setting-limits';

export interface ProfileSummary {
  readonly serverUrl: string;
  readonly apiKeyId: string;
  readonly serverFingerprint: string;
  readonly username: string | null;
  readonly restricted: boolean;
  readonly hasPin: boolean;
}

export interface ShortcutState {
  readonly accelerator: string;
  /** What globalShortcut.register reported; on Wayland this can be true without the key working. */
  readonly registered: boolean;
}

/** Whether this desktop delivers a lock trigger; 'unknown' until main has found out. */
export type TriggerState = 'available' | 'unavailable' | 'unknown';

/**
 * Which automatic lock triggers work here, for the settings screen. systemIdle is learnt from the
 * idle readings while unlocked (Wayland reads 0: app inactivity stands in); osLock and sleep from
 * the OS event sources found at startup (D-Bus screensaver/logind on Linux).
 */
export interface LockTriggerStates {
  readonly systemIdle: TriggerState;
  readonly osLock: TriggerState;
  readonly sleep: TriggerState;
}

export interface AppState {
  readonly phase: AppPhase;
  readonly profile: ProfileSummary | null;
  readonly lockReason: LockReason | null;
  readonly entryCount: number;
  readonly warnings: readonly string[];
  readonly shortcut: ShortcutState;
  /** Seconds until the clipboard is cleared, or null if we hold nothing there. */
  readonly clipboardClearsInSeconds: number | null;
  readonly lockTriggers: LockTriggerStates;
  /** Whether auto-type can work on this desktop, and if not, why (for Settings). */
  readonly autoType: AutoTypeState;
}

export interface AutoTypeState {
  readonly available: boolean;
  /** Why it is unavailable (null when available). */
  readonly reason: string | null;
}

/** One search result row: metadata only. */
export interface EntrySummary {
  readonly id: string;
  readonly type: EntryType;
  /** The raw Psono type string (kept for unknown types). */
  readonly rawType: string;
  readonly title: string;
  readonly path: readonly string[];
  readonly urlHost: string | null;
  readonly description: string;
  readonly datastore: string;
  readonly favourite: boolean;
  readonly titleMatches: readonly MatchRange[];
  /** Where the query hit `description` (the username line), like titleMatches. */
  readonly descriptionMatches: readonly MatchRange[];
  /** Which quick actions the type allows. */
  readonly actions: readonly CopyField[];
  readonly canOpenUrl: boolean;
}

export interface SearchResult {
  readonly query: string;
  readonly entries: readonly EntrySummary[];
  readonly total: number;
}

export interface DetailField {
  /** Stable key used with reveal/copy (e.g. 'password', 'custom:0', 'field:credit_card_cvc'). */
  readonly key: CopyField;
  readonly label: string;
  readonly kind: FieldKind;
  /** Present for non-secret fields only; secret fields must be revealed explicitly. */
  readonly value: string | null;
}

export interface EntryDetails {
  readonly summary: EntrySummary;
  readonly fields: readonly DetailField[];
}

export interface RevealedValue {
  readonly key: CopyField;
  readonly value: string;
}

export interface CopyReceipt {
  /** What was copied, for the status line (a label, never the value). */
  readonly label: string;
  readonly clearsInSeconds: number | null;
}

/** Values pasted from Psono's API key dialog. They cross once, renderer → main, at setup. */
export interface SetupCredentials {
  readonly serverUrl: string;
  readonly apiKeyId: string;
  readonly apiKeyPrivateKey: string;
  readonly apiKeySecretKey: string;
  readonly serverSignature: string;
  readonly serverPublicKey: string;
}

export interface SetupCheck {
  readonly serverVersion: string;
  readonly serverFingerprint: string;
  readonly username: string | null;
  readonly entryCount: number;
  readonly restricted: boolean;
}

/** The closed set of failures the renderer can receive. */
export type AppErrorKind =
  | ErrorKind
  | 'locked'
  | 'no-profile'
  | 'invalid-argument'
  | 'forbidden-sender'
  | 'keychain-unavailable'
  | 'wrong-pin'
  | 'pin-erased'
  | 'unsupported'
  | 'needs-user-action'
  | 'reveal-limit'
  | 'internal';

export interface AppError {
  readonly kind: AppErrorKind;
  readonly message: string;
  /** For invalid-argument / invalid-input at setup: which field is wrong. */
  readonly field?: string;
  /** For wrong-pin: how long the next attempt must wait. */
  readonly retryInSeconds?: number;
}

export type IpcResult<T> = Result<T, AppError>;

export type { GeneratorOptions, PassphraseOptions, PasswordOptions } from '../../core/generate/options';

/**
 * A password or passphrase main generated and copied. It crosses to the window because the user
 * asked to see it; it is not a vault secret (nothing stores it), and the clipboard rules apply.
 */
export interface GeneratedValue {
  readonly value: string;
  /** About how many bits of randomness it carries. */
  readonly bits: number;
  readonly label: string;
  readonly clearsInSeconds: number | null;
}
