/**
 * Profiles live in the OS keychain (Secret Service on Linux, Keychain on macOS, Credential Manager
 * on Windows) through @github/keytar: service `psono-tray`, one account per profile, a JSON
 * payload. Nothing here writes key material anywhere else. When no secure backend answers, every
 * call fails with 'keychain-unavailable' and a remedy — we never fall back to a file.
 */
import { z } from 'zod';

import { AppFailure } from '../app-error';
import { describeError, type Logger } from '../log';

export const KEYCHAIN_SERVICE = 'psono-tray';

const hex = (length: number) => z.string().regex(new RegExp(`^[0-9a-f]{${length}}$`));

export const storedProfileSchema = z
  .object({
    version: z.literal(1),
    serverUrl: z.string().url(),
    apiKeyId: z.string().uuid(),
    serverSignature: hex(64),
    serverPublicKey: z.union([hex(64), z.literal('')]),
    /** Fingerprint shown at setup, for display while locked. */
    serverFingerprint: z.string().max(200),
    username: z.string().max(500).nullable(),
    restricted: z.boolean(),
    /** Whether unlocking asks for a PIN (false: "trust my OS login"). */
    hasPin: z.boolean(),
    /**
     * The API key's private and secret keys as serialized by src/platform/pin (wrapped under the
     * user's PIN, or in "trust my OS login" mode); opaque here. null once erased after too many
     * wrong PINs: the profile stays for display, the user must paste the API key again.
     */
    wrappedKeys: z.string().min(1).max(20_000).nullable(),
  })
  .strict();

export type StoredProfile = z.infer<typeof storedProfileSchema>;

/** The keytar functions we use; @github/keytar's module satisfies it. */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

export interface ProfileKeychain {
  /** Resolves if a secure backend answers; throws AppFailure('keychain-unavailable') otherwise. */
  probe(): Promise<void>;
  load(account: string): Promise<StoredProfile | null>;
  save(account: string, profile: StoredProfile): Promise<void>;
  remove(account: string): Promise<void>;
  accounts(): Promise<string[]>;
}

/** One account per profile; the API key id names it. */
export function accountFor(apiKeyId: string): string {
  return `profile:${apiKeyId.toLowerCase()}`;
}

export class KeytarKeychain implements ProfileKeychain {
  constructor(
    private readonly keytar: KeytarLike,
    private readonly log: Logger,
    private readonly service = KEYCHAIN_SERVICE,
  ) {}

  async #call<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      // keytar's messages can name D-Bus paths, never secrets; still, log only the class.
      this.log.warn(`keychain ${what} failed: ${describeError(error)}`);
      throw new AppFailure('keychain-unavailable');
    }
  }

  async probe(): Promise<void> {
    await this.#call('probe', () => this.keytar.findCredentials(this.service));
  }

  async load(account: string): Promise<StoredProfile | null> {
    const text = await this.#call('read', () => this.keytar.getPassword(this.service, account));
    if (text === null) {
      return null;
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
    const parsed = storedProfileSchema.safeParse(data);
    if (!parsed.success) {
      this.log.warn('the keychain entry is not a profile this version understands');
      return null;
    }
    return parsed.data;
  }

  async save(account: string, profile: StoredProfile): Promise<void> {
    const checked = storedProfileSchema.parse(profile);
    await this.#call('write', () => this.keytar.setPassword(this.service, account, JSON.stringify(checked)));
  }

  async remove(account: string): Promise<void> {
    await this.#call('delete', () => this.keytar.deletePassword(this.service, account));
  }

  async accounts(): Promise<string[]> {
    const found = await this.#call('list', () => this.keytar.findCredentials(this.service));
    return found.map((entry) => entry.account);
  }
}
