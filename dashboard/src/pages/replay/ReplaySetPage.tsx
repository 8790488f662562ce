import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { apiFetch } from '../../api/client';
import type { ReplayDiff, ReplaySet } from '../../api/types';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { formatMs, formatPct, formatScore, formatUsd } from '../../core/format';
import { regressionsFirst } from '../../core/replay-results';
import { ResultCard } from './ResultCard';
import { RunForm } from './RunForm';

const PROGRESS_POLL_MS = 1_000;

/** One replay set: run it with overrides, watch its progress, then compare call by call, regressions first. */
export function ReplaySetPage() {
  const { replayId = '' } = useParams();
  const set = useQuery({
    queryKey: ['replay-set', replayId],
    queryFn: () => apiFetch<ReplaySet>(`/replay/${encodeURIComponent(replayId)}`),
    refetchInterval: (query) => (query.state.data?.status === 'running' || (query.state.data?.status === 'pending' && query.state.data.run_count > 0) ? PROGRESS_POLL_MS : false),
  });
  const ran = (set.data?.run_count ?? 0) > 0;
  const diff = useQuery({
    queryKey: ['replay-diff', replayId, set.data?.status, set.data?.completed_calls],
    queryFn: () => apiFetch<ReplayDiff>(`/replay/${encodeURIComponent(replayId)}/diff`),
    enabled: ran,
  });
  if (set.isPending) return <Loading what="the replay set" />;
  if (set.isError) return <ErrorMessage error={set.error} what={`replay set ${replayId}`} />;
  const data = set.data;
  const summary = data.summary;
  return (
    <section>
      <header className="page-header">
        <h1>
          <Link to="/replays">Replay studio</Link> / {data.name}
        </h1>
        <span className={`status ${data.status === 'completed' ? 'ok' : data.status}`} data-testid="replay-status">
          {data.status}
        </span>
        {data.mode && <span className="hint" data-testid="replay-mode">{data.mode}</span>}
      </header>
      {data.description && <p>{data.description}</p>}
      <RunForm replayId={replayId} disabled={data.status === 'running'} />
      {(ran || data.status === 'running') && (
        <div className="progress" data-testid="replay-progress">
          <progress max={data.total_calls} value={data.completed_calls} /> {data.completed_calls} of {data.total_calls} calls
          {data.failed_calls > 0 && <span className="hint"> · {data.failed_calls} failed</span>}
        </div>
      )}
      {data.error && <p className="message error">{data.error}</p>}
      {ran && (
        <div className="cards" data-testid="replay-summary">
          <div className="card"><div className="label">Cost</div><div className="value">{formatUsd(summary.original_cost_usd)} → {formatUsd(summary.replay_cost_usd)}</div><div className="hint">{formatPct(summary.cost_delta_pct)}</div></div>
          <div className="card"><div className="label">Avg latency</div><div className="value">{formatMs(summary.original_avg_latency_ms)} → {formatMs(summary.replay_avg_latency_ms)}</div><div className="hint">{formatPct(summary.latency_delta_pct)}</div></div>
          <div className="card"><div className="label">Similarity</div><div className="value">{formatScore(summary.avg_hash_similarity)}</div></div>
          <div className="card"><div className="label">Semantic score</div><div className="value">{formatScore(summary.avg_semantic_score)}</div><div className="hint">{summary.judged_calls} judged</div></div>
          <div className="card"><div className="label">Regressions</div><div className="value" data-testid="regression-count">{summary.regressions}</div><div className="hint">under {summary.regression_threshold}</div></div>
        </div>
      )}
      {diff.isError && <ErrorMessage error={diff.error} what="the comparison" />}
      {diff.data && regressionsFirst(diff.data.results).map((result) => <ResultCard key={result.span_id} result={result} />)}
    </section>
  );
}
