/**
 * Hooks every OS lock trigger to AutoLock in one call, and reports which ones this desktop
 * actually delivers (for the settings screen, user-expectations ask 6).
 *
 * - macOS/Windows: Electron's powerMonitor gives lock-screen, unlock-screen, suspend, resume.
 * - Linux: Electron gives suspend/resume only (through logind); screen lock comes from D-Bus
 *   (linux-dbus.ts). Without logind on a system bus, sleep is not reported either.
 */
import type { LockInput, TriggerAvailability } from '../../core/lock';
import { NO_LINUX_TRIGGERS, startLinuxLockListeners, type LinuxLockAvailability, type LinuxLockListenerOptions } from './linux-dbus';
import { electronReportsScreenLock, watchPowerMonitor, type PowerMonitorLike } from './power-monitor';

export interface LockTriggerReport extends TriggerAvailability {
  /** Linux detail (null elsewhere): which D-Bus sources answered. */
  readonly linux: LinuxLockAvailability | null;
}

/** What the triggers drive: AutoLock (narrowed so tests can pass a recorder). */
export interface LockInputSink {
  dispatch(input: LockInput): unknown;
  setTriggerAvailability(triggers: TriggerAvailability): void;
}

export interface StartLockTriggersOptions {
  readonly service: LockInputSink;
  readonly powerMonitor: PowerMonitorLike;
  readonly platform: NodeJS.Platform;
  /** Overrides for the D-Bus listeners (tests: buses); false disables them. */
  readonly linux?: Omit<LinuxLockListenerOptions, 'onSignal'> | false;
}

export interface LockTriggers {
  readonly report: LockTriggerReport;
  stop(): void;
}

export function triggerReport(platform: NodeJS.Platform, linux: LinuxLockAvailability | null): LockTriggerReport {
  if (platform !== 'linux') {
    return { osLock: electronReportsScreenLock(platform), sleep: true, linux: null };
  }
  const found = linux ?? NO_LINUX_TRIGGERS;
  return { osLock: found.screenSaver || found.login1Lock, sleep: found.login1Sleep, linux: found };
}

export async function startLockTriggers(options: StartLockTriggersOptions): Promise<LockTriggers> {
  const { service } = options;
  const stopPower = watchPowerMonitor(options.powerMonitor, (input) => void service.dispatch(input));
  let linuxAvailability: LinuxLockAvailability | null = null;
  let stopLinux = (): void => undefined;
  if (options.platform === 'linux' && options.linux !== false) {
    const listeners = await startLinuxLockListeners({
      ...(options.linux ?? {}),
      // The same suspend may arrive from Electron and from logind: the second lock is a no-op.
      onSignal: (signal) => void service.dispatch({ type: signal.type }),
    });
    linuxAvailability = listeners.availability;
    stopLinux = () => listeners.stop();
  }
  const report = triggerReport(options.platform, linuxAvailability);
  service.setTriggerAvailability({ osLock: report.osLock, sleep: report.sleep });
  return {
    report,
    stop() {
      stopPower();
      stopLinux();
    },
  };
}
