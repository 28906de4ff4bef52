/** Small doubles: globalShortcut, powerMonitor, safeStorage, shell, Notification, nativeTheme, screen. */
import { EventEmitter } from 'node:events';

class FakeGlobalShortcut {
  readonly #registered = new Map<string, () => void>();
  /** Harness: accelerators another application holds; register() reports false for them. */
  readonly takenByOthers = new Set<string>();

  register(accelerator: string, callback: () => void): boolean {
    if (this.#registered.has(accelerator) || this.takenByOthers.has(accelerator)) {
      return false;
    }
    this.#registered.set(accelerator, callback);
    return true;
  }
  registerAll(accelerators: string[], callback: () => void): void {
    for (const accelerator of accelerators) {
      this.register(accelerator, callback);
    }
  }
  isRegistered(accelerator: string): boolean {
    return this.#registered.has(accelerator);
  }
  unregister(accelerator: string): void {
    this.#registered.delete(accelerator);
  }
  unregisterAll(): void {
    this.#registered.clear();
  }
  /** Harness: the user presses a global shortcut. */
  __press(accelerator: string): void {
    const callback = this.#registered.get(accelerator);
    if (!callback) {
      throw new Error(`global shortcut ${accelerator} is not registered (have: ${[...this.#registered.keys()].join(', ')})`);
    }
    callback();
  }
  __registered(): string[] {
    return [...this.#registered.keys()];
  }
  __reset(): void {
    this.#registered.clear();
    this.takenByOthers.clear();
  }
}
export const globalShortcut = new FakeGlobalShortcut();

class FakePowerMonitor extends EventEmitter {
  /** Harness: seconds the whole system has been idle. */
  idleSeconds = 0;
  onBatteryPower = false;
  getSystemIdleTime(): number {
    return this.idleSeconds;
  }
  getSystemIdleState(idleThreshold: number): 'active' | 'idle' | 'locked' | 'unknown' {
    return this.idleSeconds >= idleThreshold ? 'idle' : 'active';
  }
  isOnBatteryPower(): boolean {
    return this.onBatteryPower;
  }
  getCurrentThermalState(): 'unknown' | 'nominal' | 'fair' | 'serious' | 'critical' {
    return 'unknown';
  }
  __reset(): void {
    this.removeAllListeners();
    this.idleSeconds = 0;
    this.onBatteryPower = false;
  }
}
export const powerMonitor = new FakePowerMonitor();

const SAFE_MARKER = Buffer.from('FAKESAFE:');
/** NOT encryption: a reversible marker so tests can see what was "protected". */
class FakeSafeStorage {
  available = true;
  backend: 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown' = 'gnome_libsecret';
  async isAsyncEncryptionAvailable(): Promise<boolean> {
    return this.available;
  }
  async encryptStringAsync(plainText: string): Promise<Buffer> {
    if (!this.available) {
      throw new Error('Encryption is not available.');
    }
    return Buffer.concat([SAFE_MARKER, Buffer.from(plainText)]);
  }
  async decryptStringAsync(encrypted: Buffer): Promise<{ shouldReEncrypt: boolean; result: string }> {
    if (!encrypted.subarray(0, SAFE_MARKER.length).equals(SAFE_MARKER)) {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    }
    return { shouldReEncrypt: false, result: encrypted.subarray(SAFE_MARKER.length).toString() };
  }
  getSelectedStorageBackend(): 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown' {
    return this.backend;
  }
  __reset(): void {
    this.available = true;
    this.backend = 'gnome_libsecret';
  }
}
export const safeStorage = new FakeSafeStorage();

class FakeShell {
  /** Harness: every URL the app asked the OS to open. */
  readonly opened: string[] = [];
  async openExternal(url: string, _options?: { activate?: boolean }): Promise<void> {
    this.opened.push(url);
  }
  async openPath(_path: string): Promise<string> {
    return '';
  }
  beep(): void {}
  __reset(): void {
    this.opened.length = 0;
  }
}
export const shell = new FakeShell();

export class Notification extends EventEmitter {
  /** Harness: every notification shown, in order. */
  static shown: Array<{ title: string; body: string }> = [];
  static supported = true;
  readonly title: string;
  readonly body: string;
  readonly silent: boolean;
  constructor(options: { title?: string; body?: string; silent?: boolean } = {}) {
    super();
    this.title = options.title ?? '';
    this.body = options.body ?? '';
    this.silent = options.silent ?? false;
  }
  static isSupported(): boolean {
    return Notification.supported;
  }
  show(): void {
    Notification.shown.push({ title: this.title, body: this.body });
    this.emit('show');
  }
  close(): void {
    this.emit('close');
  }
}

class FakeNativeTheme extends EventEmitter {
  themeSource: 'system' | 'light' | 'dark' = 'system';
  /** Harness: what the OS prefers when themeSource is 'system'. */
  systemDark = false;
  get shouldUseDarkColors(): boolean {
    return this.themeSource === 'dark' || (this.themeSource === 'system' && this.systemDark);
  }
  __reset(): void {
    this.removeAllListeners();
    this.themeSource = 'system';
    this.systemDark = false;
  }
}
export const nativeTheme = new FakeNativeTheme();

const PRIMARY_DISPLAY = {
  id: 1,
  bounds: { x: 0, y: 0, width: 1920, height: 1080 },
  workArea: { x: 0, y: 0, width: 1920, height: 1040 },
  scaleFactor: 1,
};
export const screen = {
  getPrimaryDisplay: () => PRIMARY_DISPLAY,
  getCursorScreenPoint: () => ({ x: 960, y: 540 }),
  getDisplayNearestPoint: (_point: { x: number; y: number }) => PRIMARY_DISPLAY,
  getAllDisplays: () => [PRIMARY_DISPLAY],
};

export function resetMisc(): void {
  globalShortcut.__reset();
  powerMonitor.__reset();
  safeStorage.__reset();
  shell.__reset();
  nativeTheme.__reset();
  Notification.shown = [];
  Notification.supported = true;
}
