import { useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Span } from '../../api/types';
import { formatMs } from '../../core/format';
import type { WaterfallRow } from '../../core/waterfall';

const ROW_HEIGHT = 26;
const INDENT_PX = 14;

/** The span tree as timed bars; only the rows in view are in the DOM, so thousands of spans stay smooth. */
export function Waterfall({ rows, selected, onSelect }: { rows: WaterfallRow<Span>[]; selected: string | null; onSelect: (spanId: string) => void }) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 20 });
  return (
    <div className="waterfall" ref={scroller} data-testid="waterfall" data-span-count={rows.length}>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index]!;
          const span = row.span;
          const llm = span.model !== null || span.provider !== null;
          return (
            <div
              key={span.span_id}
              className={`wf-row${selected === span.span_id ? ' selected' : ''}`}
              style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
              onClick={() => onSelect(span.span_id)}
              role="button"
              tabIndex={0}
              onKeyDown={(event) => event.key === 'Enter' && onSelect(span.span_id)}
              data-span-id={span.span_id}
              data-index={item.index}
            >
              <div className="wf-name" style={{ paddingLeft: row.depth * INDENT_PX }} title={span.name}>
                {llm && <span className="badge">LLM</span>} {span.name}
              </div>
              <div className="wf-track">
                <div
                  className={`wf-bar ${span.status}${llm ? ' llm' : ''}`}
                  style={{ left: `${row.offset * 100}%`, width: `max(2px, ${row.width * 100}%)` }}
                />
              </div>
              <div className="wf-time">{formatMs(span.latency_ms)}</div>
            </div>
          );
        })}
      </div>
    </div>
  );
}
