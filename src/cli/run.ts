/**
 * `psono-tray`: the vault from the command line, on the same core as the app. Credentials come
 * from the environment; stdout carries only the requested data (for pipes), stderr one line per
 * problem. Nothing secret is printed unless explicitly asked for with `get --field/--json` or `totp`.
 */
import { parseArgs } from 'node:util';

import { PsonoError } from '../core/errors';
import { buildSearchIndex, search } from '../core/search';
import { closeKeyAccess, openKeyAccess, parseCredentials, wipeCredentials, type ApiKeyCredentials, type KeyAccess } from '../core/session';
import type { HttpTransport } from '../core/http';
import { totpCode, totpParams } from '../core/totp';
import { fieldValue, loadRestrictedVault, loadVault, restrictedSource, type FieldKey, type Vault, type VaultEntry } from '../core/vault';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export interface CliDeps {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly io: CliIo;
  readonly version: string;
  /** Builds the HTTP transport (given the PSONO_CA_FILE contents, if any). */
  readonly transport: (caBundlePem: string | undefined) => HttpTransport & { close?(): void };
  readonly readFile: (path: string) => string;
  readonly deviceFingerprint: string;
  readonly deviceDescription: string;
  readonly now?: () => number;
}

export const EXIT_OK = 0;
/** Server, network, crypto or credential problems. */
export const EXIT_FAILURE = 1;
/** Wrong command line or missing environment. */
export const EXIT_USAGE = 2;
/** The entry or the requested field does not exist. */
export const EXIT_NOT_FOUND = 3;

class UsageError extends Error {}
class NotFoundError extends Error {}

const ENV = {
  serverUrl: 'PSONO_SERVER_URL',
  apiKeyId: 'PSONO_API_KEY_ID',
  privateKey: 'PSONO_API_KEY_PRIVATE_KEY',
  secretKey: 'PSONO_API_KEY_SECRET_KEY',
  serverSignature: 'PSONO_SERVER_SIGNATURE',
  serverPublicKey: 'PSONO_SERVER_PUBLIC_KEY',
  caFile: 'PSONO_CA_FILE',
} as const;

const CREDENTIAL_HELP = `Credentials (from Psono's "API key" dialog) are read from the environment:
  PSONO_SERVER_URL, PSONO_API_KEY_ID, PSONO_API_KEY_PRIVATE_KEY, PSONO_API_KEY_SECRET_KEY,
  PSONO_SERVER_SIGNATURE, optional PSONO_SERVER_PUBLIC_KEY, optional PSONO_CA_FILE (extra CA bundle, PEM).`;

const HELP = {
  main: `Usage: psono-tray <command> [options]

Commands:
  ls [--json]                      list every entry
  search QUERY [--json]            entries matching QUERY, best first
  get ID [--json | --field NAME]   show an entry (ID = item id or secret id)
  totp ID                          print the entry's current TOTP code

Options: --help (also per command), --version

${CREDENTIAL_HELP}

Exit status: 0 ok, 1 failure (server, network, key), 2 usage, 3 entry or field not found.`,
  ls: `Usage: psono-tray ls [--json]

Lists every entry of the vault: id, type and folder path / title.
--json prints an array of {id, secret_id, type, title, path, url, datastore, share_id}
(path = array of folder names; url = first domain of the entry's URL filter, or null).`,
  search: `Usage: psono-tray search QUERY [--json]

Entries whose title, folder path, URL, description or tags match every word of QUERY
(case and accents ignored, one typo tolerated), best match first. --json as for ls.`,
  get: `Usage: psono-tray get ID [--json | --field NAME]

ID is an entry (item) id or a secret id, as printed by ls.
Without options: the entry's details, secret values hidden.
--json         the decrypted secret exactly as stored (Psono's own field names)
--field NAME   one value, raw, for piping: title, username, password, url, notes, totp
               (totp prints the current code); also custom:N, env:N or field:<psono name>`,
  totp: `Usage: psono-tray totp ID

Prints the current TOTP code of the entry (website password with TOTP, or TOTP entry).`,
};

/** The help text for a command, or the general one (own keys only: `help constructor` is no topic). */
function helpFor(topic: string | null | undefined): string {
  return topic && Object.hasOwn(HELP, topic) ? HELP[topic as keyof typeof HELP] : HELP.main;
}

interface ParsedArgs {
  readonly command: string | null;
  readonly positional: readonly string[];
  /** Options as typed: `--json`, `--help` (also for `-h`), or an unknown one such as `-x`. */
  readonly flags: ReadonlySet<string>;
  readonly field: string | null;
}

const OPTIONS = {
  json: { type: 'boolean' },
  field: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

function parseCommandLine(argv: readonly string[]): ParsedArgs {
  // Not strict: an unknown option is refused per command (allowFlags), pointing at that command's help.
  const { values, positionals } = parseArgs({ args: [...argv], options: OPTIONS, strict: false, allowPositionals: true });
  const field = values['field'];
  if (field === true || field === '') {
    throw new UsageError('--field needs a value.');
  }
  const flags = new Set(Object.keys(values).map((name) => (name.length === 1 ? `-${name}` : `--${name}`)));
  const [command = null, ...positional] = positionals;
  return { command, positional, flags, field: typeof field === 'string' ? field : null };
}

/** Per command: the options it takes, and the usage message when its arguments do not fit (null if they do). */
const COMMANDS: Readonly<Record<string, { readonly options: readonly string[]; readonly wrongArguments: (count: number) => string | null }>> = {
  ls: { options: ['--json'], wrongArguments: (count) => (count > 0 ? 'ls takes no arguments.' : null) },
  search: { options: ['--json'], wrongArguments: (count) => (count === 0 ? 'search needs a QUERY.' : null) },
  get: { options: ['--json', '--field'], wrongArguments: (count) => (count !== 1 ? 'get needs exactly one ID.' : null) },
  totp: { options: [], wrongArguments: (count) => (count !== 1 ? 'totp needs exactly one ID.' : null) },
};

function checkUsage(args: ParsedArgs): void {
  const command = args.command !== null && Object.hasOwn(COMMANDS, args.command) ? COMMANDS[args.command] : undefined;
  if (command === undefined) {
    throw new UsageError(`unknown command ${JSON.stringify(args.command)} (see psono-tray --help).`);
  }
  for (const flag of args.flags) {
    if (!command.options.includes(flag)) {
      throw new UsageError(`unknown option ${flag} for "${args.command}" (see psono-tray ${args.command} --help).`);
    }
  }
  const wrong = command.wrongArguments(args.positional.length);
  if (wrong !== null) {
    throw new UsageError(wrong);
  }
  if (args.flags.has('--json') && args.flags.has('--field')) {
    throw new UsageError('use either --json or --field, not both.');
  }
}

function credentialsFromEnv(env: CliDeps['env']): ApiKeyCredentials {
  const missing = [ENV.serverUrl, ENV.apiKeyId, ENV.privateKey, ENV.secretKey, ENV.serverSignature].filter((name) => !env[name]?.trim());
  if (missing.length > 0) {
    throw new UsageError(`missing environment variable${missing.length > 1 ? 's' : ''} ${missing.join(', ')}.`);
  }
  return parseCredentials({
    serverUrl: env[ENV.serverUrl]!,
    apiKeyId: env[ENV.apiKeyId]!,
    privateKey: env[ENV.privateKey]!,
    secretKey: env[ENV.secretKey]!,
    serverSignature: env[ENV.serverSignature]!,
    serverPublicKey: env[ENV.serverPublicKey] ?? null,
  });
}

interface OpenVault {
  readonly vault: Vault;
  close(): Promise<void>;
}

/** Logs in and reads the vault; for restricted keys, reads the attached secrets without a login. */
async function openVault(deps: CliDeps): Promise<OpenVault> {
  const credentials = credentialsFromEnv(deps.env);
  const caFile = deps.env[ENV.caFile]?.trim();
  let caBundlePem: string | undefined;
  if (caFile) {
    try {
      caBundlePem = deps.readFile(caFile);
    } catch {
      wipeCredentials(credentials);
      throw new UsageError(`cannot read ${ENV.caFile} (${caFile}).`);
    }
  }
  const transport = deps.transport(caBundlePem);
  let access: KeyAccess | null = null;
  const close = async (): Promise<void> => {
    // Always end the server session (best effort), then drop keep-alive sockets so Node can exit.
    if (access !== null) {
      await closeKeyAccess(access);
    }
    transport.close?.();
  };
  try {
    // Restricted keys never log in (see openKeyAccess).
    access = await openKeyAccess(credentials, {
      transport,
      deviceFingerprint: deps.deviceFingerprint,
      deviceDescription: deps.deviceDescription,
      // The output is written by then: the logout is sent, but the process does not wait long for
      // its answer (the session ends at its valid_till regardless).
      logoutTimeoutMs: 300,
      ...(deps.now ? { clock: deps.now } : {}),
    });
    const warn = (message: string): void => deps.io.stderr(`psono-tray: warning: ${message}\n`);
    const onWarning = (warning: { message: string }): void => warn(warning.message);
    const vault = access.restricted
      ? await loadRestrictedVault(restrictedSource(access.api, access.inspection), { onWarning })
      : await loadVault(access.session, { onWarning });
    return { vault, close };
  } catch (error) {
    await close();
    throw error;
  } finally {
    wipeCredentials(credentials);
  }
}

function entryJson(entry: VaultEntry): Record<string, unknown> {
  return {
    id: entry.id,
    secret_id: entry.secretId,
    type: entry.type,
    title: entry.title,
    path: entry.path,
    url: entry.urlHost,
    datastore: entry.datastore,
    share_id: entry.shareId,
  };
}

function entryLine(entry: VaultEntry): string {
  return `${entry.id}  ${entry.type.padEnd(20)}  ${[...entry.path, entry.title].join(' / ')}\n`;
}

function printEntries(io: CliIo, entries: readonly VaultEntry[], json: boolean): void {
  if (json) {
    io.stdout(`${JSON.stringify(entries.map(entryJson), null, 2)}\n`);
  } else {
    io.stdout(entries.map(entryLine).join(''));
  }
}

function findEntry(vault: Vault, id: string): VaultEntry {
  const entry = vault.find(id);
  if (!entry) {
    throw new NotFoundError(`no entry with id ${JSON.stringify(id)} (ids are listed by "psono-tray ls").`);
  }
  return entry;
}

const FIELD_NAMES = ['title', 'username', 'password', 'url', 'notes', 'totp'] as const;

function isFieldKey(name: string): name is FieldKey {
  return (
    (FIELD_NAMES as readonly string[]).includes(name) || name === 'main' || /^(custom|env):\d+$/.test(name) || /^field:[A-Za-z0-9_]+$/.test(name)
  );
}

async function currentTotp(vault: Vault, entry: VaultEntry, now: number): Promise<string> {
  const { model } = await vault.item(entry);
  if (model.totp === null) {
    throw new NotFoundError(`entry ${entry.id} has no TOTP.`);
  }
  return totpCode(totpParams(model.totp), now).code;
}

async function commandGet(vault: Vault, args: ParsedArgs, deps: CliDeps): Promise<void> {
  const entry = findEntry(vault, args.positional[0]!);
  const field = args.field;
  if (args.flags.has('--json')) {
    deps.io.stdout(`${JSON.stringify(await vault.secret(entry), null, 2)}\n`);
    return;
  }
  if (field !== null) {
    if (field === 'title') {
      const { model } = await vault.item(entry);
      deps.io.stdout(`${model.title ?? entry.title}\n`);
      return;
    }
    if (field === 'totp') {
      deps.io.stdout(`${await currentTotp(vault, entry, (deps.now ?? Date.now)())}\n`);
      return;
    }
    if (!isFieldKey(field)) {
      throw new UsageError(`unknown field ${JSON.stringify(field)}; use one of ${FIELD_NAMES.join(', ')}, custom:N, env:N or field:<name>.`);
    }
    const { model } = await vault.item(entry);
    const value = fieldValue(model, field);
    if (value === null) {
      throw new NotFoundError(`entry ${entry.id} has no ${field}.`);
    }
    deps.io.stdout(`${value}\n`);
    return;
  }
  const { model } = await vault.item(entry);
  const lines = [
    `Title:     ${model.title ?? entry.title}`,
    `Type:      ${entry.type}`,
    `Path:      ${entry.path.join(' / ')}`,
    `Datastore: ${entry.datastore}`,
    `Id:        ${entry.id}`,
    `Secret id: ${entry.secretId}`,
  ];
  for (const item of model.fields) {
    const value = item.secret ? `(hidden: psono-tray get ${entry.id} --field ${item.key})` : item.value.replace(/\n/g, '\n           ');
    lines.push(`${`${item.label}:`.padEnd(10)} ${value}`);
  }
  deps.io.stdout(`${lines.join('\n')}\n`);
}

async function runCommand(args: ParsedArgs, deps: CliDeps): Promise<void> {
  const { io } = deps;
  checkUsage(args);
  const opened = await openVault(deps);
  try {
    const { vault } = opened;
    switch (args.command) {
      case 'ls':
        printEntries(io, vault.entries, args.flags.has('--json'));
        break;
      case 'search': {
        const index = buildSearchIndex(vault.entries);
        const results = search(index, args.positional.join(' '), { limit: vault.entries.length });
        printEntries(io, results.hits.map((hit) => hit.entry), args.flags.has('--json'));
        break;
      }
      case 'get':
        await commandGet(vault, args, deps);
        break;
      case 'totp': {
        const entry = findEntry(vault, args.positional[0]!);
        io.stdout(`${await currentTotp(vault, entry, (deps.now ?? Date.now)())}\n`);
        break;
      }
    }
  } finally {
    opened.vault.wipe();
    await opened.close();
  }
}

/** One line, no stack, no secret: PsonoError messages are written for users and built from safe parts. */
function describeError(error: unknown): string {
  if (error instanceof PsonoError) {
    return error.message;
  }
  if (error instanceof UsageError || error instanceof NotFoundError) {
    return error.message;
  }
  return `internal error (${error instanceof Error ? error.name : typeof error}); please report it.`;
}

export async function runCli(argv: readonly string[], deps: CliDeps): Promise<number> {
  let args: ParsedArgs;
  try {
    args = parseCommandLine(argv);
  } catch (error) {
    deps.io.stderr(`psono-tray: ${describeError(error)}\n`);
    return EXIT_USAGE;
  }
  if (args.flags.has('--version') && args.command === null) {
    deps.io.stdout(`psono-tray ${deps.version}\n`);
    return EXIT_OK;
  }
  if (args.command === 'help') {
    deps.io.stdout(`${helpFor(args.positional[0])}\n`);
    return EXIT_OK;
  }
  if (args.flags.has('--help') || args.command === null) {
    const text = `${helpFor(args.command)}\n`;
    if (args.command === null && !args.flags.has('--help')) {
      deps.io.stderr(text);
      return EXIT_USAGE;
    }
    deps.io.stdout(text);
    return EXIT_OK;
  }
  try {
    await runCommand(args, deps);
    return EXIT_OK;
  } catch (error) {
    deps.io.stderr(`psono-tray: ${describeError(error).replace(/\s*\n\s*/g, ' ')}\n`);
    if (error instanceof UsageError || (error instanceof PsonoError && error.kind === 'invalid-input' && error.details.status === undefined)) {
      return EXIT_USAGE;
    }
    if (error instanceof NotFoundError || (error instanceof PsonoError && error.kind === 'not-found' && args.command !== 'ls' && args.command !== 'search')) {
      return EXIT_NOT_FOUND;
    }
    return EXIT_FAILURE;
  }
}
