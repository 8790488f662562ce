import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { apiFetch } from '../../api/client';
import type { CostReport, LatencyReport, TokensReport } from '../../api/types';
import { EmptyState } from '../../components/EmptyState';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { ANALYTICS_RANGES, GROUPS, analyticsParams, searchFromSettings, settingsFromSearch, tracesLink, windowOf, type AnalyticsSettings } from '../../core/analytics-params';
import { formatCount, formatMs, formatUsd } from '../../core/format';
import { AnalyticsCharts } from './AnalyticsCharts';
import { Breakdown } from './Breakdown';
import { QualitySection } from './QualitySection';
import { TopCostCalls } from './TopCostCalls';

function Card({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="card" data-testid={testId}>
      <div className="label">{label}</div>
      <div className="value">{value}</div>
    </div>
  );
}

/** Cost, tokens, latency and quality for a range, over time and per group, with the costliest calls. */
export function AnalyticsPage() {
  const [search, setSearch] = useSearchParams();
  const settings = settingsFromSearch(search);
  const update = (change: Partial<AnalyticsSettings>) => setSearch(searchFromSettings({ ...settings, ...change }));
  const key = searchFromSettings(settings).toString();
  // The window is fixed when the settings change, so the three reports describe the same range.
  const window = useMemo(() => windowOf(settings, Date.now()), [key]);
  const params = analyticsParams(settings, window);
  const cost = useQuery({ queryKey: ['cost', params], queryFn: () => apiFetch<CostReport>('/api/analytics/cost', { params }) });
  const latency = useQuery({ queryKey: ['latency', params], queryFn: () => apiFetch<LatencyReport>('/api/analytics/latency', { params }) });
  const tokens = useQuery({ queryKey: ['tokens', params], queryFn: () => apiFetch<TokensReport>('/api/analytics/tokens', { params }) });

  return (
    <section>
      <header className="page-header">
        <h1>Analytics</h1>
      </header>
      <form className="toolbar" aria-label="analytics settings" onSubmit={(event) => event.preventDefault()}>
        <label>
          Range
          <select name="range" value={settings.from && settings.to ? '' : settings.range} onChange={(event) => update({ range: event.target.value, from: '', to: '' })}>
            {settings.from && settings.to && <option value="">custom</option>}
            {Object.keys(ANALYTICS_RANGES).map((range) => (
              <option key={range} value={range}>
                last {range}
              </option>
            ))}
          </select>
        </label>
        <label>
          Break down by
          <select name="group_by" value={settings.groupBy} onChange={(event) => update({ groupBy: event.target.value as AnalyticsSettings['groupBy'] })}>
            {GROUPS.map((group) => (
              <option key={group} value={group}>
                {group}
              </option>
            ))}
          </select>
        </label>
        {(['from', 'to', 'service', 'model', 'provider'] as const).map((name) => (
          <label key={name}>
            {name}
            <input key={settings[name]} name={name} defaultValue={settings[name]} placeholder={name === 'from' || name === 'to' ? 'ISO time' : 'any'} onBlur={(event) => update({ [name]: event.target.value.trim() })} onKeyDown={(event) => event.key === 'Enter' && update({ [name]: event.currentTarget.value.trim() })} />
          </label>
        ))}
        <Link to={tracesLink(settings, window.fromMs, window.toMs)}>Traces in this range →</Link>
      </form>
      {cost.isPending && <Loading what="cost" />}
      {cost.isError && <ErrorMessage error={cost.error} what="cost analytics" />}
      {latency.isError && <ErrorMessage error={latency.error} what="latency analytics" />}
      {tokens.isError && <ErrorMessage error={tokens.error} what="token analytics" />}
      {cost.data && cost.data.llm_call_count === 0 && cost.data.trace_count === 0 && <EmptyState title="No LLM calls in this range" />}
      {cost.data && (cost.data.llm_call_count > 0 || cost.data.trace_count > 0) && (
        <>
          <div className="cards">
            <Card label="Total cost" value={formatUsd(cost.data.total_cost_usd)} testId="total-cost" />
            <Card label="LLM calls" value={formatCount(cost.data.llm_call_count)} />
            <Card label="Traces" value={formatCount(cost.data.trace_count)} />
            <Card label="Avg cost / trace" value={formatUsd(cost.data.avg_cost_per_trace)} />
            <Card label="Prompt tokens" value={formatCount(cost.data.prompt_tokens)} />
            <Card label="Cached prompt tokens" value={formatCount(tokens.data?.cached_prompt_tokens)} />
            <Card label="Completion tokens" value={formatCount(cost.data.completion_tokens)} />
            <Card label="p50 / p95 / p99" value={latency.data ? `${formatMs(latency.data.p50_ms)} / ${formatMs(latency.data.p95_ms)} / ${formatMs(latency.data.p99_ms)}` : '…'} />
          </div>
          <AnalyticsCharts settings={settings} interval={window.interval} cost={cost.data} latency={latency.data} tokens={tokens.data} />
          <h2 className="section-title">Quality</h2>
          <QualitySection settings={settings} params={params} fromMs={window.fromMs} toMs={window.toMs} interval={window.interval} />
          <h2 className="section-title">By {settings.groupBy}</h2>
          <Breakdown settings={settings} fromMs={window.fromMs} toMs={window.toMs} cost={cost.data} latency={latency.data} tokens={tokens.data} />
          <h2 className="section-title">Costliest calls</h2>
          <TopCostCalls params={params} meanCostUsd={cost.data.llm_call_count > 0 ? cost.data.total_cost_usd / cost.data.llm_call_count : 0} />
        </>
      )}
    </section>
  );
}
