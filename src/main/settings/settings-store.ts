/**
 * Non-secret local state in <userData>/settings.json: the user's settings, which keychain account
 * holds the active profile, favourite and recently copied entry ids. No key material ever.
 */
import path from 'node:path';

import { z } from 'zod';

import { DEFAULT_SETTINGS, storedSettingsSchema, type Settings, type SettingsPatch } from '../../shared/settings';
import { JsonFile } from './json-file';

export const RECENT_LIMIT = 10;
const entryIds = z.array(z.string().min(1).max(200)).max(10_000);

const localStateSchema = z.object({
  version: z.literal(1),
  // Only what the user changed: the others follow DEFAULT_SETTINGS, even when a default changes.
  settings: storedSettingsSchema,
  profileAccount: z.string().min(1).max(200).nullable(),
  favourites: entryIds,
  recent: entryIds,
});

export type LocalState = z.infer<typeof localStateSchema>;

function defaults(): LocalState {
  return { version: 1, settings: {}, profileAccount: null, favourites: [], recent: [] };
}

export class SettingsStore {
  readonly #file: JsonFile<typeof localStateSchema>;
  #state: LocalState = defaults();
  /** Message for the user if the file was unusable at load. */
  loadWarning: string | null = null;

  constructor(userDataDir: string) {
    this.#file = new JsonFile(path.join(userDataDir, 'settings.json'), localStateSchema, defaults);
  }

  get filePath(): string {
    return this.#file.filePath;
  }

  async load(): Promise<void> {
    const { value, warning } = await this.#file.load();
    this.#state = value;
    this.loadWarning = warning;
  }

  get settings(): Settings {
    return { ...DEFAULT_SETTINGS, ...stripUndefined(this.#state.settings) };
  }
  get profileAccount(): string | null {
    return this.#state.profileAccount;
  }
  get favourites(): readonly string[] {
    return this.#state.favourites;
  }
  get recent(): readonly string[] {
    return this.#state.recent;
  }

  async updateSettings(patch: SettingsPatch): Promise<Settings> {
    this.#state = { ...this.#state, settings: { ...this.#state.settings, ...stripUndefined(patch) } };
    await this.#file.save(this.#state);
    return this.settings;
  }
  async setProfileAccount(account: string | null): Promise<void> {
    this.#state = { ...this.#state, profileAccount: account };
    await this.#file.save(this.#state);
  }
  async setFavourite(id: string, favourite: boolean): Promise<void> {
    const others = this.#state.favourites.filter((existing) => existing !== id);
    this.#state = { ...this.#state, favourites: favourite ? [...others, id] : others };
    await this.#file.save(this.#state);
  }
  async addRecent(id: string): Promise<void> {
    const recent = [id, ...this.#state.recent.filter((existing) => existing !== id)].slice(0, RECENT_LIMIT);
    this.#state = { ...this.#state, recent };
    await this.#file.save(this.#state);
  }
  /** "Clear usage history": the tray's recent list goes with the usage file. */
  async clearRecent(): Promise<void> {
    this.#state = { ...this.#state, recent: [] };
    await this.#file.save(this.#state);
  }
  /** Removing the profile forgets everything tied to its vault, `alsoClear` (the usage file) included. */
  async clearProfileData(): Promise<void> {
    this.#state = { ...this.#state, profileAccount: null, favourites: [], recent: [] };
    await this.#file.save(this.#state);
    await Promise.all(this.alsoClear.map((clear) => clear()));
  }
  readonly alsoClear: Array<() => Promise<void>> = [];
}

type Defined<T> = { [K in keyof T]?: Exclude<T[K], undefined> };

function stripUndefined<T extends object>(value: T): Defined<T> {
  return Object.fromEntries(Object.entries(value).filter(([, inner]) => inner !== undefined)) as Defined<T>;
}
