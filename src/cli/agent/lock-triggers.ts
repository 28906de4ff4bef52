/**
 * The desktop's lock triggers for the agent: on Linux the same D-Bus signals the app locks on
 * (screensaver ActiveChanged(true), logind Session.Lock and PrepareForSleep(true), see
 * src/platform/linux-lock-dbus.ts). Elsewhere Node has no such events, so the agent there locks
 * only after its idle timeout or on `psono lock`.
 */
export interface LockTriggers {
  /** Aborted when the desktop locks or goes to sleep. */
  readonly signal: AbortSignal;
  stop(): void;
}

export async function startLockTriggers(): Promise<LockTriggers> {
  const controller = new AbortController();
  if (process.platform !== 'linux') {
    return { signal: controller.signal, stop: () => {} };
  }
  // Loaded only by the agent: no other CLI call pays for the D-Bus client.
  const { startLinuxLockListeners } = await import('../../platform/linux-lock-dbus');
  const listeners = await startLinuxLockListeners({
    onSignal: (event) => {
      if (event.type === 'os-lock' || event.type === 'suspend') {
        controller.abort();
      }
    },
  });
  return { signal: controller.signal, stop: () => listeners.stop() };
}
