/**
 * What the dev server does differently as Psono server 3.5.3 or 7.2.3, in one table of switches
 * (docs/PSONO-SERVERS.md lists the same differences for client authors).
 */

export type ServerVersion = '3.5' | '7.2';

export interface VersionProfile {
  readonly version: ServerVersion;
  /** The `version` string of `/info/`. */
  readonly versionString: string;
  /** Plain JSON request bodies after login are refused (400 `Invalid request`, encrypted). */
  readonly encryptedBodiesOnly: boolean;
  /** Unauthenticated endpoints parse JSON only; 3.5 also parses multipart forms. */
  readonly multipartBodies: boolean;
  /** The `require_password_change` gate of the permission check. */
  readonly passwordChangeGate: boolean;
  /** `read_count` in secret answers. */
  readonly readCount: boolean;
  /** `share_right_type(_nonce)` and `share_right_expiration_date` in GET /share/, and expiring rights. */
  readonly shareRightExpiry: boolean;
  /** `/info/` fields added after 3.5 (domain_synonyms, avatars, ...); numeric credit costs. */
  readonly infoExtras: boolean;
  /** LocaleMiddleware (Content-Language, Vary: Accept-Language) and Django 4's COOP header. */
  readonly localeAndCoopHeaders: boolean;
  /** `/api-key-access/secret/` answers carry `; charset=utf-8`. */
  readonly accessSecretCharset: boolean;
  /** `/bulk-secret-read/` exists (with field errors as codes: `IS_NOT_A_VALID_UUID`); 3.5 answers 404. */
  readonly bulkSecretRead: boolean;
  /** MIN_API_KEY_TOKEN_TIME_VALID exists. */
  readonly sessionMinimum: boolean;
}

const PROFILES: Record<ServerVersion, VersionProfile> = {
  '3.5': {
    version: '3.5',
    versionString: '3.5.3 (Build 6e51eafb)',
    encryptedBodiesOnly: false,
    multipartBodies: true,
    passwordChangeGate: false,
    readCount: false,
    shareRightExpiry: false,
    infoExtras: false,
    localeAndCoopHeaders: false,
    accessSecretCharset: false,
    bulkSecretRead: false,
    sessionMinimum: false,
  },
  '7.2': {
    version: '7.2',
    versionString: '7.2.3 (Build 2c4590d8)',
    encryptedBodiesOnly: true,
    multipartBodies: false,
    passwordChangeGate: true,
    readCount: true,
    shareRightExpiry: true,
    infoExtras: true,
    localeAndCoopHeaders: true,
    accessSecretCharset: true,
    bulkSecretRead: true,
    sessionMinimum: true,
  },
};

/** Accepts `3.5`, `3.5.3`, `7`, `7.2`, `7.2.3`; undefined = 7.2. */
export function versionProfile(version: string | undefined): VersionProfile {
  if (version === undefined) {
    return PROFILES['7.2'];
  }
  if (/^3\.5(\.\d+)?$/.test(version)) {
    return PROFILES['3.5'];
  }
  if (/^7(\.2(\.\d+)?)?$/.test(version)) {
    return PROFILES['7.2'];
  }
  throw new Error(`unknown server version "${version}" (3.5 or 7.2)`);
}

/** The day from which upstream's permission check enforces `require_password_change`. */
export const PASSWORD_CHANGE_GATE_START = Date.UTC(2026, 9, 1);
