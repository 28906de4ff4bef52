/**
 * What the window and the tray do with one entry: details, reveal, copy, TOTP, open URL and
 * favourite. Secrets are read in main; each action checks the lock again after its read, so a
 * read that ends after a lock began never reaches the clipboard, the window or the browser.
 */
import type { CopyField, CopyReceipt, EntryDetails, RevealedValue, TotpCode } from '../../shared/ipc/dto';
import { AppFailure } from '../app-error';
import { summarize } from './entry-search';
import type { VaultGate } from './vault-gate';

/** The favourite and recently copied entry ids (the settings store keeps them). */
export interface EntryLists {
  readonly favourites: readonly string[];
  addRecent(id: string): Promise<void>;
  setFavourite(id: string, favourite: boolean): Promise<void>;
}

export interface EntryActionsDeps {
  readonly gate: VaultGate;
  readonly lists: EntryLists;
  readonly clipboard: { copy(value: string, label: string): Promise<{ clearsInSeconds: number | null }> };
  readonly notifyOnCopy: () => boolean;
  /** A desktop notification (where the desktop supports them). */
  readonly notify: (body: string) => void;
  readonly openExternal: (url: string) => Promise<void>;
  /** After a copy or a favourite change: the tray and the window's state show recent and favourites. */
  readonly onChange: () => void;
  /** After a copy, reveal or opened URL (UsageStore.recordUse): ranks the entry higher next time. */
  readonly recordUse?: (itemId: string) => void;
}

/** Only web links: a stored javascript:, file: or custom-scheme URL is never handed to the OS. */
export function webUrl(url: string | null): string | null {
  try {
    const parsed = url ? new URL(url) : null;
    return parsed && (parsed.protocol === 'http:' || parsed.protocol === 'https:') ? parsed.href : null;
  } catch {
    return null;
  }
}

export class EntryActions {
  constructor(private readonly deps: EntryActionsDeps) {}

  async details(id: string): Promise<EntryDetails> {
    const { vault, entry } = this.deps.gate.entry(id);
    const details = await vault.details(id);
    // The list shows the item's name; the detail view the secret's own title (spec §8).
    const title = details.title !== null && details.title.trim() !== '' ? details.title : entry.title;
    return { summary: { ...summarize(entry, this.deps.lists.favourites.includes(id)), title }, fields: details.fields };
  }

  async reveal(id: string, field: CopyField): Promise<RevealedValue> {
    const { vault } = this.deps.gate.entry(id);
    const value = field === 'totp' ? (await vault.totp(id)).code : (await vault.readField(id, field)).value.expose();
    this.deps.gate.stillOpen(vault);
    this.deps.recordUse?.(id);
    return { key: field, value };
  }

  async copy(id: string, field: CopyField): Promise<CopyReceipt> {
    const { vault, entry } = this.deps.gate.entry(id);
    let value: string;
    let what: string;
    // 'main' (Enter) is resolved by the vault: password, the note text, or a TOTP item's code.
    if (field === 'totp') {
      value = (await vault.totp(id)).code;
      what = 'TOTP code';
    } else {
      const read = await vault.readField(id, field);
      value = read.value.expose();
      what = read.label;
    }
    const label = `${what} of ${entry.title}`;
    this.deps.gate.stillOpen(vault);
    const { clearsInSeconds } = await this.deps.clipboard.copy(value, label);
    await this.deps.lists.addRecent(id);
    this.deps.recordUse?.(id);
    if (this.deps.notifyOnCopy()) {
      this.deps.notify(clearsInSeconds ? `Copied the ${label}. The clipboard clears in ${clearsInSeconds} s.` : `Copied the ${label}.`);
    }
    this.deps.onChange();
    return { label, clearsInSeconds };
  }

  /** The code shown in the detail view. */
  async totp(id: string): Promise<TotpCode> {
    const { vault } = this.deps.gate.entry(id);
    const code = await vault.totp(id);
    this.deps.gate.stillOpen(vault);
    return code;
  }

  async openUrl(id: string): Promise<void> {
    const { vault } = this.deps.gate.entry(id);
    const url = webUrl(await vault.url(id));
    this.deps.gate.stillOpen(vault);
    if (!url) {
      throw new AppFailure('unsupported', { message: 'This entry has no http or https URL to open.' });
    }
    await this.deps.openExternal(url);
    this.deps.recordUse?.(id);
  }

  async setFavourite(id: string, favourite: boolean): Promise<void> {
    this.deps.gate.entry(id);
    await this.deps.lists.setFavourite(id, favourite);
    this.deps.onChange();
  }
}
