import type { MatchRange } from '../../shared/ipc/dto';

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

export function Highlight({ text, ranges }: { readonly text: string; readonly ranges: readonly MatchRange[] }) {
  return (
    <>
      {highlightSegments(text, ranges).map((segment, index) =>
        segment.match ? <mark key={index}>{segment.text}</mark> : <span key={index}>{segment.text}</span>,
      )}
    </>
  );
}
