/** The dev server in a child process (bench/server-process.ts), seeded with the bench vault. */
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { DevServerApiKey } from '../devserver/index';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** Which vault and how the server serves it (devserver options of the same names). */
export interface ServerShape {
  /** `bench` (default): benchSeed with 100 shares; `cold-cli`: coldCliSeed. */
  readonly vault?: 'bench' | 'cold-cli';
  readonly serial?: boolean;
  readonly requestMs?: number;
  readonly byteUs?: number;
}

export interface ServerHandle {
  readonly key: DevServerApiKey;
  readonly startMs: number;
  cpuMs(): Promise<{ cpuMs: number; requests: number }>;
  /** Every answer is delayed this long from now on (0 = loopback speed). */
  setLatency(ms: number): Promise<void>;
  close(): Promise<void>;
}

export async function startServer(items: number, shape: ServerShape = {}): Promise<ServerHandle> {
  const child = fork(path.join(HERE, 'server-process.ts'), [String(items), '100', JSON.stringify(shape)], { execArgv: ['--import', 'tsx', ...(process.env.BENCH_SERVER_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_SERVER_PROF}`] : [])], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  type Message = { type: 'ready'; url: string; key: DevServerApiKey; startMs: number } | { type: 'cpu'; cpuMs: number; requests: number } | { type: 'latency'; ms: number };
  const next = <T extends Message['type']>(type: T): Promise<Extract<Message, { type: T }>> =>
    new Promise((resolve, reject) => {
      const onMessage = (message: Message): void => {
        if (message.type === type) {
          child.off('message', onMessage);
          child.off('exit', onExit);
          resolve(message as Extract<Message, { type: T }>);
        }
      };
      const onExit = (code: number | null): void => reject(new Error(`bench: the dev server process exited (${code})`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const ready = await next('ready');
  return {
    key: ready.key,
    startMs: ready.startMs,
    async cpuMs() {
      const answer = next('cpu');
      child.send({ type: 'cpu' });
      const { cpuMs, requests } = await answer;
      return { cpuMs, requests };
    },
    async setLatency(ms: number) {
      const answer = next('latency');
      child.send({ type: 'latency', ms });
      await answer;
    },
    close: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.send({ type: 'close' });
      }),
  };
}

