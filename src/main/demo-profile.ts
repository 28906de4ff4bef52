/**
 * Demo mode (`npm run demo`): scripts/demo.ts starts the dev server, writes a throw-away profile
 * file and launches the app with PSONO_TRAY_DEMO_PROFILE and PSONO_TRAY_USER_DATA. The app then
 * keeps the profile in memory only — the user's OS keychain and settings are never touched — and
 * saves the demo API key without a PIN, so the window opens straight on the search.
 */
import { readFileSync } from 'node:fs';

import { z } from 'zod';

import type { SetupCredentials } from '../shared/ipc/dto';
import type { RunningApp } from './app';
import type { ProfileKeychain, StoredProfile } from './keychain/keychain';

export const DEMO_PROFILE_ENV = 'PSONO_TRAY_DEMO_PROFILE';
export const DEMO_USER_DATA_ENV = 'PSONO_TRAY_USER_DATA';

const demoProfileSchema = z.object({
  serverUrl: z.string().url(),
  apiKeyId: z.string().uuid(),
  apiKeyPrivateKey: z.string(),
  apiKeySecretKey: z.string(),
  serverSignature: z.string(),
  serverPublicKey: z.string(),
});

/** A keychain that lives and dies with the process: for the demo's throw-away profile only. */
export class MemoryKeychain implements ProfileKeychain {
  readonly #profiles = new Map<string, StoredProfile>();

  async probe(): Promise<void> {}

  async load(account: string): Promise<StoredProfile | null> {
    return this.#profiles.get(account) ?? null;
  }

  async save(account: string, profile: StoredProfile): Promise<void> {
    this.#profiles.set(account, profile);
  }

  async remove(account: string): Promise<void> {
    this.#profiles.delete(account);
  }

  async accounts(): Promise<string[]> {
    return [...this.#profiles.keys()];
  }
}

export interface DemoMode {
  readonly keychain: MemoryKeychain;
  readonly userDataDir: string;
  readonly credentials: SetupCredentials;
}

/**
 * The demo configuration when both variables are set, else null. A set but unusable demo
 * profile is an error: silently falling back would open the user's real keychain.
 */
export function demoModeFromEnv(env: NodeJS.ProcessEnv, readFile: (path: string) => string = (path) => readFileSync(path, 'utf8')): DemoMode | null {
  const profileFile = env[DEMO_PROFILE_ENV];
  if (profileFile === undefined || profileFile === '') {
    return null;
  }
  const userDataDir = env[DEMO_USER_DATA_ENV];
  if (userDataDir === undefined || userDataDir === '') {
    throw new Error(`${DEMO_PROFILE_ENV} is set but ${DEMO_USER_DATA_ENV} is not: refusing to use the real user-data folder in demo mode`);
  }
  const parsed = demoProfileSchema.safeParse(JSON.parse(readFile(profileFile)));
  if (!parsed.success) {
    throw new Error(`${DEMO_PROFILE_ENV} does not name a valid demo profile file`);
  }
  return { keychain: new MemoryKeychain(), userDataDir, credentials: parsed.data };
}

/** Stores the demo key without a PIN (which also unlocks) and opens the search. */
export async function enterDemo(running: Pick<RunningApp, 'sessions' | 'show'>, demo: DemoMode): Promise<void> {
  await running.sessions.save(demo.credentials, null);
  running.show('search');
}
