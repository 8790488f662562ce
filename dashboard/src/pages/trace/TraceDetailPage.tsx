import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { apiFetch } from '../../api/client';
import type { TraceDetail } from '../../api/types';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { formatCount, formatMs, formatTime, formatUsd } from '../../core/format';
import { waterfallRows } from '../../core/waterfall';
import { SpanDetail } from './SpanDetail';
import { Waterfall } from './Waterfall';

/** One trace: summary, the waterfall, and the selected span (the first LLM call to begin with). */
export function TraceDetailPage() {
  const { traceId = '' } = useParams();
  const trace = useQuery({ queryKey: ['trace', traceId], queryFn: () => apiFetch<TraceDetail>(`/api/traces/${encodeURIComponent(traceId)}`) });
  const rows = useMemo(() => waterfallRows(trace.data?.spans ?? []), [trace.data]);
  const [picked, setPicked] = useState<string | null>(null);
  const selectedId = picked ?? rows.find((row) => row.span.model !== null)?.span.span_id ?? rows[0]?.span.span_id ?? null;
  const selected = rows.find((row) => row.span.span_id === selectedId)?.span;

  if (trace.isPending) return <Loading what="the trace" />;
  if (trace.isError) return <ErrorMessage error={trace.error} what={`trace ${traceId}`} />;
  const data = trace.data;
  return (
    <section className="trace-detail">
      <header className="page-header">
        <h1>
          <Link to="/traces">Traces</Link> / {data.root_span_name ?? data.trace_id}
        </h1>
      </header>
      <dl className="summary">
        <div><dt>Trace</dt><dd><code>{data.trace_id}</code></dd></div>
        <div><dt>Service</dt><dd>{data.service_name}</dd></div>
        <div><dt>Started</dt><dd>{formatTime(data.start_time)}</dd></div>
        <div><dt>Duration</dt><dd>{formatMs(data.duration_ms)}</dd></div>
        <div><dt>Spans</dt><dd>{formatCount(data.span_count)}</dd></div>
        <div><dt>LLM calls</dt><dd>{formatCount(data.llm_call_count)}</dd></div>
        <div><dt>Cost</dt><dd>{formatUsd(data.total_cost_usd)}</dd></div>
        <div><dt>Status</dt><dd><span className={`status ${data.status}`}>{data.status}</span></dd></div>
      </dl>
      <div className="trace-panes">
        <Waterfall rows={rows} selected={selectedId} onSelect={setPicked} />
        {selected ? <SpanDetail key={selected.span_id} span={selected} /> : <p className="hint">This trace has no spans.</p>}
      </div>
    </section>
  );
}
