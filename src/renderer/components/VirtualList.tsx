/**
 * A fixed-row-height windowed list: only the rows in view (plus a few) are in the DOM, so a
 * 10 000-entry result set renders as fast as a 20-entry one. The selected row is always scrolled
 * into view and therefore rendered, which keeps aria-activedescendant pointing at a real element.
 */
import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';

import { visibleRange } from '../format';

export interface VirtualListProps {
  readonly id: string;
  readonly count: number;
  readonly rowHeight: number;
  readonly selectedIndex: number;
  readonly label: string;
  readonly overscan?: number;
  readonly renderRow: (index: number) => ReactNode;
}

export function VirtualList({ id, count, rowHeight, selectedIndex, label, overscan = 6, renderRow }: VirtualListProps) {
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(320);

  useLayoutEffect(() => {
    const element = viewport.current;
    if (!element) {
      return undefined;
    }
    setHeight(element.clientHeight);
    const observer = new ResizeObserver(() => setHeight(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useLayoutEffect(() => {
    const element = viewport.current;
    if (!element || count === 0) {
      return;
    }
    const top = selectedIndex * rowHeight;
    const bottom = top + rowHeight;
    if (top < element.scrollTop) {
      element.scrollTop = top;
    } else if (bottom > element.scrollTop + element.clientHeight) {
      element.scrollTop = bottom - element.clientHeight;
    }
    setScrollTop(element.scrollTop);
  }, [selectedIndex, rowHeight, count]);

  const { start, end } = visibleRange(count, rowHeight, scrollTop, height, overscan);
  const rows: ReactNode[] = [];
  for (let index = start; index < end; index++) {
    rows.push(
      <div key={index} className="vlist-row" role="none" style={{ top: index * rowHeight, height: rowHeight }}>
        {renderRow(index)}
      </div>,
    );
  }
  return (
    <div ref={viewport} id={id} className="vlist" role="listbox" aria-label={label} onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)} tabIndex={-1}>
      <div className="vlist-spacer" role="presentation" style={{ height: count * rowHeight }}>
        {rows}
      </div>
    </div>
  );
}
