/**
 * Owns the app's phase (no-profile / locked / unlocking / unlocked), the stored profile and the
 * open vault session. Everything that needs key material goes through here; locking drops it.
 */
import path from 'node:path';

import { fingerprint } from '../../core/crypto';
import { PsonoError } from '../../core/errors';
import { parseCredentials, wipeCredentials, type ApiKeyCredentials } from '../../core/session';
import { LegacyAttemptFile, PinLock, pinFailureMessage, type PinFailure, type ScryptParams } from '../../platform/pin';
import type { AppPhase, LockReason, ProfileSummary, SetupCheck, SetupCredentials } from '../../shared/ipc/dto';
import { AppFailure } from '../app-error';
import { accountFor, type ProfileKeychain, type StoredProfile } from '../keychain/keychain';
import { describeError, type Logger } from '../log';
import type { SettingsStore } from '../settings/settings-store';
import type { VaultService, VaultSession } from '../vault/vault-service';
import { KeychainWrappedKeyStore } from './keychain-key-store';

export interface SessionControllerDeps {
  readonly keychain: ProfileKeychain;
  readonly settings: SettingsStore;
  readonly vault: VaultService;
  readonly userDataDir: string;
  readonly log: Logger;
  /** Called after every phase/profile change. */
  readonly onChange: () => void;
  /** Work to do whenever the vault closes (clear clipboard, reset the renderer, …). */
  readonly onLocked: (reason: LockReason) => Promise<void>;
  /** Tests use cheaper scrypt parameters; the app uses the PIN module's default. */
  readonly scryptParams?: ScryptParams;
}

function toCoreInput(credentials: SetupCredentials): Parameters<typeof parseCredentials>[0] {
  return {
    serverUrl: credentials.serverUrl,
    apiKeyId: credentials.apiKeyId,
    privateKey: credentials.apiKeyPrivateKey,
    secretKey: credentials.apiKeySecretKey,
    serverSignature: credentials.serverSignature,
    serverPublicKey: credentials.serverPublicKey === '' ? null : credentials.serverPublicKey,
  };
}

/**
 * The long-lived PIN lock's "no profile pending" callback. Module level on purpose: a closure made
 * inside save() would keep save's scope alive — the pasted API key and the PIN — for as long as
 * the PIN lock lives (the main-process heap snapshot test checks it).
 */
const NO_PENDING_PROFILE = (): null => null;

/** PIN failures after which no stored key is left to protect. */
const KEY_GONE: ReadonlySet<PinFailure['kind']> = new Set(['pin-erased', 'no-keys', 'corrupt']);

function pinFailure(failure: PinFailure): AppFailure {
  switch (failure.kind) {
    case 'wrong-pin':
    case 'too-soon':
      return new AppFailure('wrong-pin', { message: pinFailureMessage(failure), retryInSeconds: failure.retryInSeconds });
    case 'pin-required':
      return new AppFailure('wrong-pin', { message: pinFailureMessage(failure) });
    case 'pin-too-short':
      return new AppFailure('invalid-argument', { message: pinFailureMessage(failure), field: 'pin' });
    case 'pin-erased':
    case 'no-keys':
    case 'corrupt':
      return new AppFailure('pin-erased', { message: pinFailureMessage(failure) });
  }
}

export class SessionController {
  #phase: AppPhase = 'no-profile';
  #lockReason: LockReason | null = 'startup';
  #account: string | null = null;
  #profile: StoredProfile | null = null;
  #session: VaultSession | null = null;
  #pinLock: PinLock | null = null;
  #transition: Promise<unknown> = Promise.resolve();
  /** Locks asked for and not finished yet. */
  #locksPending = 0;

  constructor(private readonly deps: SessionControllerDeps) {}

  get phase(): AppPhase {
    return this.#phase;
  }
  /**
   * The phase a request must see: from the moment a lock is asked for (it may wait behind an
   * unlock, or for the logout) the app counts as locked.
   */
  get effectivePhase(): AppPhase {
    return this.#locksPending > 0 && (this.#phase === 'unlocked' || this.#phase === 'unlocking') ? 'locked' : this.#phase;
  }
  get lockReason(): LockReason | null {
    return this.#lockReason;
  }
  /** The open vault; only while unlocked. */
  get session(): VaultSession | null {
    return this.#session;
  }
  get profileSummary(): ProfileSummary | null {
    const profile = this.#profile;
    if (!profile) {
      return null;
    }
    return {
      serverUrl: profile.serverUrl,
      apiKeyId: profile.apiKeyId,
      serverFingerprint: profile.serverFingerprint,
      username: profile.username,
      restricted: profile.restricted,
      hasPin: profile.hasPin,
    };
  }

  /** Reads which profile is active and whether its keys are still stored. */
  async init(): Promise<void> {
    const account = this.deps.settings.profileAccount;
    if (!account) {
      this.#set('no-profile', null);
      return;
    }
    const profile = await this.deps.keychain.load(account);
    if (!profile || profile.wrappedKeys === null) {
      this.#account = account;
      this.#profile = profile;
      this.#set('no-profile', profile ? 'pin-erased' : null);
      return;
    }
    this.#account = account;
    this.#profile = profile;
    this.#pinLock = this.#pinLockFor(account, NO_PENDING_PROFILE);
    this.#set('locked', 'startup');
  }

  /** Setup step 1: everything is checked against the server, nothing is stored. */
  async check(credentials: SetupCredentials): Promise<SetupCheck> {
    const parsed = parseCredentials(toCoreInput(credentials));
    try {
      return await this.deps.vault.check(parsed);
    } finally {
      wipeCredentials(parsed);
    }
  }

  /** Setup step 2: check again, store the profile in the keychain, and unlock with it. */
  save(credentials: SetupCredentials, pin: string | null): Promise<void> {
    return this.#serialised(async () => {
      await this.deps.keychain.probe();
      const parsed = parseCredentials(toCoreInput(credentials));
      let session: VaultSession | null = null;
      try {
        session = await this.deps.vault.open(parsed);
        const account = accountFor(parsed.apiKeyId);
        const profile: StoredProfile = {
          version: 1,
          serverUrl: parsed.serverUrl,
          apiKeyId: parsed.apiKeyId,
          serverSignature: parsed.serverSignature,
          serverPublicKey: parsed.serverPublicKey ?? '',
          serverFingerprint: session.serverFingerprint || fingerprint(parsed.serverSignature),
          username: session.username,
          restricted: session.restricted,
          hasPin: pin !== null,
          wrappedKeys: null,
        };
        // A previous profile (another key) is replaced: one active profile at a time.
        const previous = this.#account;
        const pinLock = this.#pinLockFor(account, () => profile);
        const stored = await pinLock.setup({ privateKey: parsed.privateKey, secretKey: parsed.secretKey }, pin);
        if (!stored.ok) {
          throw pinFailure(stored.error);
        }
        await this.deps.settings.setProfileAccount(account);
        if (previous && previous !== account) {
          await this.deps.keychain.remove(previous).catch(() => undefined);
          await this.deps.settings.clearProfileData();
          await this.deps.settings.setProfileAccount(account);
        }
        await this.#closeSession();
        this.#account = account;
        this.#profile = (await this.deps.keychain.load(account)) ?? profile;
        // From now on key updates (PIN change, erase) edit the stored entry in place.
        this.#pinLock = this.#pinLockFor(account, NO_PENDING_PROFILE);
        this.#session = session;
        session = null;
        this.#set('unlocked', null);
        this.deps.log.info(`profile stored in the keychain (${this.#session.entries.length} entries)`);
      } finally {
        wipeCredentials(parsed);
        await session?.close();
      }
    });
  }

  unlock(pin: string | null): Promise<void> {
    return this.#serialised(async () => {
      if (this.#phase === 'unlocked') {
        return;
      }
      const profile = this.#profile;
      const pinLock = this.#pinLock;
      if (!profile || !pinLock || this.#phase === 'no-profile') {
        throw new AppFailure('no-profile');
      }
      this.#set('unlocking', this.#lockReason);
      let credentials: ApiKeyCredentials | null = null;
      try {
        const opened = await pinLock.unlock(pin);
        if (!opened.ok) {
          if (opened.error.kind === 'pin-erased' || opened.error.kind === 'no-keys' || opened.error.kind === 'corrupt') {
            this.#set('no-profile', 'pin-erased');
          } else {
            this.#set('locked', this.#lockReason);
          }
          throw pinFailure(opened.error);
        }
        credentials = {
          serverUrl: profile.serverUrl,
          apiKeyId: profile.apiKeyId,
          privateKey: opened.value.privateKey,
          secretKey: opened.value.secretKey,
          serverSignature: profile.serverSignature,
          serverPublicKey: profile.serverPublicKey === '' ? null : profile.serverPublicKey,
        };
        // The profile remembers whether the key was restricted: an unrestricted one logs in at once.
        this.#session = await this.deps.vault.open(credentials, { restricted: profile.restricted });
        if (this.#session.restricted !== profile.restricted) {
          // The key's flags changed since setup: the next unlock of this run takes the right path.
          this.#profile = { ...profile, restricted: this.#session.restricted };
        }
        if (this.#locksPending > 0) {
          // A lock was asked for while this unlock was queued or running (locks wait their turn):
          // it closes the session next; the vault is never shown or listed in the tray meanwhile.
          return;
        }
        this.#set('unlocked', null);
        this.deps.log.info(`unlocked (${this.#session.entries.length} entries)`);
      } catch (error) {
        if (this.#phase === 'unlocking') {
          this.#set('locked', this.#lockReason);
        }
        if (error instanceof PsonoError && (error.kind === 'key-inactive' || error.kind === 'bad-api-key')) {
          this.#lockReason = 'key-revoked';
          this.deps.onChange();
        }
        throw error;
      } finally {
        if (credentials) {
          wipeCredentials(credentials);
        }
      }
    });
  }

  /** Drops the vault and its keys. Safe to call in any phase. */
  lock(reason: LockReason): Promise<void> {
    this.#locksPending += 1;
    const done = this.#serialised(async () => {
      const wasOpen = this.#session !== null;
      // close() wipes the vault and its keys before it sends the logout; the screen, tray and
      // clipboard follow at once, and the logout's answer (bounded) is awaited last, so a slow
      // server never keeps any of them showing the vault.
      const closing = this.#closeSession();
      if (this.#phase === 'unlocked' || this.#phase === 'unlocking') {
        this.#set('locked', reason);
      }
      if (wasOpen) {
        this.deps.log.info(`locked (${reason})`);
      }
      await this.deps.onLocked(reason);
      await closing;
    });
    return done.finally(() => {
      this.#locksPending -= 1;
    });
  }

  changePin(currentPin: string | null, newPin: string | null): Promise<void> {
    return this.#serialised(async () => {
      const pinLock = this.#pinLock;
      const account = this.#account;
      if (!pinLock || !account || !this.#profile) {
        throw new AppFailure('no-profile');
      }
      const changed = await pinLock.changePin(currentPin, newPin);
      if (!changed.ok) {
        throw pinFailure(changed.error);
      }
      const updated = await this.deps.keychain.load(account);
      if (updated) {
        this.#profile = { ...updated, hasPin: newPin !== null };
        await this.deps.keychain.save(account, this.#profile);
      }
      this.deps.onChange();
    });
  }

  /**
   * With a PIN, removal checks it first exactly like an unlock (a wrong one is counted, and the last
   * allowed one erases the key). A key already erased or unreadable has nothing left to guard.
   */
  removeProfile(pin: string | null): Promise<void> {
    return this.#serialised(async () => {
      if (this.#profile?.hasPin === true && this.#pinLock) {
        const opened = await this.#pinLock.unlock(pin);
        if (opened.ok) {
          // Only the check was wanted: the keys themselves go with the profile.
          opened.value.privateKey.wipe();
          opened.value.secretKey.wipe();
        } else if (!KEY_GONE.has(opened.error.kind)) {
          throw pinFailure(opened.error);
        }
      }
      await this.#closeSession();
      if (this.#account) {
        await this.deps.keychain.remove(this.#account);
      }
      await this.deps.settings.clearProfileData();
      this.#account = null;
      this.#profile = null;
      this.#pinLock = null;
      this.#set('no-profile', null);
      await this.deps.onLocked('manual');
    });
  }

  async #closeSession(): Promise<void> {
    const session = this.#session;
    this.#session = null;
    if (session) {
      try {
        await session.close();
      } catch (error) {
        this.deps.log.warn(`ending the server session failed: ${describeError(error)}`);
      }
    }
  }

  #pinLockFor(account: string, pending: () => StoredProfile | null): PinLock {
    const safeName = account.replace(/[^a-z0-9-]/gi, '_');
    return new PinLock({
      keyStore: new KeychainWrappedKeyStore(this.deps.keychain, account, pending),
      legacyAttempts: new LegacyAttemptFile(path.join(this.deps.userDataDir, `pin-attempts-${safeName}.json`)),
      ...(this.deps.scryptParams ? { scryptParams: this.deps.scryptParams } : {}),
    });
  }

  #set(phase: AppPhase, reason: LockReason | null): void {
    this.#phase = phase;
    this.#lockReason = reason;
    this.deps.onChange();
  }

  #serialised<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.#transition.then(operation, operation);
    this.#transition = run.catch(() => undefined);
    return run;
  }
}

