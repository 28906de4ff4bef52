/** `psono agent start|status|serve` and `psono lock`, and the direct CLI's detour through a running agent. */
import type { ParsedArgs } from '../args';
import { FailureError, UsageError } from '../args';
import { askAgent, AgentUnsafeError } from './client';
import type { AgentReply } from './protocol';
import { agentLocation, checkSocket } from './paths';
import { AGENT_COMMANDS } from './answered';
import { serveAgent, type CommandResult } from './server';
import { startAgentProcess } from './start';
import { startLockTriggers, type LockTriggers } from './lock-triggers';

export const DEFAULT_IDLE_TIMEOUT_SECONDS = 15 * 60;

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

function idleTimeoutSeconds(args: ParsedArgs): number {
  if (args.idleTimeout === null) {
    return DEFAULT_IDLE_TIMEOUT_SECONDS;
  }
  const seconds = Number(args.idleTimeout);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 7 * 24 * 3600) {
    throw new UsageError('--idle-timeout takes whole seconds, from 1 to 604800.');
  }
  return seconds;
}

function minutes(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
}

export async function agentCommand(args: ParsedArgs, host: AgentHost): Promise<number> {
  const location = agentLocation(host.env);
  const action = args.positional[0];
  const running = await askAgent(location, { op: 'status' });
  if (action === 'status') {
    if (running?.kind !== 'status') {
      host.io.stdout('no agent is running\n');
      return 3;
    }
    host.io.stdout(`agent running (pid ${running.pid}); it locks in ${running.locksInSeconds} s without a call (idle timeout ${minutes(running.idleTimeoutSeconds)})\n`);
    return 0;
  }
  if (running !== null) {
    throw new FailureError(`an agent is already running${running.kind === 'status' ? ` (pid ${running.pid})` : ''}; "psono lock" ends it.`);
  }
  const timeout = idleTimeoutSeconds(args);
  if (action === 'start') {
    const serveArgs = [...(args.config === null ? [] : ['--config', args.config]), '--idle-timeout', String(timeout), ...(args.flags.has('--quiet') ? ['--quiet'] : [])];
    const started = await startAgentProcess(serveArgs, host.env);
    if ('exitCode' in started) {
      host.io.stderr(started.stderr);
      return started.exitCode;
    }
    if (!args.flags.has('--quiet')) {
      host.io.stderr(`psono: agent started (pid ${started.pid}); it locks after ${minutes(timeout)} without a call, or on "psono lock".\n`);
    }
    return 0;
  }
  // serve: log in first, so that a wrong key fails here, before anything listens.
  const fingerprint = host.fingerprint(args);
  const held = await host.open(args);
  let triggers: LockTriggers | null = null;
  try {
    triggers = await startLockTriggers();
  } catch {
    // No D-Bus client: the idle timeout and `psono lock` still apply.
  }
  try {
    await serveAgent({
      location,
      fingerprint,
      idleTimeoutMs: timeout * 1000,
      run: (argv) => held.run(argv),
      lock: () => held.close(),
      onListening: () => host.io.stdout('ready\n'),
      ...(triggers === null ? {} : { lockSignal: triggers.signal }),
    });
  } finally {
    triggers?.stop();
  }
  return 0;
}

export async function lockCommand(host: AgentHost): Promise<number> {
  const reply = await askAgent(agentLocation(host.env), { op: 'lock' });
  host.io.stderr(reply?.kind === 'locked' ? 'psono: agent locked and ended.\n' : 'psono: no agent is running.\n');
  return 0;
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
