/**
 * Turns whatever the user pasted from Psono's API key dialog into the six setup fields, and
 * checks each field's format. Pure: no DOM, no store, so it is unit-tested on its own.
 * Accepted forms: `KEY: value`, `KEY=value` (optionally `export`, quotes), a JSON object, and the
 * dialog's own layout (the label on one line, its value on the next).
 */
import type { SetupCredentials } from '../../shared/ipc/dto';
import { strings } from '../strings';

export type SetupFieldKey = keyof SetupCredentials;

export const SETUP_FIELD_ORDER: readonly SetupFieldKey[] = [
  'serverUrl',
  'apiKeyId',
  'apiKeyPrivateKey',
  'apiKeySecretKey',
  'serverPublicKey',
  'serverSignature',
];

/** The labels Psono's dialog uses, and the names psonoci's environment variables use. */
const KEY_ALIASES: Readonly<Record<string, SetupFieldKey>> = {
  API_KEY_ID: 'apiKeyId',
  API_KEY_PRIVATE_KEY: 'apiKeyPrivateKey',
  API_KEY_SECRET_KEY: 'apiKeySecretKey',
  SERVER_URL: 'serverUrl',
  SERVER_PUBLIC_KEY: 'serverPublicKey',
  SERVER_SIGNATURE: 'serverSignature',
  PSONO_CI_API_KEY_ID: 'apiKeyId',
  PSONO_CI_API_SECRET_KEY_HEX: 'apiKeySecretKey',
  PSONO_CI_SERVER_URL: 'serverUrl',
  PSONO_CI_SERVER_PUBLIC_KEY: 'serverPublicKey',
  PSONO_CI_SERVER_SIGNATURE: 'serverSignature',
};

export interface PasteParseResult {
  /** Fields found in the text, trimmed and unquoted. */
  readonly values: Partial<Record<SetupFieldKey, string>>;
  /** Names that looked like keys but are not one of the six (shown so a typo is visible). */
  readonly unknownKeys: readonly string[];
}

/** Normalises `Api key id`, `api-key-id`, `apiKeyId` and `API_KEY_ID` to one spelling. */
function normaliseKey(raw: string): string {
  return raw
    .trim()
    .replace(/^export\s+/i, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[\s-]+/g, '_')
    .toUpperCase();
}

function fieldFor(rawKey: string): SetupFieldKey | undefined {
  return KEY_ALIASES[normaliseKey(rawKey)];
}

function unquote(raw: string): string {
  const value = raw.trim().replace(/,$/, '').trim();
  const quoted = /^(["'`])(.*)\1$/.exec(value);
  return (quoted ? (quoted[2] ?? '') : value).trim();
}

function parseJson(text: string): PasteParseResult | null {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) {
    return null;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return null;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return null;
  }
  const values: Partial<Record<SetupFieldKey, string>> = {};
  const unknownKeys: string[] = [];
  for (const [key, value] of Object.entries(parsed)) {
    const field = fieldFor(key);
    if (field && (typeof value === 'string' || typeof value === 'number')) {
      values[field] = String(value).trim();
    } else if (!field) {
      unknownKeys.push(key);
    }
  }
  return { values, unknownKeys };
}

// Tolerates JSON-ish lines too (`{ "API_KEY_ID": "…",`), so a half-copied JSON object still fills fields.
const LINE_PAIR = /^\s*[{,]?\s*(?:export\s+)?["']?([A-Za-z][A-Za-z0-9_ -]{1,40}?)["']?\s*[:=]\s*(.*)$/;

function parseLines(text: string): PasteParseResult {
  const values: Partial<Record<SetupFieldKey, string>> = {};
  const unknownKeys: string[] = [];
  const lines = text.split(/\r?\n/);
  let pendingField: SetupFieldKey | null = null;
  for (const line of lines) {
    if (line.trim() === '') {
      continue;
    }
    const pair = LINE_PAIR.exec(line);
    // A URL line like `https://x` also matches `key:value`; only a known key counts as a pair.
    const pairField = pair ? fieldFor(pair[1] ?? '') : undefined;
    if (pair && pairField) {
      const value = unquote(pair[2] ?? '');
      if (value === '') {
        pendingField = pairField;
      } else {
        values[pairField] = value;
        pendingField = null;
      }
      continue;
    }
    const bareLabel = fieldFor(line.replace(/[:=]\s*$/, ''));
    if (bareLabel) {
      pendingField = bareLabel;
      continue;
    }
    if (pendingField) {
      values[pendingField] = unquote(line);
      pendingField = null;
      continue;
    }
    if (pair && /^[A-Z][A-Z0-9_]+$/.test((pair[1] ?? '').trim())) {
      unknownKeys.push((pair[1] ?? '').trim());
    }
  }
  return { values, unknownKeys };
}

export function parsePastedCredentials(text: string): PasteParseResult {
  return parseJson(text) ?? parseLines(text);
}

const HEX_64 = /^[0-9a-fA-F]{64}$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

function hexProblem(value: string): string | null {
  if (HEX_64.test(value)) {
    return null;
  }
  if (/[^0-9a-fA-F]/.test(value)) {
    return strings.setup.errors.hexCharacters;
  }
  return strings.setup.errors.hexLength(value.length);
}

/** What is wrong with one field, in words for the user, or null when it looks right. */
export function validateSetupField(field: SetupFieldKey, raw: string): string | null {
  const value = raw.trim();
  if (value === '') {
    return field === 'serverPublicKey' ? null : strings.setup.errors.required;
  }
  switch (field) {
    case 'serverUrl': {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        return strings.setup.errors.urlInvalid;
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        return strings.setup.errors.urlScheme;
      }
      // Main refuses plain http too (the session token would travel in clear); say it here first.
      if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
        return strings.setup.errors.urlPlainHttp;
      }
      return null;
    }
    case 'apiKeyId':
      return UUID.test(value) ? null : strings.setup.errors.uuid;
    case 'apiKeyPrivateKey':
    case 'apiKeySecretKey':
    case 'serverSignature':
    case 'serverPublicKey':
      return hexProblem(value);
  }
}

function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

export function validateSetupForm(values: SetupCredentials): Partial<Record<SetupFieldKey, string>> {
  const problems: Partial<Record<SetupFieldKey, string>> = {};
  for (const field of SETUP_FIELD_ORDER) {
    const problem = validateSetupField(field, values[field]);
    if (problem) {
      problems[field] = problem;
    }
  }
  return problems;
}

/** Trims every field so what main parses is what the user saw. */
export function normaliseCredentials(values: SetupCredentials): SetupCredentials {
  return {
    serverUrl: values.serverUrl.trim(),
    apiKeyId: values.apiKeyId.trim().toLowerCase(),
    apiKeyPrivateKey: values.apiKeyPrivateKey.trim().toLowerCase(),
    apiKeySecretKey: values.apiKeySecretKey.trim().toLowerCase(),
    serverSignature: values.serverSignature.trim().toLowerCase(),
    serverPublicKey: values.serverPublicKey.trim().toLowerCase(),
  };
}
