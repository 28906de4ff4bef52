/** What the listing commands and `get` print for humans (escaped) and for scripts (JSON, exact). */
import type { CliIo } from './run';
import type { VaultEntry, VaultWarning } from '../core/vault';
import { entryReference } from './find';
import { escapeControl, quoted, table } from './text';

export function entryJson(entry: VaultEntry): Record<string, unknown> {
  return {
    id: entry.id,
    secret_id: entry.secretId,
    type: entry.type,
    title: entry.title,
    path: entry.path,
    url: entry.urlHost,
    description: entry.description,
    datastore: entry.datastore,
    share_id: entry.shareId,
  };
}

/** id, type, reference (as `get` takes it), username/description; aligned whatever the type names. */
export function entryRows(entries: readonly VaultEntry[], indent = ''): string {
  return table(entries.map((entry) => [`${indent}${entry.id}`, escapeControl(entry.type), escapeControl(entryReference(entry)), escapeControl(entry.description)]));
}

export function printEntries(io: CliIo, entries: readonly VaultEntry[], json: boolean): void {
  io.stdout(json ? `${JSON.stringify(entries.map(entryJson), null, 2)}\n` : entryRows(entries));
}

/**
 * Warnings of one vault load, once each: shares the key cannot read are one line with their
 * count and names (they recur on every call, so one line is enough to notice). A name is what the
 * folder or item that mounts the share calls it, quoted and escaped; the id where no name is known.
 */
export function warningLines(warnings: readonly VaultWarning[]): string[] {
  const unreadable = warnings.filter((warning) => warning.kind === 'share-unreadable');
  const lines = warnings.filter((warning) => warning.kind !== 'share-unreadable').map((warning) => warning.message);
  if (unreadable.length > 0) {
    const names = unreadable.map((warning) => (warning.name ? quoted(warning.name) : `id ${warning.id ?? '?'}`)).join(', ');
    lines.unshift(`${unreadable.length} share${unreadable.length > 1 ? 's are' : ' is'} not readable with this API key and skipped: ${names}`);
  }
  // quoted() has escaped the names already; escaping again would double their backslashes.
  return lines.map((line, i) => `psono: warning: ${i === 0 && unreadable.length > 0 ? line : escapeControl(line)}\n`);
}
