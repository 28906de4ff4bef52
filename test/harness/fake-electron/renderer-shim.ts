/**
 * Runs INSIDE the Chromium page, bundled together with the real preload (esbuild aliases
 * `electron` to this file). Stands in for Electron's renderer-side contextBridge and ipcRenderer.
 * Transport: the Playwright binding `__electronIpc`, which this file captures and hides.
 * Not real isolation: the preload and the page share one JavaScript world here.
 */
type Listener = (event: { sender: unknown }, ...args: unknown[]) => void;
interface IpcMessage {
  kind: 'invoke' | 'send';
  channel: string;
  args: unknown[];
}
const pageWindow = window as unknown as {
  __electronIpc?: (message: IpcMessage) => Promise<unknown>;
  __electronEmit?: (channel: string, args: unknown[]) => void;
};
const binding = pageWindow.__electronIpc;
if (!binding) {
  throw new Error('renderer-shim: the harness binding is missing');
}
const transport = binding.bind(window);
try {
  delete pageWindow.__electronIpc;
} catch {
  // Non-configurable in some builds; the page can still see it then (documented limitation).
}
const listeners = new Map<string, Set<Listener>>();

function assertCloneable(channel: string, args: unknown[]): void {
  // Electron serializes IPC arguments with the structured clone algorithm.
  try {
    structuredClone(args);
  } catch (error) {
    throw new Error(`Error invoking remote method '${channel}': ${(error as Error).message}`);
  }
}

interface ShimIpcRenderer {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  send(channel: string, ...args: unknown[]): void;
  on(channel: string, listener: Listener): ShimIpcRenderer;
  once(channel: string, listener: Listener): ShimIpcRenderer;
  removeListener(channel: string, listener: Listener): ShimIpcRenderer;
  off(channel: string, listener: Listener): ShimIpcRenderer;
  removeAllListeners(channel?: string): ShimIpcRenderer;
}

export const ipcRenderer: ShimIpcRenderer = {
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    assertCloneable(channel, args);
    return transport({ kind: 'invoke', channel, args });
  },
  send(channel: string, ...args: unknown[]): void {
    assertCloneable(channel, args);
    void transport({ kind: 'send', channel, args });
  },
  on(channel: string, listener: Listener): ShimIpcRenderer {
    let set = listeners.get(channel);
    if (!set) {
      set = new Set();
      listeners.set(channel, set);
    }
    set.add(listener);
    return ipcRenderer;
  },
  once(channel: string, listener: Listener): ShimIpcRenderer {
    const wrapped: Listener = (event, ...args) => {
      ipcRenderer.removeListener(channel, wrapped);
      listener(event, ...args);
    };
    return ipcRenderer.on(channel, wrapped);
  },
  removeListener(channel: string, listener: Listener): ShimIpcRenderer {
    listeners.get(channel)?.delete(listener);
    return ipcRenderer;
  },
  off(channel: string, listener: Listener): ShimIpcRenderer {
    return ipcRenderer.removeListener(channel, listener);
  },
  removeAllListeners(channel?: string): ShimIpcRenderer {
    if (channel) {
      listeners.delete(channel);
    } else {
      listeners.clear();
    }
    return ipcRenderer;
  },
};

Object.defineProperty(window, '__electronEmit', {
  value: (channel: string, args: unknown[]) => {
    for (const listener of [...(listeners.get(channel) ?? [])]) {
      listener({ sender: ipcRenderer }, ...args);
    }
  },
  enumerable: false,
});

function deepFreeze<T>(value: T): T {
  if (value && (typeof value === 'object' || typeof value === 'function')) {
    for (const inner of Object.values(value)) {
      deepFreeze(inner);
    }
    Object.freeze(value);
  }
  return value;
}

export const contextBridge = {
  exposeInMainWorld(apiKey: string, api: unknown): void {
    // Electron copies the object into the main world; the copy cannot be changed by the page.
    Object.defineProperty(window, apiKey, { value: deepFreeze(api), writable: false, configurable: false, enumerable: true });
  },
};

export default { ipcRenderer, contextBridge };
