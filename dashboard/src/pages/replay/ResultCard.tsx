import { Link } from 'react-router';
import type { ReplayResult } from '../../api/types';
import { formatMs, formatScore, formatUsd } from '../../core/format';
import { responseDiff } from '../../core/replay-results';

/** One replayed call: original and replay side by side, the word diff, cost, latency and scores. */
export function ResultCard({ result }: { result: ReplayResult }) {
  const parts = responseDiff(result.original_response ?? '', result.replay_response ?? '');
  return (
    <div className={`result${result.regression ? ' regression' : ''}`} data-testid="replay-result" data-regression={result.regression} data-span-id={result.span_id}>
      <h3>
        {result.regression && <span className="status error">regression</span>}
        {result.status !== 'completed' && <span className={`status ${result.status}`}>{result.status}</span>}
        <Link to={`/traces/${result.trace_id}`}>trace {result.trace_id.slice(0, 12)}…</Link>
        <span>
          similarity <b data-field="hash_similarity">{formatScore(result.hash_similarity)}</b>
        </span>
        <span>
          semantic <b data-field="semantic_score">{formatScore(result.semantic_score)}</b> ({result.semantic_tier ?? '–'})
        </span>
        {result.judge_reason && <span title={result.judge_reason}>judge: {result.judge_reason}</span>}
        {result.simulated && <span className="hint">simulated</span>}
      </h3>
      {result.error && <p className="message error">{result.error.code}: {result.error.message}</p>}
      <div className="compare">
        <div data-side="original">
          <div className="hint">
            original · {result.original_provider}/{result.original_model} · {formatUsd(result.original_cost_usd)} · {formatMs(result.original_latency_ms)}
          </div>
          <div className="diff-text" data-testid="original-response">{result.original_response}</div>
        </div>
        <div data-side="replay">
          <div className="hint">
            replay · {result.replay_provider}/{result.replay_model} · {formatUsd(result.replay_cost_usd)} · {formatMs(result.replay_latency_ms)}
          </div>
          <div className="diff-text" data-testid="replay-response">{result.replay_response}</div>
        </div>
      </div>
      <details>
        <summary>Word diff{result.diff_summary ? ` (${result.diff_summary})` : ''}</summary>
        <div className="diff-text" data-testid="word-diff">
          {parts.map((part, index) => (part.change === 'added' ? <ins key={index}>{part.text}</ins> : part.change === 'removed' ? <del key={index}>{part.text}</del> : <span key={index}>{part.text}</span>))}
        </div>
      </details>
    </div>
  );
}
