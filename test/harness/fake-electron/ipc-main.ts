/** The `ipcMain` double. invoke() from a page arrives here through the window's binding. */
import { EventEmitter } from 'node:events';
import type * as E from 'electron';

// Electron's own handler type uses `any[]` for the arguments; the double mirrors it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- mirrors electron.d.ts
type InvokeHandler = (event: E.IpcMainInvokeEvent, ...args: any[]) => unknown;

export class FakeIpcMain extends EventEmitter {
  readonly handlers = new Map<string, InvokeHandler>();

  handle(channel: string, listener: InvokeHandler): void {
    if (this.handlers.has(channel)) {
      // Electron's wording.
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    }
    this.handlers.set(channel, listener);
  }
  handleOnce(channel: string, listener: InvokeHandler): void {
    this.handle(channel, (event, ...args: unknown[]) => {
      this.removeHandler(channel);
      return listener(event, ...args);
    });
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /** Runs a handler like Electron does for ipcRenderer.invoke, with Electron's error wording. */
  async __invoke(channel: string, event: E.IpcMainInvokeEvent, args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) {
      throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
    }
    try {
      // Results cross a structured clone in Electron: functions and class prototypes are lost.
      return structuredClone(await handler(event, ...args));
    } catch (error) {
      throw new Error(`Error invoking remote method '${channel}': ${String(error)}`);
    }
  }

  __reset(): void {
    this.handlers.clear();
    this.removeAllListeners();
  }
}

export const ipcMain = new FakeIpcMain();
