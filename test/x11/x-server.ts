/**
 * A private X server (Xvfb on a free display, chosen by Xvfb itself through -displayfd) and xev
 * windows that record the key events they receive, for the auto-type tests on real X11.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';

import { findExecutable } from '../../src/main/autotype/key-typer';

const TOOLS = ['Xvfb', 'xdotool', 'xev', 'xprop'] as const;

/** Why the X11 tests cannot run here, or false (CI installs them: scripts/install-test-deps.sh). */
export function missingX11Tools(): string | false {
  const missing = TOOLS.filter((tool) => findExecutable(tool, process.env['PATH']) === null);
  return missing.length === 0 ? false : `needs ${missing.join(', ')} (bash scripts/install-test-deps.sh installs them)`;
}

export interface XServer {
  readonly display: string;
  run(command: string, args: readonly string[]): Promise<string>;
  close(): Promise<void>;
}

export async function startXServer(): Promise<XServer> {
  const server = spawn('Xvfb', ['-displayfd', '1', '-screen', '0', '640x480x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'pipe', 'ignore'] });
  let output = '';
  server.stdout.setEncoding('utf8');
  const number = await new Promise<string>((resolve, reject) => {
    server.stdout.on('data', (chunk: string) => {
      output += chunk;
      if (output.includes('\n')) {
        resolve(output.trim());
      }
    });
    server.once('exit', (code) => reject(new Error(`Xvfb exited (${String(code)}) before it opened a display`)));
  });
  const display = `:${number}`;
  const run = (command: string, args: readonly string[]): Promise<string> =>
    new Promise((resolve, reject) => {
      execFile(command, args, { env: { PATH: process.env['PATH'], DISPLAY: display }, timeout: 10_000 }, (error, stdout) =>
        error ? reject(error) : resolve(stdout));
    });
  return {
    display,
    run,
    close: async () => {
      if (server.exitCode === null) {
        server.kill('SIGTERM');
        await once(server, 'exit');
      }
    },
  };
}

/** One xev window: a real X client printing every key event it gets. */
export class Recorder {
  #output = '';
  private constructor(
    readonly name: string,
    readonly window: string,
    readonly process: ChildProcess,
  ) {}

  static async open(x: XServer, name: string): Promise<Recorder> {
    const child = spawn('xev', ['-name', name, '-event', 'keyboard'], {
      env: { PATH: process.env['PATH'], DISPLAY: x.display, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let window = '';
    for (let attempt = 0; attempt < 100 && window === ''; attempt += 1) {
      window = (await x.run('xdotool', ['search', '--name', `^${name}$`]).catch(() => '')).trim().split('\n')[0] ?? '';
      if (window === '') {
        await sleep(50);
      }
    }
    if (window === '') {
      child.kill();
      throw new Error(`the xev window ${name} did not appear`);
    }
    const recorder = new Recorder(name, window, child);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (recorder.#output += chunk));
    return recorder;
  }

  /**
   * The text of every key press so far, read from the keysym each event carries (locale-free):
   * Unicode keysyms (0x01000000 + code point), Latin-1 keysyms, Tab as \t and Return as \r;
   * modifier keys add nothing.
   */
  typed(): string {
    let text = '';
    for (const block of this.#output.split(/\n(?=\S)/)) {
      const keysym = block.startsWith('KeyPress event') ? /\(keysym 0x([0-9a-f]+),/.exec(block)?.[1] : undefined;
      text += keysym === undefined ? '' : keysymText(parseInt(keysym, 16));
    }
    return text;
  }

  /** Waits until `text` arrived (xev writes each event as it comes) or `ms` passed. */
  async waitFor(text: string, ms = 5_000): Promise<string> {
    for (let waited = 0; waited < ms && this.typed() !== text; waited += 50) {
      await sleep(50);
    }
    return this.typed();
  }

  /** Forgets what was recorded so far. */
  clear(): void {
    this.#output = '';
  }

  close(): void {
    this.process.kill();
  }
}

const KEYSYM_TEXT: Readonly<Record<number, string>> = { 0xff09: '\t', 0xff0d: '\r' };

function keysymText(keysym: number): string {
  if (keysym >= 0x01000000) {
    return String.fromCodePoint(keysym - 0x01000000);
  }
  if ((keysym >= 0x20 && keysym <= 0x7e) || (keysym >= 0xa0 && keysym <= 0xff)) {
    return String.fromCodePoint(keysym);
  }
  return KEYSYM_TEXT[keysym] ?? '';
}
