/**
 * Which vault a request may use. Entry actions ask before they read and again after every await
 * that read a value: a lock may have run meanwhile (vault wiped, clipboard cleared, window
 * reloaded), so a value read before it must never reach the clipboard or the renderer.
 */
import { PsonoError } from '../../core/errors';
import { AppFailure } from '../app-error';
import type { IndexedEntry, VaultSession } from '../vault/vault-service';

export class VaultGate {
  /** `current`: the open vault, or null while locked (a passed deadline or a lock in flight counts). */
  constructor(private readonly current: () => VaultSession | null) {}

  /** The open vault; 'locked' otherwise. */
  open(): VaultSession {
    const vault = this.current();
    if (!vault) {
      throw new AppFailure('locked');
    }
    return vault;
  }

  /** After an await: 'locked' unless `vault` is still the open one. */
  stillOpen(vault: VaultSession): void {
    if (this.current() !== vault) {
      throw new AppFailure('locked');
    }
  }

  /** The open vault and one of its entries; 'not-found' for an id it does not hold. */
  entry(id: string): { readonly vault: VaultSession; readonly entry: IndexedEntry } {
    const vault = this.open();
    const entry = vault.find(id);
    if (!entry) {
      throw new PsonoError('not-found');
    }
    return { vault, entry };
  }
}
