/**
 * `run`'s child: started with the vault's variables in its environment (never on its command line),
 * by the direct CLI and by the executable's front end when the agent sent the variables.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

import { quoted } from './text';

/** How `run` ended its child: an exit status, or why it could not start. */
export type ChildResult = { readonly exitCode: number } | { readonly error: 'not-found' | 'not-executable' | 'failed' };

export type SpawnChild = (command: string, args: readonly string[], env: Readonly<Record<string, string>>) => Promise<ChildResult>;

const KEY_SECRET_VARIABLES: ReadonlySet<string> = new Set(['PSONO_API_KEY_PRIVATE_KEY', 'PSONO_API_KEY_SECRET_KEY', 'PSONO_CI_API_SECRET_KEY_HEX']);

/** Stdio passed through; Ctrl+C reaches the child from the terminal, other signals are forwarded. */
export function spawnChild(command: string, args: readonly string[], env: Readonly<Record<string, string>>): Promise<ChildResult> {
  return new Promise((resolveResult) => {
    const child = spawn(command, [...args], { stdio: 'inherit', env });
    // Ctrl+C and Ctrl+\ from the terminal reach the child itself (same process group): the CLI only
    // outlives them to report its status. SIGTERM and SIGHUP sent to the CLI alone are passed on.
    const ignore = (): void => {};
    const forward = (signal: NodeJS.Signals): void => {
      child.kill(signal);
    };
    const handlers = [['SIGINT', ignore], ['SIGQUIT', ignore], ['SIGTERM', forward], ['SIGHUP', forward]] as const;
    handlers.forEach(([signal, handler]) => process.on(signal, handler));
    const done = (result: ChildResult): void => {
      handlers.forEach(([signal, handler]) => process.off(signal, handler));
      resolveResult(result);
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      done({ error: error.code === 'ENOENT' ? 'not-found' : error.code === 'EACCES' ? 'not-executable' : 'failed' });
    });
    child.once('exit', (code, signal) => {
      done({ exitCode: code ?? 128 + (signal === null ? 0 : (constants.signals[signal] ?? 0)) });
    });
  });
}

/**
 * Runs the command with the CLI's environment minus the API key's secrets (the child needs the
 * vault's variables, not the key) plus `variables`; its exit status, or 127/126 with one line on stderr.
 */
export async function runWithVariables(
  spawnIt: SpawnChild,
  env: Readonly<Record<string, string | undefined>>,
  command: readonly string[],
  variables: Readonly<Record<string, string>>,
  stderr: (text: string) => void,
): Promise<number> {
  const inherited = Object.fromEntries(Object.entries(env).filter((pair): pair is [string, string] => pair[1] !== undefined && !KEY_SECRET_VARIABLES.has(pair[0])));
  const [name = '', ...args] = command;
  const result = await spawnIt(name, args, { ...inherited, ...variables });
  if ('exitCode' in result) {
    return result.exitCode;
  }
  const shown = quoted(name);
  stderr(`psono: ${result.error === 'not-found' ? `command ${shown} not found.` : result.error === 'not-executable' ? `command ${shown} is not executable.` : `command ${shown} could not be started.`}\n`);
  return result.error === 'not-found' ? 127 : 126;
}
