/**
 * `psono copy`'s clipboard side. With a clear delay the value goes to a detached `psono` process
 * (holder.ts) over its stdin; it owns the clipboard until the delay is over or the clipboard
 * changes, and clears it only if it still holds the value. With --clear 0 the tool itself keeps
 * the value (xclip and wl-copy fork into the background; macOS and Windows keep it themselves).
 */
import { spawn } from 'node:child_process';

import { HOLD_COMMAND } from './holder';
import { clipboardTool, type Argv } from './tools';

export interface CopyResult {
  /** Whether the tool offers the history-exclusion hint (see tools.ts). */
  readonly hint: boolean;
  readonly tool: string;
}

type Env = Readonly<Record<string, string | undefined>>;

export class CopyFailedError extends Error {}

/** Runs the tool with the value on stdin until it exits (a daemonizing tool's parent exits once it serves). */
function putOnce(argv: Argv, value: string, env: Env): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: ['pipe', 'ignore', 'ignore'], env: { ...env } });
    child.once('error', () => resolve(false));
    child.once('exit', (code) => resolve(code === 0));
    child.stdin.end(value);
  });
}

/** Starts the holder and waits for its "ready"; it then runs on alone. */
function startHolder(seconds: number, value: string, env: Env): Promise<boolean> {
  return new Promise((resolve) => {
    const script = process.argv[1] ?? '';
    // Its stderr goes nowhere: the holder has nothing to say that is not already on stdout.
    const child = spawn(process.execPath, [script, HOLD_COMMAND, String(seconds)], { detached: true, stdio: ['pipe', 'pipe', 'ignore'], env: { ...env } });
    let said = '';
    let done = false;
    // A tool that neither serves nor fails (a display that does not answer) must not hang the CLI.
    const timer = setTimeout(() => {
      child.kill();
      settle(false);
    }, 15_000);
    const settle = (ok: boolean): void => {
      if (!done) {
        done = true;
        clearTimeout(timer);
        child.stdout.destroy();
        child.unref();
        resolve(ok);
      }
    };
    child.stdout.on('data', (chunk: Buffer) => {
      said += chunk.toString('utf8');
      if (said.includes('\n')) {
        settle(said.startsWith('ready\n'));
      }
    });
    child.once('error', () => settle(false));
    child.once('exit', () => settle(false));
    child.stdin.end(value);
  });
}

export async function copyToClipboard(value: string, clearSeconds: number, env: Env): Promise<CopyResult> {
  const tool = clipboardTool(env);
  const ok =
    clearSeconds > 0 ? await startHolder(clearSeconds, value, env) : tool.kind === 'owner' ? await putOnce(tool.daemon, value, env) : await putOnce(tool.set, value, env);
  if (!ok) {
    throw new CopyFailedError(`${tool.name} could not put the value on the clipboard.`);
  }
  return { hint: tool.hint, tool: tool.name };
}
