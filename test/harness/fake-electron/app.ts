/** The `app` double: readiness, single-instance lock, quit sequence, paths, command line. */
import { EventEmitter } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(fileURLToPath(new URL('../../..', import.meta.url)));

/** An Electron-style event object whose default action a listener may cancel. */
export interface CancellableEvent {
  readonly defaultPrevented: boolean;
  preventDefault(): void;
}

export function cancellableEvent(extra: Record<string, unknown> = {}): CancellableEvent {
  let prevented = false;
  // defineProperty, not Object.assign: assign would copy the getter's value once.
  return Object.defineProperties(extra, {
    defaultPrevented: { get: () => prevented, enumerable: true },
    preventDefault: {
      value: () => {
        prevented = true;
      },
      enumerable: true,
    },
  }) as unknown as CancellableEvent;
}

class FakeCommandLine {
  readonly switches = new Map<string, string>();
  readonly appended: string[] = [];
  appendSwitch(the_switch: string, value?: string): void {
    this.switches.set(the_switch, value ?? '');
    this.appended.push(value === undefined ? the_switch : `${the_switch}=${value}`);
  }
  appendArgument(value: string): void {
    this.appended.push(value);
  }
  hasSwitch(the_switch: string): boolean {
    return this.switches.has(the_switch);
  }
  getSwitchValue(the_switch: string): string {
    return this.switches.get(the_switch) ?? '';
  }
  removeSwitch(the_switch: string): void {
    this.switches.delete(the_switch);
  }
}

export class FakeApp extends EventEmitter {
  name = 'psono-tray';
  isPackaged = false;
  commandLine = new FakeCommandLine();
  /** Harness: false makes requestSingleInstanceLock() report another running instance. */
  singleInstanceLockAvailable = true;
  #holdsLock = false;
  quitCount = 0;
  /** How often app.hide() ran (macOS: hides the app so focus returns to the previous one). */
  hideCount = 0;
  exitCode: number | null = null;
  readonly paths = new Map<string, string>();
  #ready = false;
  #readyPromise!: Promise<void>;
  #resolveReady!: () => void;
  #quitPromise!: Promise<void>;
  #resolveQuit!: () => void;
  #quitting = false;

  constructor() {
    super();
    this.__reset();
  }

  /** Harness: back to a fresh, not-yet-ready app. */
  __reset(): void {
    this.removeAllListeners();
    this.name = 'psono-tray';
    this.isPackaged = false;
    this.commandLine = new FakeCommandLine();
    this.singleInstanceLockAvailable = true;
    this.#holdsLock = false;
    this.quitCount = 0;
    this.hideCount = 0;
    this.exitCode = null;
    this.paths.clear();
    this.#ready = false;
    this.#quitting = false;
    this.#readyPromise = new Promise((resolve) => (this.#resolveReady = resolve));
    this.#quitPromise = new Promise((resolve) => (this.#resolveQuit = resolve));
  }

  whenReady(): Promise<void> {
    return this.#readyPromise;
  }
  isReady(): boolean {
    return this.#ready;
  }
  /** Harness: Electron finished starting. */
  __emitReady(): void {
    this.#ready = true;
    this.emit('ready', cancellableEvent(), {});
    this.#resolveReady();
  }

  getPath(name: string): string {
    const set = this.paths.get(name);
    if (set) {
      return set;
    }
    if (name === 'userData') {
      return path.join(tmpdir(), 'psono-tray-fake-userdata');
    }
    return tmpdir();
  }
  setPath(name: string, value: string): void {
    this.paths.set(name, value);
  }
  getAppPath(): string {
    return REPO_ROOT;
  }
  getName(): string {
    return this.name;
  }
  getVersion(): string {
    return '0.1.0';
  }
  getLocale(): string {
    return 'en-US';
  }
  setAppUserModelId(_id: string): void {}

  requestSingleInstanceLock(_additionalData?: Record<string, unknown>): boolean {
    this.#holdsLock = this.singleInstanceLockAvailable;
    return this.#holdsLock;
  }
  hasSingleInstanceLock(): boolean {
    return this.#holdsLock;
  }
  releaseSingleInstanceLock(): void {
    this.#holdsLock = false;
  }
  /** Harness: a second launch forwarded its command line to us. */
  __secondInstance(argv: readonly string[], workingDirectory = process.cwd()): void {
    this.emit('second-instance', cancellableEvent(), [...argv], workingDirectory, {});
  }

  hide(): void {
    this.hideCount++;
  }

  /**
   * Electron's order: before-quit (cancellable), windows get 'close' (cancellable), will-quit
   * (cancellable), quit. `closeAllWindows` is wired in by the BrowserWindow module.
   */
  quit(): void {
    this.quitCount++;
    if (this.#quitting) {
      return;
    }
    this.#quitting = true;
    void this.#runQuit().finally(() => {
      this.#quitting = false;
    });
  }
  async #runQuit(): Promise<void> {
    const beforeQuit = cancellableEvent();
    this.emit('before-quit', beforeQuit);
    if (beforeQuit.defaultPrevented) {
      return;
    }
    const closed = await closeAllWindows();
    if (!closed) {
      return;
    }
    const willQuit = cancellableEvent();
    this.emit('will-quit', willQuit);
    if (willQuit.defaultPrevented) {
      return;
    }
    this.emit('quit', cancellableEvent(), 0);
    this.#resolveQuit();
  }
  exit(exitCode = 0): void {
    this.exitCode = exitCode;
    void closeAllWindows(true).then(() => this.#resolveQuit());
  }
  /** Harness: resolves when the app really quit (after every cancellable step let it). */
  __whenQuit(): Promise<void> {
    return this.#quitPromise;
  }

  setLoginItemSettings(_settings: { openAtLogin?: boolean }): void {}
  getLoginItemSettings(): { openAtLogin: boolean } {
    return { openAtLogin: false };
  }
  focus(): void {}
}

/** Set by the BrowserWindow module; returns false if a window vetoed its close. */
let closeAllWindows: (force?: boolean) => Promise<boolean> = async () => true;
export function setCloseAllWindows(fn: (force?: boolean) => Promise<boolean>): void {
  closeAllWindows = fn;
}

export const app = new FakeApp();
