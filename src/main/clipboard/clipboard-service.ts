/**
 * Copies happen in main. Each copy carries the platform's "do not keep this in clipboard history"
 * hints, is cleared after the configured delay only if the clipboard still holds what we wrote,
 * and is cleared on lock and quit. We keep a hash of what we wrote, not the value.
 */
import { createHash } from 'node:crypto';

import type { Clipboard } from 'electron';

import type { Logger } from '../log';

/** Electron 45 writes raw OS clipboard formats through this custom MIME prefix. */
export function rawFormat(name: string): string {
  return `electron application/osclipboard;format="${name}"`;
}

/**
 * History-exclusion hints (as KeePassXC and Bitwarden write them):
 * - Linux (KDE Klipper and others): x-kde-passwordManagerHint = "secret"
 * - macOS (nspasteboard.org convention): org.nspasteboard.ConcealedType present
 * - Windows: ExcludeClipboardContentFromMonitorProcessing present (history, cloud and monitors
 *   skip it); CanIncludeInClipboardHistory / CanUploadToCloudClipboard = DWORD 0.
 */
export function historyExclusionFormats(platform: NodeJS.Platform): Record<string, string | Blob> {
  const dwordZero = (): Blob => new Blob([new Uint8Array(4)]);
  switch (platform) {
    case 'linux':
    case 'freebsd':
    case 'openbsd':
      return { [rawFormat('x-kde-passwordManagerHint')]: 'secret' };
    case 'darwin':
      return { [rawFormat('org.nspasteboard.ConcealedType')]: '' };
    case 'win32':
      return {
        [rawFormat('ExcludeClipboardContentFromMonitorProcessing')]: dwordZero(),
        [rawFormat('CanIncludeInClipboardHistory')]: dwordZero(),
        [rawFormat('CanUploadToCloudClipboard')]: dwordZero(),
      };
    default:
      return {};
  }
}

type ClipboardItemConstructor = new (items: Record<string, string | Blob>) => { readonly types: string[] };

export interface ClipboardServiceOptions {
  readonly clipboard: Pick<Clipboard, 'readText' | 'writeText' | 'clear'> & {
    write(data: Array<InstanceType<ClipboardItemConstructor>>): Promise<void>;
  };
  readonly ClipboardItem: ClipboardItemConstructor;
  readonly platform: NodeJS.Platform;
  readonly settings: () => { readonly clipboardClearSeconds: number; readonly clipboardExcludeFromHistory: boolean };
  readonly log: Logger;
  /** Called after a copy and after a clear, for the status line and the AppState. */
  readonly onChange: (label: string | null, clearsInSeconds: number | null) => void;
  readonly now?: () => number;
}

export type ClearOutcome = 'cleared' | 'changed-by-user' | 'nothing-held';

function digest(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export class ClipboardService {
  #heldDigest: string | null = null;
  #clearAt: number | null = null;
  #timer: NodeJS.Timeout | null = null;
  #settlePending: ((outcome: ClearOutcome) => void) | null = null;
  #pendingClear: Promise<ClearOutcome> = Promise.resolve('nothing-held');
  readonly #now: () => number;

  constructor(private readonly options: ClipboardServiceOptions) {
    this.#now = options.now ?? Date.now;
  }

  /** Seconds until our value is cleared, or null when we hold nothing with a timer. */
  get clearsInSeconds(): number | null {
    return this.#clearAt === null ? null : Math.max(0, Math.ceil((this.#clearAt - this.#now()) / 1000));
  }

  /**
   * Settles with the outcome of the timer started by the last copy (or 'nothing-held' if that
   * copy had no timer or was superseded); tests await it instead of sleeping.
   */
  get pendingClear(): Promise<ClearOutcome> {
    return this.#pendingClear;
  }

  /** Writes `value` with the history hints; `label` names it for the user (never the value). */
  async copy(value: string, label: string): Promise<{ clearsInSeconds: number | null }> {
    const { clipboardClearSeconds, clipboardExcludeFromHistory } = this.options.settings();
    const hints = clipboardExcludeFromHistory ? historyExclusionFormats(this.options.platform) : {};
    if (Object.keys(hints).length > 0) {
      await this.options.clipboard.write([new this.options.ClipboardItem({ 'text/plain': value, ...hints })]);
    } else {
      await this.options.clipboard.writeText(value);
    }
    this.#heldDigest = digest(value);
    this.#cancelTimer();
    if (clipboardClearSeconds > 0) {
      this.#clearAt = this.#now() + clipboardClearSeconds * 1000;
      this.#pendingClear = new Promise((resolve) => {
        this.#settlePending = resolve;
        this.#timer = setTimeout(() => {
          this.#timer = null;
          this.#settlePending = null;
          resolve(this.clearIfOurs('timer'));
        }, clipboardClearSeconds * 1000);
      });
    } else {
      this.#pendingClear = Promise.resolve('nothing-held');
    }
    const clearsInSeconds = clipboardClearSeconds > 0 ? clipboardClearSeconds : null;
    this.options.log.info(`copied ${label}${clearsInSeconds ? `; clears in ${clearsInSeconds} s` : ''}`);
    this.options.onChange(label, clearsInSeconds);
    return { clearsInSeconds };
  }

  /** Clears the clipboard only if it still holds the value we wrote last (lock, quit, timer). */
  async clearIfOurs(why: 'timer' | 'lock' | 'quit'): Promise<ClearOutcome> {
    this.#cancelTimer();
    const held = this.#heldDigest;
    if (held === null) {
      return 'nothing-held';
    }
    this.#heldDigest = null;
    const current = await this.options.clipboard.readText();
    const outcome: ClearOutcome = digest(current) === held ? 'cleared' : 'changed-by-user';
    if (outcome === 'cleared') {
      this.options.clipboard.clear();
    }
    this.options.log.info(`clipboard ${outcome === 'cleared' ? 'cleared' : 'left alone (it changed since our copy)'} on ${why}`);
    this.options.onChange(null, null);
    return outcome;
  }

  #cancelTimer(): void {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    this.#settlePending?.('nothing-held');
    this.#settlePending = null;
    this.#clearAt = null;
  }

  dispose(): void {
    this.#cancelTimer();
  }
}
