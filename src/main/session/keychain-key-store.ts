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
    /** During setup: the profile being stored; otherwise null (keys are updated in place). */
    private readonly pendingProfile: () => StoredProfile | null,
  ) {}

  async read(): Promise<string | null> {
    return (await this.keychain.load(this.account))?.wrappedKeys ?? null;
  }

  async write(serialized: string): Promise<void> {
    // During setup the new profile replaces whatever an earlier setup of the same key stored.
    const profile = this.pendingProfile() ?? (await this.keychain.load(this.account));
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
