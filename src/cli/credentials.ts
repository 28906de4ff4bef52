/**
 * Where the CLI's API key comes from: `--config FILE` (JSON, or psonoci's TOML with our extra
 * keys), then PSONO_* variables, then psonoci's PSONO_CI_* names for the three values psonoci
 * has. The file must be private to its owner, as psonoci requires of its config.
 */
import { readFileSync, statSync } from 'node:fs';

import { PsonoError } from '../core/errors';
import { parseCredentials, type ApiKeyCredentials } from '../core/session';
import { UsageError } from './args';

type Value = 'serverUrl' | 'apiKeyId' | 'privateKey' | 'secretKey' | 'serverSignature' | 'serverPublicKey';

/** Our variable first, then psonoci's (which has no private key and no server keys). */
const VARIABLES: Readonly<Record<Value, readonly string[]>> = {
  serverUrl: ['PSONO_SERVER_URL', 'PSONO_CI_SERVER_URL'],
  apiKeyId: ['PSONO_API_KEY_ID', 'PSONO_CI_API_KEY_ID'],
  privateKey: ['PSONO_API_KEY_PRIVATE_KEY'],
  secretKey: ['PSONO_API_KEY_SECRET_KEY', 'PSONO_CI_API_SECRET_KEY_HEX'],
  serverSignature: ['PSONO_SERVER_SIGNATURE'],
  serverPublicKey: ['PSONO_SERVER_PUBLIC_KEY'],
};

/** Keys of the config file: the dialog's names, lowercased, and psonoci's api_secret_key_hex. */
const FILE_KEYS: Readonly<Record<string, Value>> = {
  server_url: 'serverUrl',
  api_key_id: 'apiKeyId',
  api_key_private_key: 'privateKey',
  api_key_secret_key: 'secretKey',
  api_secret_key_hex: 'secretKey',
  server_signature: 'serverSignature',
  server_public_key: 'serverPublicKey',
};

const REQUIRED: readonly Value[] = ['serverUrl', 'apiKeyId', 'privateKey', 'secretKey', 'serverSignature'];

export interface CredentialFiles {
  readonly readFile: (path: string) => string;
  /** The file's permission bits, or null where they mean nothing (Windows). Throws if absent. */
  readonly fileMode: (path: string) => number | null;
}

/** This computer's files. Windows has no owner-only mode bits to check. */
export const LOCAL_FILES: CredentialFiles = {
  readFile: (path) => readFileSync(path, 'utf8'),
  fileMode: (path) => (process.platform === 'win32' ? (statSync(path), null) : statSync(path).mode & 0o777),
};

/** The config file a call reads: `--config`, else psonoci's PSONO_CI_CONFIG_PATH. */
export function configPathFor(config: string | null, env: Readonly<Record<string, string | undefined>>): string | null {
  return config ?? (env['PSONO_CI_CONFIG_PATH']?.trim() || null);
}

function configError(path: string, problem: string): UsageError {
  return new UsageError(`config file ${path}: ${problem}`);
}

function fromJson(text: string, path: string): Partial<Record<Value, string>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw configError(path, 'is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw configError(path, 'must hold a JSON object.');
  }
  const values: Partial<Record<Value, string>> = {};
  for (const [key, value] of Object.entries(parsed)) {
    const name = Object.hasOwn(FILE_KEYS, key) ? FILE_KEYS[key] : undefined;
    if (name === undefined) {
      throw configError(path, `unknown key ${JSON.stringify(key)}.`);
    }
    if (typeof value !== 'string') {
      throw configError(path, `${key} must be a string.`);
    }
    values[name] = value;
  }
  return values;
}

/** The TOML that psonoci's `config save` writes: `key = "value"` lines, `[section]`s, comments. */
function fromToml(text: string, path: string): Partial<Record<Value, string>> {
  const values: Partial<Record<Value, string>> = {};
  let section = '';
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) {
      return;
    }
    const header = /^\[\s*([A-Za-z0-9_.-]+)\s*\]$/.exec(line);
    if (header) {
      section = header[1]!;
      return;
    }
    const pair = /^([A-Za-z0-9_-]+)\s*=\s*(.*)$/.exec(line);
    if (!pair) {
      throw configError(path, `line ${index + 1} is not "key = value".`);
    }
    const [, key, rest] = pair as unknown as [string, string, string];
    // psonoci's own settings outside psono_settings (version, http_options) do not concern us.
    if (section !== '' && section !== 'psono_settings') {
      return;
    }
    if (section === '' && key === 'version') {
      return;
    }
    const name = Object.hasOwn(FILE_KEYS, key) ? FILE_KEYS[key] : undefined;
    if (name === undefined) {
      throw configError(path, `unknown key ${JSON.stringify(key)} on line ${index + 1}.`);
    }
    const quoted = /^"((?:[^"\\]|\\.)*)"\s*(#.*)?$/.exec(rest) ?? /^'([^']*)'\s*(#.*)?$/.exec(rest);
    if (!quoted) {
      throw configError(path, `${key} on line ${index + 1} must be a quoted string.`);
    }
    values[name] = rest.startsWith('"') ? quoted[1]!.replace(/\\(.)/g, '$1') : quoted[1]!;
  });
  return values;
}

export function readConfigFile(path: string, files: CredentialFiles): Partial<Record<Value, string>> {
  let mode: number | null;
  let text: string;
  try {
    mode = files.fileMode(path);
    text = files.readFile(path);
  } catch {
    throw configError(path, 'cannot be read.');
  }
  if (mode !== null && (mode & 0o077) !== 0) {
    throw configError(path, `other users may read or change it; run: chmod 600 ${path}`);
  }
  return text.trimStart().startsWith('{') ? fromJson(text, path) : fromToml(text, path);
}

export function readCredentials(env: Readonly<Record<string, string | undefined>>, configPath: string | null, files: CredentialFiles): ApiKeyCredentials {
  const file = configPath === null ? {} : readConfigFile(configPath, files);
  const value = (name: Value): string | undefined => {
    const fromFile = file[name]?.trim();
    if (fromFile) {
      return fromFile;
    }
    return VARIABLES[name].map((variable) => env[variable]?.trim()).find((text) => !!text);
  };
  const missing = REQUIRED.filter((name) => value(name) === undefined).map((name) => VARIABLES[name][0]!);
  if (missing.length > 0) {
    const where = configPath === null ? '' : ` (not in ${configPath} either)`;
    throw new UsageError(`missing environment variable${missing.length > 1 ? 's' : ''} ${missing.join(', ')}${where}.`);
  }
  let credentials: ApiKeyCredentials;
  try {
    credentials = parseCredentials({
      serverUrl: value('serverUrl')!,
      apiKeyId: value('apiKeyId')!,
      privateKey: value('privateKey')!,
      secretKey: value('secretKey')!,
      serverSignature: value('serverSignature')!,
      serverPublicKey: value('serverPublicKey') ?? null,
    });
  } catch (error) {
    // A wrong value the user gave is a usage error (exit 2); invalid data from a server is not.
    throw error instanceof PsonoError && error.kind === 'invalid-input' ? new UsageError(error.message) : error;
  }
  if (insecureRemote(credentials.serverUrl) && env[ALLOW_HTTP] !== '1') {
    throw new UsageError(
      `${credentials.serverUrl} is plain http:// to another computer: the session token would travel in clear. Use https://, or set ${ALLOW_HTTP}=1 if this network is trusted.`,
    );
  }
  return credentials;
}

/** The explicit switch for plain http:// to a server that is not this computer. */
export const ALLOW_HTTP = 'PSONO_ALLOW_INSECURE_HTTP';

/** Plain http:// is refused unless the server is on this computer, as the app's setup refuses it. */
function insecureRemote(serverUrl: string): boolean {
  const url = new URL(serverUrl);
  const loopback = url.hostname === 'localhost' || url.hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(url.hostname);
  return url.protocol === 'http:' && !loopback;
}
