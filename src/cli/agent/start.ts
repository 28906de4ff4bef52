/**
 * `psono agent start`: runs `psono agent serve` as a detached process with the caller's environment,
 * waits until it has logged in and listens (it prints "ready"), and leaves it running. Until then its
 * errors come back on its stderr; afterwards it writes nothing anywhere.
 */
import { spawn } from 'node:child_process';

export type StartResult = { readonly pid: number } | { readonly exitCode: number; readonly stderr: string };

export function startAgentProcess(serveArgs: readonly string[], env: Readonly<Record<string, string | undefined>>): Promise<StartResult> {
  return new Promise((resolve) => {
    const script = process.argv[1] ?? '';
    const child = spawn(process.execPath, [script, 'agent', 'serve', ...serveArgs], { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...env } });
    let stdout = '';
    let stderr = '';
    let done = false;
    const settle = (result: StartResult): void => {
      if (!done) {
        done = true;
        child.stdout.destroy();
        child.stderr.destroy();
        child.unref();
        resolve(result);
      }
    };
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (stdout.includes('ready\n')) {
        settle({ pid: child.pid ?? 0 });
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.once('error', () => settle({ exitCode: 1, stderr: 'psono: the agent could not be started.\n' }));
    child.once('close', (code) => settle({ exitCode: code === null || code === 0 ? 1 : code, stderr: stderr || 'psono: the agent ended before it was ready.\n' }));
  });
}
