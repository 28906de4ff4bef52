/**
 * What a tray menu click does. A click cannot be awaited, so a failure is logged and shown as a
 * notification instead of thrown; `done` lets tests (and quit) wait for the last one.
 */
import { PsonoError } from '../../core/errors';
import type { AppPhase, GeneratorOptions } from '../../shared/ipc/dto';
import { AppFailure } from '../app-error';
import type { EntryActions } from '../entries/entry-actions';
import type { GeneratorService } from '../generator/generator-service';
import { describeError, type Logger } from '../log';
import { viewForPhase, type SearchWindow } from '../windows/search-window';
import type { TrayAction } from './tray-menu';

export interface TrayActionDeps {
  /** Search…, Unlock… and Set up… open the window on the view that fits the phase. */
  readonly phase: () => AppPhase;
  readonly window: Pick<SearchWindow, 'show'>;
  readonly entries: Pick<EntryActions, 'copy' | 'openUrl'>;
  readonly lock: () => Promise<void>;
  readonly quit: () => void;
  /** Every click counts as in-app activity. */
  readonly noteActivity: () => void;
  readonly notify: (body: string) => void;
  readonly log: Logger;
  /** "Copy a new password": the generator's last options (settings), copied under the clipboard's rules. */
  readonly generator: Pick<GeneratorService, 'copy'>;
  readonly generatorOptions: () => GeneratorOptions;
}

export class TrayActions {
  #done: Promise<void> = Promise.resolve();

  constructor(private readonly deps: TrayActionDeps) {}

  /** Settles when the most recent action finished. */
  get done(): Promise<void> {
    return this.#done;
  }

  run(action: TrayAction): void {
    this.deps.noteActivity();
    this.#done = this.#perform(action).catch((error: unknown) => {
      this.deps.log.warn(`tray action ${action.type} failed: ${describeError(error)}`);
      this.deps.notify(error instanceof AppFailure || error instanceof PsonoError ? error.message : 'The action failed.');
    });
  }

  async #perform(action: TrayAction): Promise<void> {
    switch (action.type) {
      case 'unlock':
      case 'setup':
      case 'search':
        return this.deps.window.show(viewForPhase(this.deps.phase()));
      case 'settings':
        return this.deps.window.show('settings');
      case 'lock':
        return this.deps.lock();
      case 'quit':
        return this.deps.quit();
      case 'copy':
        await this.deps.entries.copy(action.entryId, action.field);
        return;
      case 'open-url':
        return this.deps.entries.openUrl(action.entryId);
      case 'generate': {
        if (this.deps.phase() !== 'unlocked') {
          throw new AppFailure('locked');
        }
        const { label, clearsInSeconds } = await this.deps.generator.copy(this.deps.generatorOptions());
        this.deps.notify(clearsInSeconds ? `Copied a ${label}. The clipboard clears in ${clearsInSeconds} s.` : `Copied a ${label}.`);
        return;
      }
      case 'generator':
        return this.deps.window.show(this.deps.phase() === 'unlocked' ? 'generator' : viewForPhase(this.deps.phase()));
    }
  }
}
