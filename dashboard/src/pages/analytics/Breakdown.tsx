import { Link } from 'react-router';
import type { CostReport, LatencyReport, TokensReport } from '../../api/types';
import { formatCount, formatMs, formatUsd } from '../../core/format';
import { tracesLink, type AnalyticsSettings } from '../../core/analytics-params';

interface Props {
  settings: AnalyticsSettings;
  fromMs: number;
  toMs: number;
  cost: CostReport;
  latency: LatencyReport | undefined;
  tokens: TokensReport | undefined;
}

/** Cost, calls, tokens and latency per group; each group links to its traces. */
export function Breakdown({ settings, fromMs, toMs, cost, latency, tokens }: Props) {
  const latencyByKey = new Map(latency?.breakdown.map((row) => [row.key, row]) ?? []);
  const tokensByKey = new Map(tokens?.breakdown.map((row) => [row.key, row]) ?? []);
  const maxCost = Math.max(...cost.breakdown.map((row) => row.cost_usd), 1e-12);
  if (cost.breakdown.length === 0) return <p className="hint">Nothing to break down in this range.</p>;
  return (
    <table className="grid" data-testid="breakdown">
      <thead>
        <tr>
          <th>{settings.groupBy}</th>
          <th>Cost</th>
          <th className="num">LLM calls</th>
          <th className="num">Prompt tokens</th>
          <th className="num">Cached</th>
          <th className="num">Completion tokens</th>
          <th className="num">p50</th>
          <th className="num">p95</th>
          <th className="num">p99</th>
        </tr>
      </thead>
      <tbody>
        {cost.breakdown.map((row) => {
          const lat = latencyByKey.get(row.key);
          const tok = tokensByKey.get(row.key);
          return (
            <tr key={row.key ?? '(none)'} data-key={row.key ?? ''}>
              <td>
                <Link to={tracesLink(settings, fromMs, toMs, { by: settings.groupBy, key: row.key })}>{row.key ?? '(none)'}</Link>
              </td>
              <td className="bar-cell">
                <div className="bar" style={{ width: `${(row.cost_usd / maxCost) * 100}%` }} />
                <span>{formatUsd(row.cost_usd)}</span>
              </td>
              <td className="num">{formatCount(row.llm_call_count)}</td>
              <td className="num">{formatCount(row.prompt_tokens)}</td>
              <td className="num">{formatCount(tok?.cached_prompt_tokens)}</td>
              <td className="num">{formatCount(row.completion_tokens)}</td>
              <td className="num">{formatMs(lat?.p50_ms)}</td>
              <td className="num">{formatMs(lat?.p95_ms)}</td>
              <td className="num">{formatMs(lat?.p99_ms)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
