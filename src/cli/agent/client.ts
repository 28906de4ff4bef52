/** The caller's side: one request over the agent's socket, one reply, or null when no agent answers. */
import { connect } from 'node:net';

import { AgentReply, MAX_LINE, PROTOCOL_VERSION, type AgentRequest } from './protocol';
import { checkSocket, type AgentLocation } from './paths';

type RequestBody = AgentRequest extends infer R ? (R extends AgentRequest ? Omit<R, 'v'> : never) : never;

export class AgentUnsafeError extends Error {}

/**
 * Null when there is no agent (no socket, or nobody listening on it: a stale one). Throws
 * AgentUnsafeError when the socket or its directory could belong to someone else.
 */
export async function askAgent(location: AgentLocation, body: RequestBody, timeoutMs = 30_000): Promise<AgentReply | null> {
  const problem = checkSocket(location);
  if (problem === 'absent') {
    return null;
  }
  if (problem !== null) {
    throw new AgentUnsafeError(`not using the agent: ${problem}`);
  }
  return new Promise((resolve, reject) => {
    const socket = connect(location.socket);
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (reply: AgentReply | null, error?: Error): void => {
      if (!settled) {
        settled = true;
        socket.destroy();
        if (error) {
          reject(error);
        } else {
          resolve(reply);
        }
      }
    };
    socket.setTimeout(timeoutMs, () => finish(null, new Error('the agent did not answer in time.')));
    socket.once('connect', () => socket.write(`${JSON.stringify({ v: PROTOCOL_VERSION, ...body })}\n`));
    socket.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_LINE) {
        finish(null, new Error('the agent sent an oversized reply.'));
        return;
      }
      const end = chunk.indexOf(0x0a);
      chunks.push(end === -1 ? chunk : chunk.subarray(0, end));
      if (end !== -1) {
        const reply = parseReply(Buffer.concat(chunks).toString('utf8'));
        finish(reply, reply === null ? new Error('the agent sent a reply this version does not understand.') : undefined);
      }
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      // Nobody listens (the agent ended without removing its socket): as if there were none.
      finish(null, error.code === 'ECONNREFUSED' || error.code === 'ENOENT' ? undefined : new Error(`cannot reach the agent (${error.code ?? 'error'}).`));
    });
    socket.once('end', () => finish(null, new Error('the agent closed the connection without a reply.')));
  });
}

function parseReply(line: string): AgentReply | null {
  try {
    const parsed = AgentReply.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
