/**
 * The generator and large-type slices of the window's store. The generator asks main to generate
 * and copy, and keeps the value it made (shown because the user asked; wiped with the other
 * transients). Large type shows a value the store already holds: a revealed field, the TOTP code
 * or the generated value; asked for in the detail view with nothing revealed, it reveals the
 * password through the guarded entry:reveal first.
 */
import type { BridgeApi } from '../../shared/ipc/contract';
import type { AppError, GeneratedValue, GeneratorOptions, IpcResult } from '../../shared/ipc/dto';
import { strings } from '../strings';
import type { AppStoreState, StatusMessage } from './app-store';

/** Which value the large-type view shows: a revealed field, the detail view's TOTP code, or a generated value. */
export type LargeTypeSource = 'revealed' | 'totp' | 'generated';

export interface GeneratorSlice {
  /** The last value main generated and copied; dropped on hide and lock like every transient. */
  readonly generated: GeneratedValue | null;
  readonly generating: boolean;
  generate(options: GeneratorOptions): Promise<void>;
}

export interface LargeTypeSlice {
  readonly largeType: LargeTypeSource | null;
  /** Ctrl/Cmd+Shift+L: the value this screen has to show, revealing the password first (through the guarded reveal) if need be. */
  openLargeType(source?: LargeTypeSource): Promise<void>;
  /** Esc: closes and masks what it showed. */
  closeLargeType(): void;
}

export interface SliceDeps {
  readonly api: BridgeApi;
  readonly get: () => AppStoreState;
  readonly set: (patch: Partial<AppStoreState> | ((state: AppStoreState) => Partial<AppStoreState>)) => void;
  readonly call: <T>(request: () => Promise<IpcResult<T>>) => Promise<IpcResult<T>>;
  readonly setStatus: (tone: StatusMessage['tone'], text: string, clearsInSeconds?: number | null, clipboard?: boolean) => void;
  readonly showError: (error: AppError) => void;
}

export function generatorAndLargeType({ api, get, set, call, setStatus, showError }: SliceDeps): GeneratorSlice & LargeTypeSlice {
  return {
    generated: null,
    generating: false,
    async generate(options) {
      set({ generating: true });
      const result = await call(() => api.generatorCopy(options));
      set({ generating: false });
      if (!result.ok) {
        showError(result.error);
        return;
      }
      const settings = get().settings;
      // Main remembered the options; keep the form's source of truth in step without a reload.
      const remembered = options.kind === 'password' ? { generatorKind: 'password' as const, generatorPassword: options } : { generatorKind: 'passphrase' as const, generatorPassphrase: options };
      set({ generated: result.value, settings: settings ? { ...settings, ...remembered } : settings });
      setStatus('ok', strings.status.copied(result.value.label), result.value.clearsInSeconds, true);
    },

    largeType: null,
    async openLargeType(source) {
      const state = get();
      const hasPassword = state.screen === 'detail' && (state.detail?.fields.some((field) => field.key === 'password') ?? false);
      // A revealed field first, then the password (revealed now), then the TOTP code.
      const wanted: LargeTypeSource | null =
        source ?? (state.screen === 'generator' ? 'generated' : state.revealed ? 'revealed' : hasPassword ? null : state.totp ? 'totp' : null);
      if (wanted === null && hasPassword) {
        await get().reveal('password');
        if (get().revealed?.key === 'password') {
          set({ largeType: 'revealed' });
        }
        return;
      }
      const has = wanted === 'revealed' ? state.revealed !== null : wanted === 'totp' ? state.totp !== null : wanted === 'generated' ? state.generated !== null : false;
      if (wanted !== null && has) {
        set({ largeType: wanted });
      } else {
        setStatus('info', strings.largeType.nothing);
      }
    },
    closeLargeType() {
      set((state) => ({ largeType: null, revealed: state.largeType === 'revealed' ? null : state.revealed }));
    },
  };
}
