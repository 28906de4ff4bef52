import type { MatchRange } from '../../shared/ipc/dto';
import { highlightSegments } from '../format';

export function Highlight({ text, ranges }: { readonly text: string; readonly ranges: readonly MatchRange[] }) {
  return (
    <>
      {highlightSegments(text, ranges).map((segment, index) =>
        segment.match ? <mark key={index}>{segment.text}</mark> : <span key={index}>{segment.text}</span>,
      )}
    </>
  );
}
