/** Pure text and layout helpers used by components; kept free of JSX so unit tests import them directly. */
import type { MatchRange } from '../shared/ipc/dto';

/** Splits text at the match ranges main reported; out-of-range or overlapping ranges are skipped. */
export function highlightSegments(text: string, ranges: readonly MatchRange[]): Array<{ readonly text: string; readonly match: boolean }> {
  const segments: Array<{ text: string; match: boolean }> = [];
  let cursor = 0;
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  for (const [start, end] of sorted) {
    if (start < cursor || end <= start || end > text.length) {
      continue;
    }
    if (start > cursor) {
      segments.push({ text: text.slice(cursor, start), match: false });
    }
    segments.push({ text: text.slice(start, end), match: true });
    cursor = end;
  }
  if (cursor < text.length) {
    segments.push({ text: text.slice(cursor), match: false });
  }
  return segments;
}

/** Groups a TOTP code for reading aloud: 492039 → 492 039. */
export function formatTotp(code: string): string {
  return code.length === 6 || code.length === 8 ? `${code.slice(0, code.length / 2)} ${code.slice(code.length / 2)}` : code;
}

/** Which rows of a fixed-height list are in view, plus `overscan` rows on each side. */
export function visibleRange(count: number, rowHeight: number, scrollTop: number, viewportHeight: number, overscan: number): { start: number; end: number } {
  const first = Math.floor(scrollTop / rowHeight);
  const last = Math.ceil((scrollTop + viewportHeight) / rowHeight);
  return { start: Math.max(0, first - overscan), end: Math.min(count, last + overscan) };
}

