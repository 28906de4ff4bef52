/**
 * Which entry a command-line reference means. A reference is an item id, a secret id, a folder
 * path ending in the title ("Work/Database (prod)"), a bare title, or a unique id prefix. In a
 * name, `\/` stands for a '/' that is part of the name and `\\` for a backslash.
 *
 * Exact forms win over looser ones, tried in this order; the first level with any match decides:
 *   1. item id, then secret id (case ignored)
 *   2. full path, case-sensitive      3. title, case-sensitive
 *   4. full path, case ignored        5. title, case ignored
 *   6. prefix (at least 4 hex digits) of an item id or a secret id
 * Entries that are one secret mounted in several places (same secret id) count as one match.
 */
import type { VaultEntry } from '../core/vault';

export const MIN_PREFIX_HEX = 4;

export type Resolution =
  | { readonly kind: 'found'; readonly entry: VaultEntry }
  | { readonly kind: 'ambiguous'; readonly candidates: readonly VaultEntry[] }
  | { readonly kind: 'none' };

/** Splits a reference at unescaped '/' and resolves `\/` and `\\`. */
export function referenceSegments(reference: string): string[] {
  const segments: string[] = [];
  let current = '';
  for (let i = 0; i < reference.length; i += 1) {
    const char = reference[i]!;
    const next = reference[i + 1];
    if (char === '\\' && (next === '/' || next === '\\')) {
      current += next;
      i += 1;
    } else if (char === '/') {
      segments.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  segments.push(current);
  return segments;
}

/** An entry's reference as `find` reads it back: folders and title joined by '/', escaped. */
export function entryReference(entry: Pick<VaultEntry, 'path' | 'title'>): string {
  return [...entry.path, entry.title].map((name) => name.replace(/\\/g, '\\\\').replace(/\//g, '\\/')).join('/');
}

function sameSegments(entry: VaultEntry, segments: readonly string[], fold: (text: string) => string): boolean {
  const names = [...entry.path, entry.title];
  return names.length === segments.length && names.every((name, i) => fold(name) === fold(segments[i]!));
}

const exact = (text: string): string => text;
const folded = (text: string): string => text.toLowerCase();

function prefixMatcher(reference: string): ((entry: VaultEntry) => boolean) | null {
  const prefix = reference.trim().toLowerCase();
  if (!/^[0-9a-f-]+$/.test(prefix) || prefix.replace(/-/g, '').length < MIN_PREFIX_HEX) {
    return null;
  }
  return (entry) => entry.id.toLowerCase().startsWith(prefix) || entry.secretId.toLowerCase().startsWith(prefix);
}

/** One entry per secret, in tree order. */
function distinctSecrets(entries: readonly VaultEntry[]): VaultEntry[] {
  const seen = new Set<string>();
  return entries.filter((entry) => {
    if (seen.has(entry.secretId)) {
      return false;
    }
    seen.add(entry.secretId);
    return true;
  });
}

export function resolveEntry(entries: readonly VaultEntry[], reference: string): Resolution {
  const id = reference.trim().toLowerCase();
  const segments = referenceSegments(reference);
  const title = segments.length === 1 ? segments[0]! : null;
  const prefix = prefixMatcher(reference);
  const levels: Array<((entry: VaultEntry) => boolean) | null> = [
    (entry) => entry.id.toLowerCase() === id,
    (entry) => entry.secretId.toLowerCase() === id,
    (entry) => sameSegments(entry, segments, exact),
    title === null ? null : (entry) => entry.title === title,
    (entry) => sameSegments(entry, segments, folded),
    title === null ? null : (entry) => entry.title.toLowerCase() === title.toLowerCase(),
    prefix,
  ];
  for (const matches of levels) {
    if (matches === null) {
      continue;
    }
    const found = distinctSecrets(entries.filter(matches));
    if (found.length === 1) {
      return { kind: 'found', entry: found[0]! };
    }
    if (found.length > 1) {
      return { kind: 'ambiguous', candidates: found };
    }
  }
  return { kind: 'none' };
}
