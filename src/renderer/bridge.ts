/**
 * The only place that reads the preload's global. Everything else receives the bridge as an
 * argument, so tests hand in a fake and no component reaches for `window` to talk to main.
 */
import type { BRIDGE_GLOBAL, BridgeApi } from '../shared/ipc/contract';

// A type-only import keeps zod (which contract.ts uses for schemas) out of the renderer bundle;
// the annotation still fails to compile if the contract renames the global.
const bridgeGlobal: typeof BRIDGE_GLOBAL = 'psonoTray';

export function getBridge(): BridgeApi | null {
  const candidate = (window as unknown as Record<string, unknown>)[bridgeGlobal];
  if (candidate === null || typeof candidate !== 'object' || typeof (candidate as { on?: unknown }).on !== 'function') {
    return null;
  }
  return candidate as BridgeApi;
}
