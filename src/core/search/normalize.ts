/**
 * Case- and diacritics-insensitive text for search. `café` → `cafe`, `Straße` → `strasse`. Titles
 * can be mapped back (normalised offsets → displayed offsets) for highlighting; that map is built
 * only for the few titles actually shown.
 */

/** Letters that do not decompose under NFD but users type without their stroke. */
const FOLDS: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ŀ: 'l' };
const FOLD_PATTERN = /[ßæœøłđðþıŀ]/g;
const COMBINING_MARKS = /\p{M}/gu;

export interface NormalizedText {
  readonly text: string;
  /** For each normalised code unit: start offset in the original string. Null when identical positions. */
  readonly starts: Uint32Array | null;
  /** For each normalised code unit: end offset (exclusive) in the original string. */
  readonly ends: Uint32Array | null;
}

function foldChar(char: string): string {
  const lower = char.toLowerCase();
  return FOLDS[lower] ?? lower.normalize('NFD').replace(COMBINING_MARKS, '');
}

/** Printable ASCII only: such text normalises by lower-casing alone, and its words are [a-z0-9] runs. */
function isPlainAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code > 0x7e) {
      return false;
    }
  }
  return true;
}

/** Normalised form (whole-string operations: this runs for every field of every entry). */
export function normalize(text: string): string {
  if (isPlainAscii(text)) {
    return text.toLowerCase();
  }
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(FOLD_PATTERN, (char) => FOLDS[char]!);
}

/** Normalised form plus the position map back into `text` (character by character). */
export function normalizeWithMap(text: string): NormalizedText {
  if (isPlainAscii(text)) {
    return { text: text.toLowerCase(), starts: null, ends: null };
  }
  let out = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let offset = 0;
  for (const char of text) {
    const folded = foldChar(char);
    for (let i = 0; i < folded.length; i++) {
      starts.push(offset);
      ends.push(offset + char.length);
    }
    out += folded;
    offset += char.length;
  }
  return { text: out, starts: Uint32Array.from(starts), ends: Uint32Array.from(ends) };
}

/** Maps a [start, end) range of the normalised text back to the original string. */
export function mapRange(normalized: NormalizedText, start: number, end: number): [number, number] {
  if (normalized.starts === null || normalized.ends === null) {
    return [start, end];
  }
  return [normalized.starts[start]!, normalized.ends[end - 1]!];
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Letters and digits in any script are word characters (`code` is a UTF-16 code unit). */
function isWordCode(code: number): boolean {
  if (code < 128) {
    return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90);
  }
  return code === code && WORD_CHAR.test(String.fromCharCode(code));
}

/** Is text[at] a word character? Out of range counts as not. */
export function isWordAt(text: string, at: number): boolean {
  return at >= 0 && at < text.length && isWordCode(text.charCodeAt(at));
}

const ASCII_WORDS = /[a-z0-9]+/g;
const UNICODE_WORDS = /[\p{L}\p{N}]+/gu;

/** Words (letter/digit runs) of normalised text. */
export function tokenize(normalized: string): string[] {
  return normalized.match(isPlainAscii(normalized) ? ASCII_WORDS : UNICODE_WORDS) ?? [];
}
