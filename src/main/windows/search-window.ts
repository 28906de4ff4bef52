/**
 * The one window: search, details, setup, settings and unlock are views of the same page. It is
 * created hidden at start so the shortcut shows it instantly; it hides on Esc (the renderer calls
 * window:hide), on blur and on every close path — quitting is the only way it is destroyed.
 */
import { BrowserWindow, screen } from 'electron';

import type { EventChannel, EventPayloads } from '../../shared/ipc/contract';
import type { AppPhase } from '../../shared/ipc/dto';
import type { Logger } from '../log';
import { hardenedWebPreferences } from './hardening';

export type WindowView = EventPayloads['window:shown']['view'];

/** The view that fits the phase: search when unlocked, setup without a profile, unlock otherwise. */
export function viewForPhase(phase: AppPhase): WindowView {
  return phase === 'unlocked' ? 'search' : phase === 'no-profile' ? 'setup' : 'unlock';
}

export interface SearchWindowOptions {
  readonly url: string;
  readonly preloadPath: string;
  readonly devTools: boolean;
  readonly log: Logger;
}

const WIDTH = 720;
const HEIGHT = 480;

export class SearchWindow {
  readonly window: BrowserWindow;
  readonly loaded: Promise<void>;
  #view: WindowView = 'search';
  #quitting = false;
  readonly #log: Logger;

  constructor(options: SearchWindowOptions) {
    this.#log = options.log;
    this.window = new BrowserWindow({
      show: false,
      width: WIDTH,
      height: HEIGHT,
      title: 'Psono Tray',
      frame: false,
      resizable: false,
      minimizable: false,
      maximizable: false,
      fullscreenable: false,
      skipTaskbar: true,
      alwaysOnTop: true,
      backgroundColor: '#00000000',
      webPreferences: hardenedWebPreferences(options.preloadPath, options.devTools),
    });
    this.window.removeMenu();
    // Every close path (Alt+F4, window manager, close()) ends here; only quitting destroys it.
    this.window.on('close', (event) => {
      if (!this.#quitting) {
        event.preventDefault();
        this.hide();
      }
    });
    this.window.on('blur', () => {
      // Setup and settings stay open while the user copies values from elsewhere.
      if (this.#view === 'search' || this.#view === 'unlock') {
        this.hide();
      }
    });
    this.loaded = this.window.loadURL(options.url).catch((error: unknown) => {
      this.#log.error(`the window page failed to load (${error instanceof Error ? error.name : typeof error})`);
    });
  }

  get webContentsId(): number {
    return this.window.webContents.id;
  }
  isVisible(): boolean {
    return !this.window.isDestroyed() && this.window.isVisible();
  }

  show(view: WindowView): void {
    if (this.window.isDestroyed()) {
      return;
    }
    this.#view = view;
    this.#placeOnActiveDisplay();
    this.window.show();
    this.window.focus();
    this.send('window:shown', { view });
  }

  hide(): void {
    if (this.window.isDestroyed() || !this.window.isVisible()) {
      return;
    }
    this.window.hide();
    this.send('window:hidden', null);
  }

  toggle(view: WindowView): void {
    if (this.isVisible()) {
      this.hide();
    } else {
      this.show(view);
    }
  }

  send<E extends EventChannel>(event: E, payload: EventPayloads[E]): void {
    if (!this.window.isDestroyed()) {
      this.window.webContents.send(event, payload);
    }
  }

  /**
   * Reloads the page on the next turn, after the reply to a request from the page itself has gone
   * out, so its store and DOM keep nothing; skipped if `skip()` is true by then.
   */
  reloadSoon(skip: () => boolean): void {
    setTimeout(() => {
      if (!skip() && !this.window.isDestroyed()) {
        this.window.webContents.reload();
      }
    }, 0);
  }

  /** From now on close() really closes (app quit). */
  allowClose(): void {
    this.#quitting = true;
  }

  #placeOnActiveDisplay(): void {
    // Like a launcher: centred on the display under the mouse, a little above the middle.
    const display = screen.getDisplayNearestPoint(screen.getCursorScreenPoint());
    const area = display.workArea;
    const x = Math.round(area.x + (area.width - WIDTH) / 2);
    const y = Math.round(area.y + (area.height - HEIGHT) / 3);
    this.window.setBounds({ x, y, width: WIDTH, height: HEIGHT });
  }
}
