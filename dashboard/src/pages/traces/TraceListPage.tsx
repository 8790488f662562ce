import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { apiFetch } from '../../api/client';
import type { TraceList } from '../../api/types';
import { ErrorMessage } from '../../components/ErrorMessage';
import { EmptyState } from '../../components/EmptyState';
import { Loading } from '../../components/Loading';
import { formatMs, formatScore, formatTime, formatUsd } from '../../core/format';
import { activeFilterCount, apiParams, filtersFromSearch, searchFromFilters, type TraceFilters } from '../../core/trace-filters';
import { TraceFilterBar } from './TraceFilterBar';

const PAGE_SIZE = 50;
const LIVE_REFRESH_MS = 5_000;

/** Traces, newest first: every API filter in the URL, cursor pages, optional live refresh. */
export function TraceListPage() {
  const [search, setSearch] = useSearchParams();
  const filters = filtersFromSearch(search);
  const apply = (next: TraceFilters) => setSearch(searchFromFilters(next));
  const key = search.toString();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const navigate = useNavigate();
  const toggle = (traceId: string) => {
    const next = new Set(selected);
    if (next.has(traceId)) next.delete(traceId);
    else next.add(traceId);
    setSelected(next);
  };
  const replaySelected = () => void navigate(`/replays?${[...selected].map((id) => `trace_id=${id}`).join('&')}`);
  const traces = useQuery({
    queryKey: ['traces', key],
    queryFn: () => apiFetch<TraceList>('/api/traces', { params: apiParams(filters, Date.now(), PAGE_SIZE) }),
    refetchInterval: filters.live && !filters.cursor ? LIVE_REFRESH_MS : false,
  });

  return (
    <section>
      <header className="page-header">
        <h1>Traces</h1>
        <label className="live">
          <input type="checkbox" name="live" checked={filters.live} onChange={(event) => apply({ ...filters, live: event.target.checked })} /> Live
          refresh
        </label>
        {selected.size > 0 && (
          <button type="button" className="primary" onClick={replaySelected}>
            Replay {selected.size} selected
          </button>
        )}
      </header>
      <TraceFilterBar key={key} filters={filters} onApply={apply} />
      {traces.isPending && <Loading what="traces" />}
      {traces.isError && <ErrorMessage error={traces.error} what="traces" />}
      {traces.data && traces.data.data.length === 0 && (activeFilterCount(filters) > 0 || filters.cursor ? <p className="message">No trace matches these filters.</p> : <EmptyState title="No traces yet" />)}
      {traces.data && traces.data.data.length > 0 && (
        <>
          <table className="grid" data-testid="trace-table">
            <thead>
              <tr>
                <th aria-label="select" />
                <th>Started</th>
                <th>Service</th>
                <th>Root span</th>
                <th>Models</th>
                <th className="num">Spans</th>
                <th className="num">LLM calls</th>
                <th className="num">Tokens</th>
                <th className="num">Cost</th>
                <th className="num">Duration</th>
                <th className="num" title="the worst quality score of the trace's LLM calls">Quality</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {traces.data.data.map((trace) => (
                <tr key={trace.trace_id} data-trace-id={trace.trace_id}>
                  <td>
                    <input type="checkbox" aria-label={`select ${trace.trace_id}`} checked={selected.has(trace.trace_id)} onChange={() => toggle(trace.trace_id)} />
                  </td>
                  <td>{formatTime(trace.start_time)}</td>
                  <td>{trace.service_name}</td>
                  <td>
                    <Link to={`/traces/${trace.trace_id}`}>{trace.root_span_name ?? trace.trace_id}</Link>
                  </td>
                  <td>{trace.models.join(', ')}</td>
                  <td className="num">{trace.span_count}</td>
                  <td className="num">{trace.llm_call_count}</td>
                  <td className="num">{trace.prompt_tokens + trace.completion_tokens}</td>
                  <td className="num">{formatUsd(trace.total_cost_usd)}</td>
                  <td className="num">{formatMs(trace.duration_ms)}</td>
                  <td className={`num quality-cell${trace.quality_score !== null && trace.quality_score < 0.7 ? ' low' : ''}`} data-quality={trace.quality_score ?? ''}>
                    {formatScore(trace.quality_score)}
                  </td>
                  <td>
                    <span className={`status ${trace.status}`}>{trace.status}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <nav className="pager">
            {filters.cursor && (
              <button type="button" onClick={() => apply({ ...filters, cursor: null })}>
                First page
              </button>
            )}
            {traces.data.pagination.has_more && traces.data.pagination.next_cursor && (
              <button type="button" onClick={() => apply({ ...filters, cursor: traces.data.pagination.next_cursor })}>
                Next page
              </button>
            )}
          </nav>
        </>
      )}
    </section>
  );
}
