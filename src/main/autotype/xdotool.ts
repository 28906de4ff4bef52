/**
 * Key events on X11 through xdotool (XTest: the events reach whichever window has the focus, as
 * real typing would; `--window` is not used, because synthetic XSendEvent events are ignored by
 * most programs). Text goes to `xdotool type --file -` on stdin: a command line is readable in
 * /proc by other processes, stdin is not. Every call is bounded by a timeout.
 */
import { execFile } from 'node:child_process';

import type { AutoTypeKey } from '../../core/autotype';
import type { AutoTypeAvailability, KeyTyper } from './key-typer';

const TIMEOUT_MS = 5_000;
/** Milliseconds between typed characters: some programs drop keys that arrive faster. */
const CHARACTER_DELAY_MS = 12;

export class XdotoolTyper implements KeyTyper {
  readonly availability: AutoTypeAvailability = { available: true };

  /** `env`: the only variables xdotool gets (the display and its cookie). */
  constructor(
    private readonly executable: string,
    private readonly env: Readonly<Record<string, string | undefined>>,
  ) {}

  #run(args: readonly string[], stdin?: string): Promise<string> {
    return new Promise((resolve, reject) => {
      // xdotool reads the text as multibyte characters of its locale: UTF-8, whatever the session's.
      const env = { ...this.env, LC_ALL: 'C.UTF-8' };
      const child = execFile(this.executable, args, { timeout: TIMEOUT_MS, env }, (error, stdout) => {
        if (error) {
          // xdotool's own message names windows, never typed text (which went over stdin).
          reject(new Error(`xdotool ${args[0] ?? ''} failed`));
        } else {
          resolve(stdout);
        }
      });
      // xdotool may exit before it reads stdin (a failed call): the broken pipe is that failure.
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(stdin ?? '');
    });
  }

  async #windowId(command: string): Promise<string | null> {
    try {
      const id = (await this.#run([command])).trim();
      // 0 and 1 are "no window" and X's PointerRoot: no window to type into.
      return /^\d+$/.test(id) && Number(id) > 1 ? id : null;
    } catch {
      return null;
    }
  }

  async activeWindow(): Promise<string | null> {
    // _NET_ACTIVE_WINDOW from the window manager; without one (a bare X server) the input focus.
    return (await this.#windowId('getactivewindow')) ?? this.#windowId('getwindowfocus');
  }

  async windowPid(window: string): Promise<number | null> {
    try {
      const pid = Number((await this.#run(['getwindowpid', window])).trim());
      return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
    } catch {
      return null;
    }
  }

  async activate(window: string): Promise<void> {
    try {
      await this.#run(['windowactivate', '--sync', window]);
    } catch {
      // No window manager that supports _NET_ACTIVE_WINDOW: set the input focus directly.
      await this.#run(['windowfocus', '--sync', window]);
    }
  }

  async typeText(text: string): Promise<void> {
    await this.#run(['type', '--clearmodifiers', '--delay', String(CHARACTER_DELAY_MS), '--file', '-'], text);
  }

  async pressKey(key: AutoTypeKey): Promise<void> {
    await this.#run(['key', '--clearmodifiers', key]);
  }
}
