/**
 * The direct CLI's detour through a running agent, and what the agent needs from the CLI. Kept
 * apart from commands.ts so the executable's front end (front.ts) loads none of the agent's own code.
 */
import type { ParsedArgs } from '../args';
import { AGENT_COMMANDS } from './answered';
import { askAgent, AgentUnsafeError } from './client';
import { agentLocation, checkSocket } from './paths';
import type { AgentReply } from './protocol';
import type { CommandResult } from './server';

type Env = Readonly<Record<string, string | undefined>>;

interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** What the agent needs from the direct CLI: the same login, vault and command code. */
export interface AgentHost {
  readonly env: Env;
  readonly io: Io;
  /** The caller's credential fingerprint (reads the credentials and wipes them again). */
  fingerprint(args: ParsedArgs): string;
  /** Logs in and reads the vault; the returned handle runs commands on it until it is closed. */
  open(args: ParsedArgs): Promise<HeldVault>;
  /** Starts `run`'s command with the variables the agent sent; its exit status. */
  runCommand?(command: readonly string[], variables: Readonly<Record<string, string>>): Promise<number>;
}

export interface HeldVault {
  run(argv: readonly string[]): Promise<CommandResult>;
  /** Wipes the vault and ends the server session. */
  close(): Promise<void>;
}

/**
 * A vault command through a running agent: its exit status, or null to run it directly (no agent,
 * another key's agent, or a command the agent does not answer).
 */
export async function viaAgent(argv: readonly string[], args: ParsedArgs, host: AgentHost): Promise<number | null> {
  if (args.command === null || !AGENT_COMMANDS.has(args.command)) {
    return null;
  }
  const location = agentLocation(host.env);
  const quiet = args.flags.has('--quiet');
  let credentials: string;
  try {
    // No agent socket, no credential reading: the common case costs one lstat.
    if (checkSocket(location) === 'absent') {
      return null;
    }
    credentials = host.fingerprint(args);
  } catch {
    // Unreadable credentials or socket folder: the direct call reports it.
    return null;
  }
  let reply: AgentReply | null;
  try {
    reply = await askAgent(location, { op: 'command', credentials, argv: [...argv] });
  } catch (error) {
    if (!quiet) {
      host.io.stderr(`psono: warning: ${error instanceof AgentUnsafeError ? error.message : 'the agent did not answer'}; logging in directly.\n`);
    }
    return null;
  }
  if (reply?.kind === 'result') {
    host.io.stderr(reply.stderr);
    host.io.stdout(reply.stdout);
    return reply.exitCode;
  }
  // Outside the try: once the command has started, nothing may fall back to running it again.
  if (reply?.kind === 'variables' && host.runCommand) {
    host.io.stderr(reply.stderr);
    return host.runCommand(args.rest, reply.variables);
  }
  if (reply?.kind === 'refused' && reply.reason === 'credentials' && !quiet) {
    host.io.stderr('psono: warning: the running agent holds another API key; logging in directly.\n');
  }
  return null;
}
