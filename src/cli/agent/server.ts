/**
 * The agent's listening side: answers one JSON-line request per connection, one at a time, and locks
 * (the caller's `lock` callback wipes and logs out) on `lock`, after `idleTimeoutMs` without a
 * command, or on SIGTERM/SIGINT/SIGHUP. Resolves once it has locked and stopped listening.
 */
import { rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';

import { AgentRequest, MAX_LINE, type AgentReply } from './protocol';
import { prepareDir, restrictSocket, type AgentLocation } from './paths';

export interface CommandResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  /** `run`'s variables, for the caller to start its command with. */
  readonly variables?: Record<string, string>;
}

export interface AgentOptions {
  readonly location: AgentLocation;
  /** The fingerprint of the credentials the agent was started with (see credentialFingerprint). */
  readonly fingerprint: string;
  readonly idleTimeoutMs: number;
  /** Runs a command against the held vault; null if the agent does not answer that command. */
  readonly run: (argv: readonly string[]) => Promise<CommandResult | null>;
  /** Wipes what the agent holds and ends its server session. */
  readonly lock: () => Promise<void>;
  /** Called once the socket accepts connections. */
  readonly onListening: () => void;
  /** Aborting it locks the agent as `lock` does (the desktop's lock triggers, see lock-triggers.ts). */
  readonly lockSignal?: AbortSignal;
}

export function serveAgent(options: AgentOptions): Promise<void> {
  const { location } = options;
  prepareDir(location);
  return new Promise((resolve, reject) => {
    let queue: Promise<unknown> = Promise.resolve();
    let locking = false;
    let deadline = Date.now() + options.idleTimeoutMs;
    let idleTimer: NodeJS.Timeout | undefined;
    const server = createServer((socket) => {
      readLine(socket, (line) => {
        queue = queue.then(() => answer(line)).then((reply) => {
          socket.end(`${JSON.stringify(reply)}\n`);
          if (reply.kind === 'locked') {
            void finish();
          }
        }, () => socket.destroy());
      });
    });
    const armIdle = (): void => {
      clearTimeout(idleTimer);
      deadline = Date.now() + options.idleTimeoutMs;
      idleTimer = setTimeout(() => void lockNow().then(finish), options.idleTimeoutMs);
    };
    const lockNow = async (): Promise<void> => {
      if (!locking) {
        locking = true;
        clearTimeout(idleTimer);
        server.close();
        await options.lock();
      }
    };
    const signals = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;
    const onSignal = (): void => void lockNow().then(finish);
    const finish = async (): Promise<void> => {
      signals.forEach((signal) => process.off(signal, onSignal));
      options.lockSignal?.removeEventListener('abort', onSignal);
      rmSync(location.socket, { force: true });
      resolve();
    };
    const answer = async (line: string): Promise<AgentReply> => {
      let request: AgentRequest;
      try {
        request = AgentRequest.parse(JSON.parse(line));
      } catch {
        return { kind: 'refused', reason: 'bad-request' };
      }
      if (locking) {
        return { kind: 'refused', reason: 'unsupported' };
      }
      switch (request.op) {
        case 'status':
          return { kind: 'status', pid: process.pid, idleTimeoutSeconds: options.idleTimeoutMs / 1000, locksInSeconds: Math.max(0, Math.round((deadline - Date.now()) / 1000)) };
        case 'lock':
          await lockNow();
          return { kind: 'locked' };
        case 'command': {
          if (request.credentials !== options.fingerprint) {
            return { kind: 'refused', reason: 'credentials' };
          }
          armIdle();
          const result = await options.run(request.argv);
          if (result === null) {
            return { kind: 'refused', reason: 'unsupported' };
          }
          const { variables, ...output } = result;
          return variables === undefined ? { kind: 'result', ...output } : { kind: 'variables', variables, stderr: output.stderr };
        }
      }
    };
    server.once('error', (error) => {
      void options.lock().finally(() => reject(error));
    });
    // A socket left by an agent that died cannot be listened on; askAgent has found nobody behind it.
    rmSync(location.socket, { force: true });
    server.listen(location.socket, () => {
      restrictSocket(location);
      signals.forEach((signal) => process.on(signal, onSignal));
      if (options.lockSignal?.aborted) {
        onSignal();
        return;
      }
      options.lockSignal?.addEventListener('abort', onSignal, { once: true });
      armIdle();
      options.onListening();
    });
  });
}

/** Calls back with the first line the peer sends; drops peers that send too much or nothing. */
function readLine(socket: Socket, onLine: (line: string) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  socket.setTimeout(10_000, () => socket.destroy());
  socket.on('error', () => socket.destroy());
  socket.on('data', (chunk: Buffer) => {
    size += chunk.length;
    const end = chunk.indexOf(0x0a);
    if (size > MAX_LINE) {
      socket.destroy();
      return;
    }
    chunks.push(end === -1 ? chunk : chunk.subarray(0, end));
    if (end !== -1) {
      socket.removeAllListeners('data');
      socket.setTimeout(0);
      onLine(Buffer.concat(chunks).toString('utf8'));
    }
  });
}
