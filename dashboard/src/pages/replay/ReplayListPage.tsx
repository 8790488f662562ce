import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { apiFetch } from '../../api/client';
import type { ReplaySetList } from '../../api/types';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { formatPct, formatScore, formatTime } from '../../core/format';
import { CaptureForm } from './CaptureForm';

/** Replay sets, newest first, and the form that captures a new one (from a filter or selected traces). */
export function ReplayListPage() {
  const [search] = useSearchParams();
  const selected = search.getAll('trace_id');
  const sets = useQuery({
    queryKey: ['replay-sets'],
    queryFn: () => apiFetch<ReplaySetList>('/replay'),
    refetchInterval: (query) => (query.state.data?.data.some((set) => set.status === 'running' || set.status === 'pending') ? 2_000 : false),
  });
  return (
    <section>
      <header className="page-header">
        <h1>Replay studio</h1>
      </header>
      <p className="hint">Re-run captured LLM calls with another model, provider or prompt and compare. Without provider keys the replay service simulates (no network).</p>
      <CaptureForm selectedTraceIds={selected} />
      <h2 className="section-title">Replay sets</h2>
      {sets.isPending && <Loading what="replay sets" />}
      {sets.isError && <ErrorMessage error={sets.error} what="replay sets (is the replay service running? the query API proxies /replay to REPLAY_URL)" />}
      {sets.data && sets.data.data.length === 0 && <p className="message">No replay set yet: capture one above, or select traces in the trace list.</p>}
      {sets.data && sets.data.data.length > 0 && (
        <table className="grid" data-testid="replay-sets">
          <thead>
            <tr>
              <th>Name</th>
              <th>Created</th>
              <th>Status</th>
              <th>Mode</th>
              <th className="num">Calls</th>
              <th className="num">Cost change</th>
              <th className="num">Latency change</th>
              <th className="num">Similarity</th>
              <th className="num">Regressions</th>
            </tr>
          </thead>
          <tbody>
            {sets.data.data.map((set) => (
              <tr key={set.replay_id} data-replay-id={set.replay_id}>
                <td>
                  <Link to={`/replays/${set.replay_id}`}>{set.name}</Link>
                </td>
                <td>{formatTime(set.created_at)}</td>
                <td>
                  <span className={`status ${set.status === 'completed' ? 'ok' : set.status}`}>{set.status}</span>
                </td>
                <td>{set.mode ?? '–'}</td>
                <td className="num">
                  {set.completed_calls}/{set.total_calls}
                </td>
                <td className="num">{formatPct(set.summary.cost_delta_pct)}</td>
                <td className="num">{formatPct(set.summary.latency_delta_pct)}</td>
                <td className="num">{formatScore(set.summary.avg_semantic_score)}</td>
                <td className="num">{set.summary.regressions}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
