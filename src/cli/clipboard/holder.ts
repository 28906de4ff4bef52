/**
 * The detached process that keeps `psono copy`'s promise to clear the clipboard: started by the
 * CLI as `psono __clipboard-hold SECONDS`, it reads the value from stdin, puts it on the clipboard,
 * says "ready" on stdout and then writes nothing more anywhere. It ends when the clipboard changes
 * (with an owner tool the tool exits at once; otherwise it is read back every second), or after
 * SECONDS, clearing the clipboard then only if it still holds the value.
 */
import { spawn } from 'node:child_process';
import { createHash, timingSafeEqual } from 'node:crypto';

import { clipboardTool, type Argv, type ClipboardTool } from './tools';

export const HOLD_COMMAND = '__clipboard-hold';

const digest = (text: string | Buffer): Buffer => createHash('sha256').update(text).digest();

/** Runs a tool to its end: its stdout (for reads), or null if it failed. */
function runTool(argv: Argv, input: string | null): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: [input === null ? 'ignore' : 'pipe', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.once('error', () => resolve(null));
    child.once('close', (code) => resolve(code === 0 ? Buffer.concat(chunks) : null));
    child.stdin?.end(input ?? undefined);
  });
}

/** Whether the clipboard reads back as the value (compared by digest, in constant time). */
async function holds(tool: ClipboardTool, expected: Buffer): Promise<boolean> {
  const current = await runTool(tool.read, null);
  return current !== null && timingSafeEqual(digest(current), expected);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The owner tool in the foreground: resolves with it once it serves the value, or null. */
async function startOwner(tool: Extract<ClipboardTool, { kind: 'owner' }>, value: string, expected: Buffer): Promise<ReturnType<typeof spawn> | null> {
  const child = spawn(tool.foreground[0], tool.foreground.slice(1), { stdio: ['pipe', 'ignore', 'pipe'] });
  const exited = new Promise<null>((resolve) => {
    child.once('error', () => resolve(null));
    child.once('exit', () => resolve(null));
  });
  child.stdin!.end(value);
  const readyLine = tool.readyLine;
  const ready = readyLine
    ? new Promise<ReturnType<typeof spawn>>((resolve) => {
        let seen = '';
        child.stderr!.on('data', (chunk: Buffer) => {
          seen = (seen + chunk.toString('utf8')).slice(-4096);
          if (seen.includes(readyLine)) {
            resolve(child);
          }
        });
      })
    : (async () => {
        child.stderr!.resume();
        for (let i = 0; i < 50; i++) {
          if (await holds(tool, expected)) {
            return child;
          }
          await sleep(100);
        }
        child.kill();
        return null;
      })();
  return Promise.race([ready, exited]);
}

export async function holdClipboard(seconds: number, env: Readonly<Record<string, string | undefined>>): Promise<number> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
  }
  const value = Buffer.concat(chunks).toString('utf8');
  const expected = digest(value);
  const tool = clipboardTool(env);
  const say = (line: string): void => void process.stdout.write(`${line}\n`);
  if (tool.kind === 'owner') {
    const child = await startOwner(tool, value, expected);
    if (child === null) {
      say('failed');
      return 1;
    }
    say('ready');
    // Another program took the clipboard: the tool exits, and so does the holder, at once.
    const timer = setTimeout(() => child.kill('SIGTERM'), seconds * 1000);
    const end = (): void => void child.kill('SIGTERM');
    (['SIGTERM', 'SIGINT', 'SIGHUP'] as const).forEach((signal) => process.on(signal, end));
    await new Promise((resolve) => child.once('exit', resolve));
    clearTimeout(timer);
    return 0;
  }
  if ((await runTool(tool.set, value)) === null) {
    say('failed');
    return 1;
  }
  say('ready');
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    await sleep(Math.min(1000, Math.max(0, deadline - Date.now())));
    if (!(await holds(tool, expected))) {
      return 0;
    }
  }
  await runTool(tool.clear, null);
  return 0;
}
