/**
 * The search window's preload: a phone book, not a program. It builds `window.psonoTray` from the
 * channel list in src/shared — one function per request channel, one `on` for push events that
 * returns its unsubscribe — and never hands the page ipcRenderer or the Electron event object.
 */
import { contextBridge, ipcRenderer } from 'electron';

import { BRIDGE_GLOBAL, bridgeMethodName, eventChannels, requestChannels } from '../shared/ipc/channels';
import type { BridgeApi, EventChannel, EventPayloads } from '../shared/ipc/contract';

const knownEvents: ReadonlySet<string> = new Set(eventChannels);

function buildBridge(): BridgeApi {
  const api: Record<string, unknown> = {};
  for (const channel of requestChannels) {
    // Exactly one argument crosses; anything extra the page passes is dropped here.
    api[bridgeMethodName(channel)] = (arg?: unknown) => ipcRenderer.invoke(channel, arg);
  }
  api['on'] = <E extends EventChannel>(event: E, listener: (payload: EventPayloads[E]) => void): (() => void) => {
    if (!knownEvents.has(event)) {
      throw new Error(`unknown event '${String(event)}'`);
    }
    if (typeof listener !== 'function') {
      throw new TypeError('listener must be a function');
    }
    const forward = (_event: unknown, payload: EventPayloads[E]): void => listener(payload);
    ipcRenderer.on(event, forward);
    return () => {
      ipcRenderer.removeListener(event, forward);
    };
  };
  return api as BridgeApi;
}

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, buildBridge());
