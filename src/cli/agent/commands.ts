/** `psono agent start|status|serve` and `psono lock` (the detour of other calls through a running agent is via.ts). */
import type { ParsedArgs } from '../args';
import { FailureError, UsageError } from '../args';
import { askAgent } from './client';
import { agentLocation } from './paths';
import { serveAgent } from './server';
import type { AgentHost } from './via';
import { startAgentProcess } from './start';
import { startLockTriggers, type LockTriggers } from './lock-triggers';

export const DEFAULT_IDLE_TIMEOUT_SECONDS = 15 * 60;

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
