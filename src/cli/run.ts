/**
 * `psono`: the vault from the command line, on the same core as the app. Credentials come
 * from --config or the environment; stdout carries only the requested data (for pipes), stderr
 * one line per problem. Nothing secret is printed unless explicitly asked for (`get --field/--json`,
 * `totp`, `env`); `run` hands variables to a child's environment, never to its command line.
 */
import { PsonoError } from '../core/errors';
import type { HttpTransport } from '../core/http';
import { buildSearchIndex, search } from '../core/search';
import { closeKeyAccess, openKeyAccess, wipeCredentials, type KeyAccess } from '../core/session';
import { loadRestrictedVault, loadVault, restrictedSource, type Vault, type VaultEntry, type VaultWarning } from '../core/vault';
import { checkUsage, FailureError, NotFoundError, parseCommandLine, UsageError, type ParsedArgs } from './args';
import { commandCopy, commandCopyValue, commandEnv, commandGet, commandRun, commandTotp } from './commands';
import { completionScript } from './completions';
import { agentCommand, lockCommand } from './agent/commands';
import { viaAgent, type AgentHost, type HeldVault } from './agent/via';
import type { CommandResult } from './agent/server';
import { AGENT_COMMANDS } from './agent/answered';
import { callFingerprint } from './agent/protocol';
import { configPathFor, readCredentials } from './credentials';
import { resolveEntry } from './find';
import { helpFor } from './help';
import { entryRows, printEntries, warningLines } from './output';
import type { KeyMemory } from './key-memory';
import { quoted } from './text';
import { runWithVariables, type SpawnChild } from './child';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export type { ChildResult } from './child';

export interface CliDeps {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly io: CliIo;
  readonly version: string;
  /** Builds the HTTP transport (given the PSONO_CA_FILE contents, if any). */
  readonly transport: (caBundlePem: string | undefined) => HttpTransport & { close?(): void };
  readonly readFile: (path: string) => string;
  /** Permission bits of a file (null where they mean nothing); throws if it does not exist. */
  readonly fileMode: (path: string) => number | null;
  /** Runs a command with stdio passed through and the given environment; resolves when it ends. */
  readonly spawn: SpawnChild;
  readonly deviceFingerprint: string;
  readonly deviceDescription: string;
  readonly clipboard?: Clipboard;
  readonly now?: () => number;
  /** Keys seen unrestricted before, which log in without the inspection first (none: always inspect). */
  readonly keyMemory?: KeyMemory;
}

/** `copy`'s clipboard; both throw FailureError with what to install when there is none. */
export interface Clipboard {
  /** Throws unless a clipboard tool and a display are there (checked before logging in). */
  check(): void;
  /** Puts the value on the clipboard, cleared after that many seconds (0: never) if unchanged. */
  copy(value: string, clearSeconds: number): Promise<{ readonly hint: boolean; readonly tool: string }>;
}

export const EXIT_OK = 0;
/** Server, network, crypto or credential problems. */
export const EXIT_FAILURE = 1;
/** Wrong command line or missing environment. */
export const EXIT_USAGE = 2;
/** The entry or the requested field does not exist, or the ID matches several entries. */
export const EXIT_NOT_FOUND = 3;

const MAX_CANDIDATES = 20;

/** The ID matched several entries: the first line of the message, then the candidates. */
class AmbiguousError extends Error {
  constructor(
    message: string,
    readonly candidates: readonly VaultEntry[],
  ) {
    super(message);
  }
}

interface OpenVault {
  readonly vault: Vault;
  readonly warnings: readonly VaultWarning[];
  /** Wipes the vault and ends the server session (a no-op for the agent's vault, which outlives a call). */
  release(): Promise<void>;
  /** The agent's vault: `run` hands its variables here (for the caller to start the child) instead of starting it. */
  readonly handOff?: (variables: Record<string, string>) => void;
}

function credentialsOf(deps: CliDeps, args: ParsedArgs): ReturnType<typeof readCredentials> {
  return readCredentials(deps.env, configPathFor(args.config, deps.env), deps);
}

/** Logs in and reads the vault; for restricted keys, reads the attached secrets without a login. */
async function openVault(deps: CliDeps, args: ParsedArgs): Promise<OpenVault> {
  const credentials = credentialsOf(deps, args);
  const caFile = deps.env['PSONO_CA_FILE']?.trim();
  let caBundlePem: string | undefined;
  if (caFile) {
    try {
      caBundlePem = deps.readFile(caFile);
    } catch {
      wipeCredentials(credentials);
      throw new UsageError(`cannot read PSONO_CA_FILE (${caFile}).`);
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
    }, deps.keyMemory?.knowsUnrestricted(credentials) === true ? { restricted: false } : undefined);
    deps.keyMemory?.record(credentials, access.restricted);
    const warnings: VaultWarning[] = [];
    const onWarning = (warning: VaultWarning): void => {
      warnings.push(warning);
    };
    const vault = access.restricted
      ? await loadRestrictedVault(restrictedSource(access.api, access.inspection), { onWarning })
      : await loadVault(access.session, { onWarning });
    return { vault, warnings, release: async () => {
      vault.wipe();
      await close();
    } };
  } catch (error) {
    await close();
    throw error;
  } finally {
    wipeCredentials(credentials);
  }
}

/** The one entry an ID means (see find.ts), or NotFound / Ambiguous. */
export function findEntry(vault: Vault, reference: string): VaultEntry {
  const resolution = resolveEntry(vault.entries, reference);
  const shown = quoted(reference);
  if (resolution.kind === 'none') {
    throw new NotFoundError(`no entry matches ${shown} (ids, paths and titles are listed by "psono ls").`);
  }
  if (resolution.kind === 'ambiguous') {
    throw new AmbiguousError(`${shown} matches ${resolution.candidates.length} entries; use one of these ids:`, resolution.candidates);
  }
  return resolution.entry;
}

async function runVaultCommand(args: ParsedArgs, deps: CliDeps, held: OpenVault | null): Promise<number> {
  const { io } = deps;
  if (args.command === 'copy') {
    if (deps.clipboard === undefined) {
      throw new FailureError('no clipboard here.');
    }
    deps.clipboard.check();
  }
  const opened = held ?? (await openVault(deps, args));
  // `run` starts its child only after the session has ended.
  let child: { command: readonly string[]; variables: Record<string, string> } | null = null;
  try {
    const { vault } = opened;
    if (!args.flags.has('--quiet')) {
      warningLines(opened.warnings).forEach((line) => io.stderr(line));
    }
    const json = args.flags.has('--json');
    switch (args.command) {
      case 'ls':
        printEntries(io, vault.entries, json);
        break;
      case 'search': {
        const query = args.positional.join(' ');
        const results = search(buildSearchIndex(vault.entries), query, { limit: vault.entries.length });
        if (results.hits.length === 0) {
          throw new NotFoundError(`no entry matches the search ${quoted(query)}.`);
        }
        printEntries(io, results.hits.map((hit) => hit.entry), json);
        break;
      }
      case 'get':
        await commandGet(vault, findEntry(vault, args.positional[0]!), args, deps);
        break;
      case 'totp':
        await commandTotp(vault, findEntry(vault, args.positional[0]!), args, deps);
        break;
      case 'copy':
        await commandCopy(vault, findEntry(vault, args.positional[0]!), args, deps);
        break;
      case 'env':
        await commandEnv(vault, findEntry(vault, args.positional[0]!), args, deps);
        break;
      case 'run': {
        const entries = args.entries.length > 0 ? args.entries.map((reference) => findEntry(vault, reference)) : vault.entries.filter((entry) => entry.type === 'environment_variables');
        child = { command: args.rest, variables: await commandRun(vault, entries) };
        break;
      }
    }
  } finally {
    await opened.release();
  }
  if (child === null) {
    return EXIT_OK;
  }
  if (opened.handOff) {
    opened.handOff(child.variables);
    return EXIT_OK;
  }
  return runWithVariables(deps.spawn, deps.env, child.command, child.variables, io.stderr);
}

/** One line, no stack, no secret: PsonoError messages are written for users and built from safe parts. */
function describeError(error: unknown): string {
  if (error instanceof PsonoError || error instanceof UsageError || error instanceof NotFoundError || error instanceof AmbiguousError || error instanceof FailureError) {
    return error.message;
  }
  return `internal error (${error instanceof Error ? error.name : typeof error}); please report it.`;
}

function exitCodeOf(error: unknown, command: string | null): number {
  // Only the command line and the credentials the user gave are usage errors: malformed server data exits 1.
  if (error instanceof UsageError) {
    return EXIT_USAGE;
  }
  if (error instanceof NotFoundError || error instanceof AmbiguousError || (error instanceof PsonoError && error.kind === 'not-found' && command !== 'ls' && command !== 'search')) {
    return EXIT_NOT_FOUND;
  }
  return EXIT_FAILURE;
}

/** The agent's side of the CLI: the same credentials, login and commands as a direct call. */
function agentHost(deps: CliDeps): AgentHost {
  return {
    env: deps.env,
    io: deps.io,
    fingerprint: (args) => callFingerprint(deps.env, args.config, deps),
    open: async (args) => {
      const opened = await openVault(deps, args);
      return {
        run: (argv) => runOnHeldVault(argv, deps, { vault: opened.vault, warnings: opened.warnings, release: async () => {} }),
        close: () => opened.release(),
      } satisfies HeldVault;
    },
  };
}

/**
 * `copy` with a running agent: the value comes from the agent as `get --field` would print it, and
 * the clipboard is handled here. Null when no agent answers (the caller logs in itself).
 */
async function copyViaAgent(args: ParsedArgs, deps: CliDeps): Promise<number | null> {
  deps.clipboard?.check();
  const argv = ['get', args.positional[0]!, '--field', args.field ?? 'password', '-n', ...(args.flags.has('--quiet') ? ['-q'] : []), ...(args.config === null ? [] : ['--config', args.config])];
  let value = '';
  let stderr = '';
  const host: AgentHost = { ...agentHost(deps), io: { stdout: (text) => void (value += text), stderr: (text) => void (stderr += text) } };
  const exitCode = await viaAgent(argv, parseCommandLine(argv), host);
  deps.io.stderr(stderr);
  if (exitCode !== EXIT_OK) {
    return exitCode;
  }
  await commandCopyValue(value, args, deps);
  return EXIT_OK;
}

/** One command against the agent's vault, its output captured for the caller. */
async function runOnHeldVault(argv: readonly string[], deps: CliDeps, held: OpenVault): Promise<CommandResult> {
  let stdout = '';
  let stderr = '';
  let variables: Record<string, string> | undefined;
  const io: CliIo = { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text) };
  const exitCode = await runCli(argv, { ...deps, io }, { ...held, handOff: (handed) => void (variables = handed) });
  return variables === undefined ? { exitCode, stdout, stderr } : { exitCode, stdout, stderr, variables };
}

/** `held`: the agent's vault, for the commands it answers; otherwise the CLI logs in (a running agent is asked by front.ts). */
export async function runCli(argv: readonly string[], deps: CliDeps, held: OpenVault | null = null): Promise<number> {
  const { io } = deps;
  let args: ParsedArgs;
  try {
    args = parseCommandLine(argv);
  } catch (error) {
    io.stderr(`psono: ${describeError(error)}\n`);
    return EXIT_USAGE;
  }
  if (args.flags.has('--version') && args.command === null) {
    io.stdout(`psono ${deps.version}\n`);
    return EXIT_OK;
  }
  if (args.command === 'help') {
    io.stdout(`${helpFor(args.positional[0])}\n`);
    return EXIT_OK;
  }
  if (args.flags.has('--help') || args.command === null) {
    const text = `${helpFor(args.command)}\n`;
    if (args.command === null && !args.flags.has('--help')) {
      io.stderr(text);
      return EXIT_USAGE;
    }
    io.stdout(text);
    return EXIT_OK;
  }
  try {
    const command = checkUsage(args);
    if (held !== null && !AGENT_COMMANDS.has(args.command!)) {
      throw new UsageError(`the agent does not run ${args.command}.`);
    }
    if (args.command === 'agent' || args.command === 'lock') {
      return args.command === 'agent' ? await agentCommand(args, agentHost(deps)) : await lockCommand(agentHost(deps));
    }
    if (!command.vault) {
      io.stdout(completionScript(args.positional[0]!));
      return EXIT_OK;
    }
    if (args.command === 'copy' && held === null) {
      const viaAgent = await copyViaAgent(args, deps);
      if (viaAgent !== null) {
        return viaAgent;
      }
    }
    return await runVaultCommand(args, deps, held);
  } catch (error) {
    io.stderr(`psono: ${describeError(error).replace(/\s*\n\s*/g, ' ')}\n`);
    if (error instanceof AmbiguousError) {
      // Enough to pick from; a short prefix of a big vault would otherwise flood the terminal.
      io.stderr(entryRows(error.candidates.slice(0, MAX_CANDIDATES), '  '));
      if (error.candidates.length > MAX_CANDIDATES) {
        io.stderr(`  … and ${error.candidates.length - MAX_CANDIDATES} more\n`);
      }
    }
    return exitCodeOf(error, args.command);
  }
}
