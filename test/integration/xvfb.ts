/** A private X server (Xvfb) for clipboard tests: its DISPLAY, and stop(). Null when Xvfb or xclip is missing. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

export interface Xvfb {
  readonly display: string;
  stop(): void;
}

export const HAS_XCLIP = spawnSync('sh', ['-c', 'command -v Xvfb && command -v xclip'], { stdio: 'ignore' }).status === 0;

export function startXvfb(): Promise<Xvfb> {
  return new Promise((resolve, reject) => {
    // -displayfd: Xvfb picks a free display and writes its number to fd 3 once it accepts clients.
    const server: ChildProcess = spawn('Xvfb', ['-displayfd', '3', '-nolisten', 'tcp', '-screen', '0', '640x480x24'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe'] });
    let number = '';
    server.stdio[3]!.on('data', (chunk: Buffer) => {
      number += chunk.toString('utf8');
      if (number.includes('\n')) {
        resolve({ display: `:${number.trim()}`, stop: () => void server.kill() });
      }
    });
    server.once('error', reject);
    server.once('exit', (code) => reject(new Error(`Xvfb exited (${code})`)));
  });
}

/** The X clipboard as xclip reads it (target UTF8_STRING, or TARGETS); null when nobody owns it. */
export function readClipboard(display: string, target = 'UTF8_STRING'): string | null {
  const read = spawnSync('xclip', ['-selection', 'clipboard', '-o', '-t', target], { env: { ...process.env, DISPLAY: display }, encoding: 'utf8', timeout: 10_000 });
  return read.status === 0 ? read.stdout : null;
}

/** Another program taking the clipboard. */
export function writeClipboard(display: string, text: string): void {
  // xclip forks to serve the value; with its output pipes left open, spawnSync would wait for that child.
  spawnSync('xclip', ['-selection', 'clipboard', '-t', 'UTF8_STRING'], { env: { ...process.env, DISPLAY: display }, input: text, stdio: ['pipe', 'ignore', 'ignore'], timeout: 10_000 });
}
