/**
 * Adapts one keychain profile entry to the PIN module's WrappedKeyStore: the wrapped keys are a
 * field of the profile's JSON payload, so the keychain holds one item per profile.
 */
import type { WrappedKeyStore } from '../../platform/pin';
import type { ProfileKeychain, StoredProfile } from '../keychain/keychain';

export class KeychainWrappedKeyStore implements WrappedKeyStore {
  constructor(
    private readonly keychain: ProfileKeychain,
    private readonly account: string,
    /** The profile to create when the entry does not exist yet (setup). */
    private readonly pendingProfile: () => StoredProfile | null,
  ) {}

  async read(): Promise<string | null> {
    return (await this.keychain.load(this.account))?.wrappedKeys ?? null;
  }

  async write(serialized: string): Promise<void> {
    const profile = (await this.keychain.load(this.account)) ?? this.pendingProfile();
    if (!profile) {
      throw new Error('no profile to store the keys in');
    }
    await this.keychain.save(this.account, { ...profile, wrappedKeys: serialized });
  }

  async erase(): Promise<void> {
    const profile = await this.keychain.load(this.account);
    if (profile) {
      await this.keychain.save(this.account, { ...profile, wrappedKeys: null });
    }
  }
}
