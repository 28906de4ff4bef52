/**
 * Hooks every OS lock event source to AutoLock in one call, and reports which triggers this
 * desktop delivers: Electron's powerMonitor everywhere, and on Linux the D-Bus listeners
 * (src/platform/linux-lock-dbus.ts) for screen lock and logind's sleep.
 */
import { deliveredTriggers, type DeliveredTriggers, type LinuxLockAvailability } from '../../core/lock';
import type { OsLockEvent } from './auto-lock';
import { startLinuxLockListeners, type LinuxLockListenerOptions } from '../../platform/linux-lock-dbus';
import { watchPowerMonitor, type PowerMonitorLike } from './power-monitor';

export interface StartLockTriggersOptions {
  /** What the events drive: AutoLock (narrowed so tests can pass a recorder). */
  readonly service: { dispatch(event: OsLockEvent): unknown };
  readonly powerMonitor: PowerMonitorLike;
  readonly platform: NodeJS.Platform;
  /** Overrides for the D-Bus listeners (tests: buses); false disables them. */
  readonly linux?: Omit<LinuxLockListenerOptions, 'onSignal'> | false;
}

export interface LockTriggers {
  readonly report: DeliveredTriggers;
  stop(): void;
}

export async function startLockTriggers(options: StartLockTriggersOptions): Promise<LockTriggers> {
  const { service } = options;
  const stopPower = watchPowerMonitor(options.powerMonitor, (event) => void service.dispatch(event));
  let linux: LinuxLockAvailability | null = null;
  let stopLinux = (): void => undefined;
  if (options.platform === 'linux' && options.linux !== false) {
    const listeners = await startLinuxLockListeners({
      ...(options.linux ?? {}),
      // The same suspend may arrive from Electron and from logind: the second lock is a no-op.
      onSignal: (signal) => void service.dispatch({ type: signal.type }),
    });
    linux = listeners.availability;
    stopLinux = () => listeners.stop();
  }
  return {
    report: deliveredTriggers(options.platform, linux),
    stop() {
      stopPower();
      stopLinux();
    },
  };
}
