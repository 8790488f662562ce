import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { apiFetch } from '../../api/client';
import type { QualityReport } from '../../api/types';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { TimeChart } from '../../components/TimeChart';
import { bucketEndMs, tracesLink, type AnalyticsSettings, type Interval } from '../../core/analytics-params';
import { formatCount, formatScore } from '../../core/format';
import { plottedAverage } from '../../core/quality-trend';

interface Props {
  settings: AnalyticsSettings;
  params: Record<string, string>;
  fromMs: number;
  toMs: number;
  interval: Interval;
}

const score = (value: number | null) => formatScore(value);
const share = (value: number | null | undefined) => (value === null || value === undefined ? '–' : `${(value * 100).toFixed(1)}%`);

/** Quality over time from GET /api/analytics/quality: average per bucket, percentiles, share under the floor, and per group. */
export function QualitySection({ settings, params, fromMs, toMs, interval }: Props) {
  const navigate = useNavigate();
  const quality = useQuery({ queryKey: ['quality', params], queryFn: () => apiFetch<QualityReport>('/api/analytics/quality', { params }) });
  const chart = useMemo(
    () =>
      quality.data && {
        times: quality.data.trend.map((b) => Date.parse(b.bucket)),
        series: [{ label: 'average quality', values: quality.data.trend.map((b) => b.avg_score), color: '#0f9d8a' }],
      },
    [quality.data],
  );
  if (quality.isPending) return <Loading what="quality" />;
  if (quality.isError) return <ErrorMessage error={quality.error} what="quality analytics" />;
  const report = quality.data;
  // The average shown is the one of what the chart plots (each bucket weighted by its scored calls).
  const average = plottedAverage(report.trend);
  const underFloor = (extra?: { by: AnalyticsSettings['groupBy']; key: string | null }) =>
    `${tracesLink(settings, fromMs, toMs, extra)}&quality_max=${encodeURIComponent(String(report.floor))}`;
  return (
    <div data-testid="quality-section">
      <div className="chart-box" data-testid="quality-chart" data-average={average ?? ''} data-scored={report.scored_count}>
        <h2>
          Quality over time{' '}
          <span>
            average {formatScore(average)} · {formatCount(report.scored_count)} scored calls · p10 / p50 / p90 {formatScore(report.p10_score)} / {formatScore(report.p50_score)} /{' '}
            {formatScore(report.p90_score)} · <Link to={underFloor()}>{share(report.below_floor_share)} under {report.floor}</Link>
          </span>
        </h2>
        {report.scored_count === 0 || !chart ? (
          <p className="hint">No scored LLM calls in this range.</p>
        ) : (
          <TimeChart
            times={chart.times}
            series={chart.series}
            format={score}
            yRange={[0, 1]}
            onPick={(index) => {
              const bucket = report.trend[index];
              if (bucket) void navigate(tracesLink(settings, Date.parse(bucket.bucket), bucketEndMs(bucket.bucket, interval)));
            }}
          />
        )}
      </div>
      {report.breakdown.length > 0 && (
        <table className="grid" data-testid="quality-breakdown">
          <thead>
            <tr>
              <th>{settings.groupBy}</th>
              <th className="num">Average quality</th>
              <th className="num">Scored calls</th>
              <th className="num">Under {report.floor}</th>
            </tr>
          </thead>
          <tbody>
            {report.breakdown.map((row) => (
              <tr key={row.key ?? '(none)'} data-key={row.key ?? ''}>
                <td>
                  <Link to={tracesLink(settings, fromMs, toMs, { by: settings.groupBy, key: row.key })}>{row.key ?? '(none)'}</Link>
                </td>
                <td className="num quality-avg">{formatScore(row.avg_score)}</td>
                <td className="num">{formatCount(row.scored_count)}</td>
                <td className="num">
                  <Link to={underFloor({ by: settings.groupBy, key: row.key })}>{share(row.below_floor_share)}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
