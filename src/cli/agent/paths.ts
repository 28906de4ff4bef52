/**
 * Where the agent listens: a socket in a directory only the user can open. On Unix the directory is
 * `$XDG_RUNTIME_DIR/psono` (else `<tmpdir>/psono-<uid>`), mode 0700 and owned by the user, and the
 * socket is 0600; both are checked before use, so another user cannot plant an agent. On Windows it
 * is a named pipe named after the user; Node cannot set a pipe's ACL, so it gets Windows' default
 * (the creator, SYSTEM and administrators), which is not limited to the user alone.
 */
import { chmodSync, lstatSync, mkdirSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export interface AgentLocation {
  /** The directory to create and check (null on Windows). */
  readonly dir: string | null;
  readonly socket: string;
}

export function agentLocation(env: Readonly<Record<string, string | undefined>>): AgentLocation {
  if (process.platform === 'win32') {
    return { dir: null, socket: `\\\\.\\pipe\\psono-agent-${userInfo().username.replace(/[^A-Za-z0-9_.-]/g, '_')}` };
  }
  const runtime = env['XDG_RUNTIME_DIR']?.trim();
  const dir = runtime ? join(runtime, 'psono') : join(tmpdir(), `psono-${process.getuid?.() ?? 0}`);
  return { dir, socket: join(dir, 'agent.sock') };
}

/** Why a path must not be trusted, or null: it must be ours, of the given kind, and closed to others. */
function untrusted(path: string, kind: 'dir' | 'socket'): string | null {
  const stat = lstatSync(path);
  if (kind === 'dir' ? !stat.isDirectory() : !stat.isSocket()) {
    return `${path} is not a ${kind === 'dir' ? 'directory' : 'socket'}`;
  }
  if (stat.uid !== process.getuid?.()) {
    return `${path} belongs to another user`;
  }
  if ((stat.mode & 0o077) !== 0) {
    return `${path} is open to other users (mode ${(stat.mode & 0o777).toString(8)})`;
  }
  return null;
}

/** For a caller: null if the socket may be used, else why not (absent counts as "no agent", not as an error). */
export function checkSocket(location: AgentLocation): 'absent' | string | null {
  if (location.dir === null) {
    return null;
  }
  try {
    return untrusted(location.dir, 'dir') ?? untrusted(location.socket, 'socket');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return 'absent';
    }
    throw error;
  }
}

/** For the agent: creates the directory 0700 if needed; throws if it exists but is not safe. */
export function prepareDir(location: AgentLocation): void {
  if (location.dir === null) {
    return;
  }
  mkdirSync(location.dir, { recursive: true, mode: 0o700 });
  const problem = untrusted(location.dir, 'dir');
  if (problem !== null) {
    throw new Error(problem);
  }
}

export function restrictSocket(location: AgentLocation): void {
  if (location.dir !== null) {
    chmodSync(location.socket, 0o600);
  }
}
