/** Word matching: match classes, one-typo tolerance and title abbreviations. */
import { isWordAt } from './normalize';

export const EXACT = 4;
export const PREFIX = 3;
export const SUBSTRING = 2;
export const FUZZY = 1;

/** Damerau–Levenshtein distance ≤ 1 (substitution, insertion, deletion, adjacent swap). */
export function withinOneEdit(a: string, b: string): boolean {
  return oneEdit(a, a.length, b, b.length);
}

/** Does a[x, la) equal b[y, lb)? */
function sameTail(a: string, x: number, la: number, b: string, y: number, lb: number): boolean {
  if (la - x !== lb - y) {
    return false;
  }
  for (; x < la; x++, y++) {
    if (a.charCodeAt(x) !== b.charCodeAt(y)) {
      return false;
    }
  }
  return true;
}

/** withinOneEdit on the prefixes a[0, la) and b[0, lb), without allocating. */
function oneEdit(a: string, la: number, b: string, lb: number): boolean {
  if (la - lb > 1 || lb - la > 1) {
    return false;
  }
  let i = 0;
  while (i < la && i < lb && a.charCodeAt(i) === b.charCodeAt(i)) {
    i++;
  }
  if (i === la && i === lb) {
    return true;
  }
  if (la === lb) {
    return (
      sameTail(a, i + 1, la, b, i + 1, lb) ||
      (i + 1 < la && a.charCodeAt(i) === b.charCodeAt(i + 1) && a.charCodeAt(i + 1) === b.charCodeAt(i) && sameTail(a, i + 2, la, b, i + 2, lb))
    );
  }
  return la > lb ? sameTail(a, i + 1, la, b, i, lb) : sameTail(a, i, la, b, i + 1, lb);
}

/**
 * A vocabulary word counts as a typo of the query word if it is within one edit of it, or if its
 * prefix is (the user is still typing a longer word: "passwrd" → "passwords").
 */
function fuzzyWordMatch(query: string, word: string): boolean {
  const n = query.length;
  const lw = word.length;
  if (lw + 1 < n) {
    return false;
  }
  // Cheap filter: one edit cannot change both of the first two characters.
  const q0 = query.charCodeAt(0);
  if (q0 !== word.charCodeAt(0) && query.charCodeAt(1) !== word.charCodeAt(1) && q0 !== word.charCodeAt(1)) {
    return false;
  }
  return oneEdit(query, n, word, lw) || (lw > n && oneEdit(query, n, word, n)) || (lw > n + 1 && oneEdit(query, n, word, n + 1)) || (lw > n - 1 && oneEdit(query, n, word, n - 1));
}

/**
 * Class of an indexed word for a query word: exact > prefix > substring > typo; 0 = no match.
 * A single character only matches at a word start: as a substring it would match nearly everything.
 */
export function wordClass(query: string, word: string, fuzzy: boolean): number {
  if (word.length >= query.length) {
    if (query.length === 1) {
      return word.charCodeAt(0) === query.charCodeAt(0) ? (word.length === 1 ? EXACT : PREFIX) : 0;
    }
    const at = word.indexOf(query);
    if (at === 0) {
      return word.length === query.length ? EXACT : PREFIX;
    }
    if (at > 0) {
      return SUBSTRING;
    }
  }
  return fuzzy && fuzzyWordMatch(query, word) ? FUZZY : 0;
}

/**
 * Abbreviations ("sdbp" → "Shared DB password"): the query characters in order, each one either
 * right after the previous match or at the start of a later word. Greedy, which is enough here.
 * Returns the matched positions, or null.
 */
export function subsequence(title: string, word: string): number[] | null {
  for (let i = title.indexOf(word[0]!); i >= 0; i = title.indexOf(word[0]!, i + 1)) {
    if (isWordAt(title, i - 1)) {
      continue;
    }
    const positions = [i];
    let last = i;
    for (let k = 1; k < word.length; k++) {
      const char = word[k]!;
      if (title[last + 1] === char) {
        last += 1;
      } else {
        let found = -1;
        for (let at = title.indexOf(char, last + 2); at >= 0; at = title.indexOf(char, at + 1)) {
          if (!isWordAt(title, at - 1)) {
            found = at;
            break;
          }
        }
        if (found < 0) {
          break;
        }
        last = found;
      }
      positions.push(last);
    }
    if (positions.length === word.length) {
      return positions;
    }
  }
  return null;
}
