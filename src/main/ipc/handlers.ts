/**
 * What each IPC channel does and which state it needs (the router checks the sender, the argument
 * and the state first). Handlers stay thin: entry work is in EntryActions, search in EntrySearch.
 */
import type { AppPhase, AppState, LockReason, SearchResult, Settings } from '../../shared/ipc/dto';
import { applySettings, type SettingsEffects } from '../apply-settings';
import { autoTypeSettingFailure } from '../autotype/setting-check';
import type { EntryActions } from '../entries/entry-actions';
import type { GeneratorService } from '../generator/generator-service';
import type { UserIntent } from '../entries/user-intent';
import type { SessionController } from '../session/session-controller';
import { profileRemovalFailure, settingsChangeFailure } from './locked-calls';
import type { HandlerMap } from './router';

export interface HandlerDeps {
  readonly state: () => AppState;
  readonly sessions: Pick<SessionController, 'check' | 'save' | 'unlock' | 'changePin' | 'removeProfile'>;
  readonly entries: EntryActions;
  /** Reveals and copies from the window need input main saw just before. */
  readonly intent: Pick<UserIntent, 'requireForReveal' | 'requireForCopy'>;
  /** The phase the router checks (a passed lock deadline counts as locked). */
  readonly phase: () => AppPhase;
  readonly search: (query: string, limit: number) => SearchResult;
  readonly lock: (reason: LockReason) => Promise<void>;
  readonly settings: () => Settings;
  readonly settingsEffects: SettingsEffects;
  readonly hideWindow: () => void;
  /** Hides the window so focus returns to the app the user came from (macOS: hides the app). */
  readonly goBack: () => void;
  readonly clearUsage: () => Promise<void>;
  readonly generator: Pick<GeneratorService, 'copy'>;
  /** Types the entry into the window the user came from (src/main/autotype). */
  readonly autoType: (id: string) => Promise<void>;
}

/** For channels that answer null once the work is done. */
const done = (): null => null;

/** Throws the refusal, if any (the policies in locked-calls.ts answer with a value). */
function refuseIf(failure: Error | null): void {
  if (failure) {
    throw failure;
  }
}

export function createHandlers(deps: HandlerDeps): HandlerMap {
  const { state, sessions, entries, intent } = deps;
  return {
    'app:get-state': { access: 'any', run: () => state() },
    'setup:check': { access: 'setup', run: (credentials) => sessions.check(credentials) },
    'setup:save': { access: 'setup', run: ({ credentials, pin }) => sessions.save(credentials, pin).then(state) },
    'vault:search': { access: 'unlocked', run: ({ query, limit }) => deps.search(query, limit) },
    'entry:details': { access: 'unlocked', run: ({ id }) => entries.details(id) },
    'entry:reveal': {
      access: 'unlocked',
      run: ({ id, field }) => {
        intent.requireForReveal();
        return entries.reveal(id, field);
      },
    },
    'entry:copy': {
      access: 'unlocked',
      run: async ({ id, field }) => {
        intent.requireForCopy();
        const receipt = await entries.copy(id, field);
        // Only after the value is on the clipboard: a refused or failed copy keeps the window and its error.
        if (deps.settings().hideAfterCopy) {
          deps.goBack();
        }
        return receipt;
      },
    },
    'entry:totp': { access: 'unlocked', run: ({ id }) => entries.totp(id) },
    'entry:open-url': { access: 'unlocked', run: ({ id }) => entries.openUrl(id).then(done) },
    'entry:set-favourite': { access: 'unlocked', run: ({ id, favourite }) => entries.setFavourite(id, favourite).then(done) },
    'lock:lock': { access: 'any', run: () => deps.lock('manual').then(done) },
    'lock:unlock': { access: 'profile', run: ({ pin }) => sessions.unlock(pin).then(state) },
    'pin:change': { access: 'profile', run: ({ currentPin, newPin }) => sessions.changePin(currentPin, newPin).then(done) },
    'settings:get': { access: 'any', run: () => deps.settings() },
    'settings:set': {
      access: 'any',
      run: (patch) => {
        refuseIf(settingsChangeFailure(patch, deps.settings(), deps.phase()));
        refuseIf(autoTypeSettingFailure(patch));
        return applySettings(patch, deps.settingsEffects);
      },
    },
    'profile:remove': {
      access: 'profile',
      run: ({ pin }) => {
        refuseIf(profileRemovalFailure(deps.phase(), state().lockReason));
        return sessions.removeProfile(pin).then(state);
      },
    },
    'window:hide': {
      access: 'any',
      run: () => {
        deps.hideWindow();
        return null;
      },
    },
    // Ids and times only, no secret: clearing forgets more, so it needs no unlock.
    'usage:clear': { access: 'any', run: () => deps.clearUsage().then(done) },
    // Copies like an entry does: needs input main saw, and an open vault (a lock clears it).
    'generator:copy': {
      access: 'unlocked',
      run: (options) => {
        intent.requireForCopy();
        return deps.generator.copy(options);
      },
    },
    // Hands secrets to another program: input main saw, and counted like a reveal.
    'entry:auto-type': {
      access: 'unlocked',
      run: ({ id }) => {
        intent.requireForReveal();
        return deps.autoType(id).then(done);
      },
    },
  };
}
