import { useMemo } from 'react';
import { useNavigate } from 'react-router';
import type { CostReport, LatencyReport, TokensReport } from '../../api/types';
import { TimeChart } from '../../components/TimeChart';
import { bucketEndMs, tracesLink, type AnalyticsSettings, type Interval } from '../../core/analytics-params';
import { formatCount, formatMs, formatUsd } from '../../core/format';

interface Props {
  settings: AnalyticsSettings;
  interval: Interval;
  cost: CostReport;
  latency: LatencyReport | undefined;
  tokens: TokensReport | undefined;
}

const usd = (value: number | null) => formatUsd(value);
const ms = (value: number | null) => formatMs(value);
const count = (value: number | null) => formatCount(value);

/** Cost, tokens and latency percentiles over time; a click on a bucket opens its traces. */
export function AnalyticsCharts({ settings, interval, cost, latency, tokens }: Props) {
  const navigate = useNavigate();
  const open = (buckets: { bucket: string }[]) => (index: number) => {
    const bucket = buckets[index];
    if (bucket) void navigate(tracesLink(settings, Date.parse(bucket.bucket), bucketEndMs(bucket.bucket, interval)));
  };
  const costChart = useMemo(
    () => ({ times: cost.trend.map((b) => Date.parse(b.bucket)), series: [{ label: 'cost', values: cost.trend.map((b) => b.cost_usd), color: '#5b4cdb', bars: true }] }),
    [cost],
  );
  // The total shown is the sum of what the chart plots, so a reader can check it against the API's figure.
  const plottedTotal = cost.trend.reduce((sum, bucket) => sum + bucket.cost_usd, 0);
  const tokenChart = useMemo(
    () =>
      tokens && {
        times: tokens.trend.map((b) => Date.parse(b.bucket)),
        series: [
          { label: 'prompt', values: tokens.trend.map((b) => b.prompt_tokens), color: '#2f7dd9' },
          { label: 'cached', values: tokens.trend.map((b) => b.cached_prompt_tokens), color: '#8bb8ec' },
          { label: 'completion', values: tokens.trend.map((b) => b.completion_tokens), color: '#2aa36b' },
        ],
      },
    [tokens],
  );
  const latencyChart = useMemo(
    () =>
      latency && {
        times: latency.trend.map((b) => Date.parse(b.bucket)),
        series: [
          { label: 'p50', values: latency.trend.map((b) => b.p50_ms), color: '#2aa36b' },
          { label: 'p95', values: latency.trend.map((b) => b.p95_ms), color: '#e0a10b' },
          { label: 'p99', values: latency.trend.map((b) => b.p99_ms), color: '#d9412f' },
        ],
      },
    [latency],
  );
  return (
    <div className="charts">
      <div className="chart-box" data-testid="cost-chart" data-total={plottedTotal}>
        <h2>
          Cost over time <span>total {formatUsd(plottedTotal)}</span>
        </h2>
        <TimeChart times={costChart.times} series={costChart.series} format={usd} onPick={open(cost.trend)} />
      </div>
      {tokenChart && tokens && (
        <div className="chart-box" data-testid="tokens-chart">
          <h2>Tokens over time</h2>
          <TimeChart times={tokenChart.times} series={tokenChart.series} format={count} onPick={open(tokens.trend)} />
        </div>
      )}
      {latencyChart && latency && (
        <div className="chart-box" data-testid="latency-chart">
          <h2>Latency percentiles</h2>
          <TimeChart times={latencyChart.times} series={latencyChart.series} format={ms} onPick={open(latency.trend)} />
        </div>
      )}
    </div>
  );
}
