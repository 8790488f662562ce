import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { apiFetch } from '../../api/client';
import type { SpanList } from '../../api/types';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatCount, formatMs, formatTime, formatUsd } from '../../core/format';
import { topCostCalls } from '../../core/top-cost';

const TOP = 10;

/** The costliest calls of the range, each opening its trace. */
export function TopCostCalls({ params, meanCostUsd }: { params: Record<string, string>; meanCostUsd: number }) {
  const { group_by: _group, interval: _interval, ...filters } = params;
  const top = useQuery({
    queryKey: ['top-cost', filters, meanCostUsd],
    queryFn: () =>
      topCostCalls(
        async (minCost) => {
          const page = await apiFetch<SpanList>('/api/spans', { params: { ...filters, min_cost: String(minCost), limit: 500 } });
          return { data: page.data, has_more: page.pagination.has_more };
        },
        meanCostUsd,
        TOP,
      ),
  });
  if (top.isPending) return <p className="hint">Finding the costliest calls…</p>;
  if (top.isError) return <ErrorMessage error={top.error} what="the costliest calls" />;
  if (top.data.calls.length === 0) return <p className="hint">No priced call in this range.</p>;
  return (
    <>
      <table className="grid" data-testid="top-cost">
        <thead>
          <tr>
            <th>Started</th>
            <th>Service</th>
            <th>Model</th>
            <th className="num">Tokens</th>
            <th className="num">Latency</th>
            <th className="num">Cost</th>
          </tr>
        </thead>
        <tbody>
          {top.data.calls.map((span) => (
            <tr key={span.span_id}>
              <td>
                <Link to={`/traces/${span.trace_id}`}>{formatTime(span.start_time)}</Link>
              </td>
              <td>{span.service_name}</td>
              <td>{span.model}</td>
              <td className="num">{formatCount((span.prompt_tokens ?? 0) + (span.completion_tokens ?? 0))}</td>
              <td className="num">{formatMs(span.latency_ms)}</td>
              <td className="num">{formatUsd(span.cost_usd)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {!top.data.exact && <p className="hint">Approximate: too many calls cost about the same.</p>}
    </>
  );
}
