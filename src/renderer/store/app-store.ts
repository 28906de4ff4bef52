/**
 * One store per window, built with the bridge injected (tests hand in a fake). Slices: app phase,
 * search (query, results, selection), detail (with at most one revealed value, only while shown),
 * status line, settings, setup progress and unlock progress. Actions are the only callers of the
 * bridge. Key material never enters the store: setup credentials and PINs stay in the form
 * components and are passed straight through to main.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';

import type { BridgeApi } from '../../shared/ipc/contract';
import type {
  AppError,
  AppState,
  CopyField,
  EntryDetails,
  EntrySummary,
  IpcResult,
  SearchResult,
  SetupCheck,
  SetupCredentials,
  Settings,
} from '../../shared/ipc/dto';
import { strings } from '../strings';
import { generatorAndLargeType, type GeneratorSlice, type LargeTypeSlice } from './generator-slice';
import { browserScheduler, type Scheduler } from './scheduler';

export type Screen = 'search' | 'detail' | 'settings' | 'generator';

export type { LargeTypeSource } from './generator-slice';

export interface RevealedField {
  readonly entryId: string;
  readonly key: CopyField;
  readonly value: string;
  /** Epoch ms at which the value is masked again. */
  readonly hidesAt: number;
}

export interface TotpState {
  readonly entryId: string;
  readonly code: string;
  readonly period: number;
  readonly expiresAt: number;
}

export interface StatusMessage {
  readonly tone: 'ok' | 'info' | 'error';
  readonly text: string;
  /** Epoch ms at which main clears the clipboard; drives the countdown. */
  readonly clearsAt: number | null;
  readonly clipboard: boolean;
}

export interface AppSlice {
  readonly app: AppState | null;
  readonly startupError: AppError | null;
  readonly screen: Screen;
  readonly shortcutSheetOpen: boolean;
  /** Bumped whenever the window is shown, so the search box takes focus again. */
  readonly focusToken: number;
  /** Bumped when the window hides, so forms drop what the user typed into secret fields. */
  readonly wipeToken: number;
  readonly now: number;
  init(): Promise<void>;
  /** Asks main for the app state again (after a failed start). */
  refreshState(): Promise<void>;
  dispose(): void;
  showScreen(screen: Screen): void;
  setShortcutSheet(open: boolean): void;
  lock(): Promise<void>;
  hideWindow(): Promise<void>;
}

export interface SearchSlice {
  readonly query: string;
  readonly results: readonly EntrySummary[];
  readonly total: number;
  /** The query the shown results answer (results may lag the typed query by one reply). */
  readonly resultsQuery: string;
  readonly selectedIndex: number;
  readonly searchError: AppError | null;
  setQuery(query: string): void;
  moveSelection(delta: number): void;
  select(index: number): void;
  /** Esc: clears the query first; with an empty query, hides the window. */
  clearOrHide(): Promise<void>;
  copyFromSelected(field: CopyField): Promise<void>;
  /** Types the selected entry into the window the user came from (main hides ours first). */
  autoTypeSelected(): Promise<void>;
  openSelectedUrl(): Promise<void>;
  openDetails(index?: number): Promise<void>;
}

export interface DetailSlice {
  readonly detail: EntryDetails | null;
  readonly detailLoading: boolean;
  readonly detailError: AppError | null;
  readonly revealed: RevealedField | null;
  readonly totp: TotpState | null;
  reveal(key: CopyField): Promise<void>;
  mask(): void;
  copyDetailField(key: CopyField): Promise<void>;
  openDetailUrl(): Promise<void>;
  refreshTotp(): Promise<void>;
  toggleFavourite(): Promise<void>;
  closeDetail(): void;
}

export interface StatusSlice {
  readonly status: StatusMessage | null;
}

export interface SettingsSlice {
  readonly settings: Settings | null;
  readonly settingsError: AppError | null;
  readonly settingsSaved: boolean;
  readonly pinChangeError: AppError | null;
  readonly pinChanged: boolean;
  loadSettings(): Promise<void>;
  updateSettings(patch: Partial<Settings>): Promise<void>;
  changePin(currentPin: string | null, newPin: string | null): Promise<boolean>;
  /** `pin`: the profile's PIN when it has one. Resolves whether the profile was removed. */
  removeProfile(pin: string | null): Promise<boolean>;
  /** Whether "Clear usage history" finished (for its note). */
  readonly usageCleared: boolean;
  clearUsage(): Promise<void>;
}

export interface SetupSlice {
  readonly setupCheck: SetupCheck | null;
  readonly setupChecking: boolean;
  readonly setupSaving: boolean;
  readonly setupError: AppError | null;
  checkSetup(credentials: SetupCredentials): Promise<boolean>;
  saveSetup(credentials: SetupCredentials, pin: string | null): Promise<boolean>;
  /** The form changed: the previous check no longer vouches for it. */
  invalidateSetupCheck(): void;
}

export interface UnlockSlice {
  readonly unlocking: boolean;
  readonly unlockError: AppError | null;
  unlock(pin: string | null): Promise<boolean>;
}

export type AppStoreState = AppSlice & SearchSlice & DetailSlice & StatusSlice & SettingsSlice & SetupSlice & UnlockSlice & GeneratorSlice & LargeTypeSlice;
export type AppStore = StoreApi<AppStoreState>;

export interface AppStoreOptions {
  readonly scheduler?: Scheduler;
  /** How long a revealed value stays visible. */
  readonly revealMs?: number;
  /** How many results one search asks for (the list is virtualised, so this can be large). */
  readonly searchLimit?: number;
}

export const DEFAULT_REVEAL_MS = 15_000;
export const DEFAULT_SEARCH_LIMIT = 500;

/** Everything that may hold entry data or user input; reset on hide, lock and phase changes. */
const TRANSIENT_RESET = {
  query: '',
  results: [] as readonly EntrySummary[],
  total: 0,
  resultsQuery: '',
  selectedIndex: 0,
  searchError: null,
  detail: null,
  detailLoading: false,
  detailError: null,
  revealed: null,
  totp: null,
  shortcutSheetOpen: false,
  generated: null,
  largeType: null,
} satisfies Partial<AppStoreState>;

function internalError(): AppError {
  return { kind: 'internal', message: 'The app did not answer as expected.' };
}

export function createAppStore(api: BridgeApi, options: AppStoreOptions = {}): AppStore {
  const scheduler = options.scheduler ?? browserScheduler;
  const revealMs = options.revealMs ?? DEFAULT_REVEAL_MS;
  const searchLimit = options.searchLimit ?? DEFAULT_SEARCH_LIMIT;
  let searchSequence = 0;
  let detailSequence = 0;
  let ticker: number | null = null;
  let totpFetching = false;
  const unsubscribers: Array<() => void> = [];

  const store = createStore<AppStoreState>()((set, get) => {
    /** Safe to call from anywhere: bridge calls never throw into the UI, they become errors. */
    async function call<T>(request: () => Promise<IpcResult<T>>): Promise<IpcResult<T>> {
      try {
        return await request();
      } catch {
        return { ok: false, error: internalError() };
      }
    }

    function hasCountdown(state: AppStoreState): boolean {
      return state.revealed !== null || state.totp !== null || (state.status?.clearsAt ?? null) !== null;
    }

    function tick(): void {
      const now = scheduler.now();
      const state = get();
      const patch: { now: number; revealed?: null; status?: StatusMessage } = { now };
      if (state.revealed && state.revealed.hidesAt <= now) {
        patch.revealed = null;
        if (state.largeType === 'revealed') {
          set({ largeType: null }); // the reveal's timer ends the large view too
        }
      }
      if (state.status?.clearsAt !== null && state.status?.clearsAt !== undefined && state.status.clearsAt <= now) {
        patch.status = { ...state.status, clearsAt: null };
      }
      set(patch);
      if (state.totp && state.totp.expiresAt <= now) {
        void get().refreshTotp();
      }
      if (!hasCountdown(get()) && ticker !== null) {
        scheduler.clearInterval(ticker);
        ticker = null;
      }
    }

    function ensureTicker(): void {
      set({ now: scheduler.now() });
      if (ticker === null) {
        ticker = scheduler.setInterval(tick, 1000);
      }
    }

    function setStatus(tone: StatusMessage['tone'], text: string, clearsInSeconds: number | null = null, clipboard = false): void {
      const clearsAt = clearsInSeconds === null ? null : scheduler.now() + clearsInSeconds * 1000;
      set({ status: { tone, text, clearsAt, clipboard } });
      if (clearsAt !== null) {
        ensureTicker();
      }
    }

    function showError(error: AppError): void {
      setStatus('error', error.message);
    }

    /** Drops every piece of entry data and revealed value the window holds. */
    function wipeTransient(): void {
      searchSequence++;
      detailSequence++;
      set((state) => ({ ...TRANSIENT_RESET, screen: state.screen === 'detail' ? 'search' : state.screen, wipeToken: state.wipeToken + 1 }));
    }

    function applyAppState(app: AppState): void {
      const previous = get().app;
      if (app.phase !== 'unlocked') {
        wipeTransient();
        set({ screen: get().screen === 'settings' && app.phase !== 'no-profile' ? 'settings' : 'search' });
      }
      set({ app, startupError: null });
      if (previous?.phase !== 'unlocked' && app.phase === 'unlocked') {
        set({ unlockError: null, focusToken: get().focusToken + 1 });
        listRecent();
      }
    }

    function selectedEntry(): EntrySummary | undefined {
      const state = get();
      return state.results[state.selectedIndex];
    }

    // 'main' (Enter) goes to main as is: main knows the item and picks its password, note text or code.
    async function copy(entry: EntrySummary, field: CopyField): Promise<void> {
      const result = await call(() => api.entryCopy({ id: entry.id, field }));
      if (!result.ok) {
        showError(result.error);
        return;
      }
      setStatus('ok', strings.status.copied(result.value.label), result.value.clearsInSeconds, true);
    }

    async function openUrl(entry: EntrySummary): Promise<void> {
      if (!entry.canOpenUrl) {
        setStatus('info', strings.search.noUrl);
        return;
      }
      const result = await call(() => api.entryOpenUrl({ id: entry.id }));
      if (result.ok) {
        setStatus('ok', strings.search.openedUrl(entry.title));
      } else {
        showError(result.error);
      }
    }

    // An empty query asks main too: it lists favourites, recently used, then A–Z (one page).
    async function runSearch(query: string): Promise<void> {
      const sequence = ++searchSequence;
      if (query.trim() === '') {
        set({ results: [], total: 0, resultsQuery: '', selectedIndex: 0, searchError: null });
        if (get().app?.phase !== 'unlocked') {
          return;
        }
      }
      const result = await call(() => api.vaultSearch({ query, limit: searchLimit }));
      if (sequence !== searchSequence) {
        return; // a newer keystroke (or a wipe) superseded this reply
      }
      if (!result.ok) {
        set({ searchError: result.error, results: [], total: 0, resultsQuery: query });
        return;
      }
      const reply: SearchResult = result.value;
      set({ results: reply.entries, total: reply.total, resultsQuery: query, selectedIndex: 0, searchError: null });
    }

    /** The empty-query list, when the search box is empty and the vault open. */
    function listRecent(): void {
      const state = get();
      if (state.query === '' && state.app?.phase === 'unlocked') {
        void runSearch('');
      }
    }

    return {
      // app
      app: null,
      startupError: null,
      screen: 'search',
      shortcutSheetOpen: false,
      focusToken: 0,
      wipeToken: 0,
      now: scheduler.now(),
      async init() {
        unsubscribers.push(
          api.on('state:changed', (app) => applyAppState(app)),
          api.on('window:shown', ({ view }) => {
            set((state) => ({
              focusToken: state.focusToken + 1,
              screen: view === 'settings' || view === 'generator' ? view : state.screen === 'detail' ? 'detail' : 'search',
            }));
            if (view === 'settings') {
              void get().loadSettings();
            }
            listRecent();
          }),
          api.on('window:hidden', () => wipeTransient()),
          api.on('clipboard:changed', ({ label, clearsInSeconds }) => {
            if (label === null) {
              const status = get().status;
              if (status?.clipboard) {
                setStatus('info', strings.status.cleared);
              }
            } else {
              setStatus('ok', strings.status.copied(label), clearsInSeconds, true);
            }
          }),
        );
        await Promise.all([get().refreshState(), get().loadSettings()]);
      },
      async refreshState() {
        const state = await call(() => api.appGetState());
        if (state.ok) {
          applyAppState(state.value);
        } else {
          set({ startupError: state.error });
        }
      },
      dispose() {
        unsubscribers.splice(0).forEach((unsubscribe) => unsubscribe());
        if (ticker !== null) {
          scheduler.clearInterval(ticker);
          ticker = null;
        }
      },
      showScreen(screen) {
        if (screen !== 'detail') {
          detailSequence++;
          set({ detail: null, detailError: null, revealed: null, totp: null, detailLoading: false });
        }
        set({ largeType: null });
        set({ screen, shortcutSheetOpen: false, focusToken: get().focusToken + (screen === 'search' ? 1 : 0) });
        if (screen === 'settings') {
          void get().loadSettings();
        }
      },
      setShortcutSheet(open) {
        set({ shortcutSheetOpen: open });
      },
      async lock() {
        wipeTransient();
        const result = await call(() => api.lockLock());
        if (!result.ok) {
          showError(result.error);
        }
      },
      async hideWindow() {
        wipeTransient();
        await call(() => api.windowHide());
      },

      // search
      query: '',
      results: [],
      total: 0,
      resultsQuery: '',
      selectedIndex: 0,
      searchError: null,
      setQuery(query) {
        // A new query starts a new task: an old hint or error would only confuse; a clipboard countdown stays.
        const status = get().status;
        set({ query, status: status && !status.clipboard ? null : status });
        void runSearch(query);
      },
      moveSelection(delta) {
        const { results, selectedIndex } = get();
        if (results.length === 0) {
          return;
        }
        const next = Math.min(results.length - 1, Math.max(0, selectedIndex + delta));
        set({ selectedIndex: next });
      },
      select(index) {
        const { results } = get();
        if (index >= 0 && index < results.length) {
          set({ selectedIndex: index });
        }
      },
      async clearOrHide() {
        if (get().query !== '') {
          set({ query: '' });
          void runSearch('');
          return;
        }
        await get().hideWindow();
      },
      async copyFromSelected(field) {
        const entry = selectedEntry();
        if (!entry) {
          return;
        }
        if (field !== 'main' && !entry.actions.includes(field)) {
          setStatus('info', field === 'username' ? strings.search.noUsername : field === 'totp' ? strings.search.noTotp : strings.search.noMain);
          return;
        }
        await copy(entry, field);
      },
      async autoTypeSelected() {
        const entry = selectedEntry();
        if (!entry) {
          return;
        }
        const result = await call(() => api.entryAutoType({ id: entry.id }));
        if (result.ok) {
          setStatus('ok', strings.search.autoTyped(entry.title));
        } else {
          showError(result.error);
        }
      },
      async openSelectedUrl() {
        const entry = selectedEntry();
        if (entry) {
          await openUrl(entry);
        }
      },
      async openDetails(index) {
        if (index !== undefined) {
          get().select(index);
        }
        const entry = selectedEntry();
        if (!entry) {
          return;
        }
        const sequence = ++detailSequence;
        set({ screen: 'detail', detail: { summary: entry, fields: [] }, detailLoading: true, detailError: null, revealed: null, totp: null });
        const result = await call(() => api.entryDetails({ id: entry.id }));
        if (sequence !== detailSequence) {
          return;
        }
        if (!result.ok) {
          set({ detailLoading: false, detailError: result.error });
          return;
        }
        set({ detail: result.value, detailLoading: false });
        if (result.value.fields.some((field) => field.kind === 'totp')) {
          await get().refreshTotp();
        }
      },

      // detail
      detail: null,
      detailLoading: false,
      detailError: null,
      revealed: null,
      totp: null,
      async reveal(key) {
        const detail = get().detail;
        if (!detail) {
          return;
        }
        const sequence = detailSequence;
        const result = await call(() => api.entryReveal({ id: detail.summary.id, field: key }));
        if (sequence !== detailSequence || get().detail?.summary.id !== detail.summary.id) {
          return; // the window hid or the user moved on while main answered: do not keep the value
        }
        if (!result.ok) {
          showError(result.error);
          return;
        }
        set({ revealed: { entryId: detail.summary.id, key: result.value.key, value: result.value.value, hidesAt: scheduler.now() + revealMs } });
        ensureTicker();
      },
      mask() {
        set((state) => ({ revealed: null, largeType: state.largeType === 'revealed' ? null : state.largeType }));
      },
      async copyDetailField(key) {
        const detail = get().detail;
        if (detail) {
          await copy(detail.summary, key);
        }
      },
      async openDetailUrl() {
        const detail = get().detail;
        if (detail) {
          await openUrl(detail.summary);
        }
      },
      async refreshTotp() {
        const detail = get().detail;
        if (!detail || totpFetching) {
          return;
        }
        totpFetching = true;
        const sequence = detailSequence;
        try {
          const result = await call(() => api.entryTotp({ id: detail.summary.id }));
          if (sequence !== detailSequence) {
            return;
          }
          if (!result.ok) {
            set({ totp: null });
            showError(result.error);
            return;
          }
          const { code, period, secondsRemaining } = result.value;
          set({ totp: { entryId: detail.summary.id, code, period, expiresAt: scheduler.now() + secondsRemaining * 1000 } });
          ensureTicker();
        } finally {
          totpFetching = false;
        }
      },
      async toggleFavourite() {
        const detail = get().detail;
        if (!detail) {
          return;
        }
        const favourite = !detail.summary.favourite;
        const result = await call(() => api.entrySetFavourite({ id: detail.summary.id, favourite }));
        if (!result.ok) {
          showError(result.error);
          return;
        }
        const update = (entry: EntrySummary): EntrySummary => (entry.id === detail.summary.id ? { ...entry, favourite } : entry);
        set((state) => ({
          detail: state.detail ? { ...state.detail, summary: update(state.detail.summary) } : null,
          results: state.results.map(update),
        }));
      },
      closeDetail() {
        get().showScreen('search');
      },

      // status
      status: null,

      // settings
      settings: null,
      settingsError: null,
      settingsSaved: false,
      pinChangeError: null,
      pinChanged: false,
      async loadSettings() {
        const result = await call(() => api.settingsGet());
        if (result.ok) {
          set({ settings: result.value, settingsError: null });
        } else {
          set({ settingsError: result.error });
        }
      },
      async updateSettings(patch) {
        // Optimistic, so a checkbox does not flick back while main saves; main's reply is the truth.
        const before = get().settings;
        set({ settingsSaved: false, settings: before ? { ...before, ...patch } : before });
        const result = await call(() => api.settingsSet(patch));
        if (!result.ok) {
          set({ settingsError: result.error, settings: before });
          return;
        }
        set({ settings: result.value, settingsError: null, settingsSaved: true });
        if (patch.shortcut !== undefined) {
          // The registration result arrives with the app state.
          const state = await call(() => api.appGetState());
          if (state.ok) {
            applyAppState(state.value);
          }
        }
      },
      usageCleared: false,
      async clearUsage() {
        set({ usageCleared: false });
        const result = await call(() => api.usageClear());
        if (!result.ok) {
          set({ settingsError: result.error });
          return;
        }
        set({ usageCleared: true, settingsError: null });
      },
      async changePin(currentPin, newPin) {
        set({ pinChangeError: null, pinChanged: false });
        const result = await call(() => api.pinChange({ currentPin, newPin }));
        if (!result.ok) {
          set({ pinChangeError: result.error });
          return false;
        }
        set({ pinChanged: true });
        const state = await call(() => api.appGetState());
        if (state.ok) {
          applyAppState(state.value);
        }
        return true;
      },
      async removeProfile(pin) {
        wipeTransient();
        const result = await call(() => api.profileRemove({ pin }));
        if (!result.ok) {
          set({ settingsError: result.error });
          return false;
        }
        set({ screen: 'search', setupCheck: null, setupError: null, settingsError: null });
        applyAppState(result.value);
        return true;
      },

      // setup
      setupCheck: null,
      setupChecking: false,
      setupSaving: false,
      setupError: null,
      async checkSetup(credentials) {
        set({ setupChecking: true, setupError: null, setupCheck: null });
        const result = await call(() => api.setupCheck(credentials));
        if (!result.ok) {
          set({ setupChecking: false, setupError: result.error });
          return false;
        }
        set({ setupChecking: false, setupCheck: result.value });
        return true;
      },
      async saveSetup(credentials, pin) {
        set({ setupSaving: true, setupError: null });
        const result = await call(() => api.setupSave({ credentials, pin }));
        if (!result.ok) {
          set({ setupSaving: false, setupError: result.error });
          return false;
        }
        set({ setupSaving: false, setupCheck: null });
        applyAppState(result.value);
        return true;
      },
      invalidateSetupCheck() {
        if (get().setupCheck !== null || get().setupError !== null) {
          set({ setupCheck: null, setupError: null });
        }
      },

      // unlock
      unlocking: false,
      unlockError: null,
      async unlock(pin) {
        set({ unlocking: true, unlockError: null });
        const result = await call(() => api.lockUnlock({ pin }));
        if (!result.ok) {
          set({ unlocking: false, unlockError: result.error });
          return false;
        }
        set({ unlocking: false });
        applyAppState(result.value);
        return true;
      },

      ...generatorAndLargeType({ api, get, set, call, setStatus, showError }),
    };
  });
  return store;
}
