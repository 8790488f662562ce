import { beforeAll, describe, expect, it } from 'vitest';
import { A0, DAY_MS, analyticsSpans } from '../../testing/analytics-fixture.js';
import { runMaintenance, seedSpans, type SeedSpan } from '../../testing/seed.js';
import { seededTestApi } from '../../testing/test-api.js';
import { groupBy, inRange, llmCalls, rootCount, sums, trendBuckets, type Range } from '../../testing/expected-analytics.js';

const HOUR = 3_600_000;
// Three days of traffic, plus a burst inside one minute so that sub-minute ranges have calls.
const spans = [...analyticsSpans(1500), ...analyticsSpans(120, 5, A0 + DAY_MS + 5_000, 45_000, 2)];
const iso = (ms: number) => new Date(ms).toISOString();

const RANGES: Record<string, Range> = {
  'whole UTC days (day rollups only)': { fromMs: A0, toMs: A0 + 3 * DAY_MS },
  'ragged edges (days, hours, minutes and raw spans)': { fromMs: Date.parse('2026-03-01T05:17:23.456Z'), toMs: Date.parse('2026-03-03T19:42:10.789Z') },
  'less than a minute (raw spans only)': { fromMs: A0 + DAY_MS + 5_000, toMs: A0 + DAY_MS + 50_000 },
  'one service': { fromMs: A0 + 3_600_123, toMs: A0 + 2 * DAY_MS, service: 'search' },
  'one model': { fromMs: A0, toMs: A0 + 2 * DAY_MS + 7 * HOUR, model: 'gpt-4o' },
  'one provider and service': { fromMs: A0 + 60_000, toMs: A0 + 3 * DAY_MS, provider: 'anthropic', service: 'checkout' },
};

const query = (range: Range, extra = '') =>
  `from=${iso(range.fromMs)}&to=${iso(range.toMs)}${range.service ? `&service=${range.service}` : ''}${range.model ? `&model=${range.model}` : ''}${range.provider ? `&provider=${range.provider}` : ''}${extra}`;

const t = seededTestApi(spans);

/** Exact percentile_cont of the LLM calls of a range, per group when `groupSql` is given. */
async function exactPercentiles(range: Range, groupSql = "''"): Promise<Map<string | null, number[]>> {
  const { rows } = await t.pool.query<{ key: string | null; p: number[] }>(
    `SELECT ${groupSql} AS key, percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY latency_ms) AS p
     FROM spans s ${groupSql === 'tag' ? 'CROSS JOIN LATERAL unnest(s.tags) AS tag' : ''}
     WHERE is_llm AND start_time >= $1 AND start_time < $2 AND ($3::text IS NULL OR service_name = $3)
       AND ($4::text IS NULL OR model = $4) AND ($5::text IS NULL OR provider = $5)
     GROUP BY 1`,
    [new Date(range.fromMs), new Date(range.toMs), range.service ?? null, range.model ?? null, range.provider ?? null],
  );
  return new Map(rows.map((row) => [row.key, row.p]));
}

/** Every number to 12 significant digits. */
function significant(value: unknown): unknown {
  if (typeof value === 'number') return Number(value.toPrecision(12));
  if (Array.isArray(value)) return value.map(significant);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, significant(item)]));
  return value;
}

function expectWithinOnePercent(estimate: number | null, exact: number | undefined) {
  expect(estimate).not.toBeNull();
  expect(Math.abs((estimate as number) - (exact as number)) / (exact as number)).toBeLessThanOrEqual(0.01);
}

function checkCostTotals(body: any, range: Range) {
  const expected = sums(llmCalls(spans, range));
  expect(body.llm_call_count).toBe(expected.calls);
  expect(body.total_cost_usd).toBeCloseTo(expected.cost, 9);
  expect(body.prompt_tokens).toBe(expected.prompt);
  expect(body.completion_tokens).toBe(expected.completion);
}

describe.each([
  ['read from rollup deltas the compactor has not folded yet', false],
  ['read from folded minute/hour/day rollups', true],
] as const)('%s', (_state, folded) => {
  beforeAll(async () => {
    if (folded) expect((await runMaintenance(t.pool)).folded).toBeGreaterThan(0);
    const { rows } = await t.pool.query<{ deltas: string }>('SELECT count(*) AS deltas FROM span_rollup_deltas');
    expect(Number(rows[0]?.deltas) === 0).toBe(folded);
  });

  describe.each(Object.entries(RANGES))('analytics over %s', (_name, range) => {
    it('cost totals equal the sums of the seeded LLM calls', async () => {
      const { status, body } = await t.get(`/api/analytics/cost?${query(range)}`);
      expect(status).toBe(200);
      checkCostTotals(body, range);
      const traces =
        range.model || range.provider
          ? new Set(llmCalls(spans, { ...range, fromMs: -Infinity, toMs: Infinity }).filter((span) => {
              const root = spans.find((candidate) => candidate.trace_id === span.trace_id && candidate.parent_span_id == null) as SeedSpan;
              return inRange(range)(root) && (range.service === undefined || root.service_name === range.service);
            }).map((span) => span.trace_id)).size
          : rootCount(spans, range);
      expect(body.trace_count).toBe(traces);
      expect(body.avg_cost_per_trace).toBe(traces === 0 ? null : body.total_cost_usd / traces);
      expect(body.llm_call_count).toBeGreaterThan(0);
    });

    it.each(['service', 'model', 'provider', 'user_id', 'tag'] as const)('cost breakdown by %s matches the seeded calls, largest first', async (key) => {
      const { body } = await t.get(`/api/analytics/cost?${query(range, `&group_by=${key}`)}`);
      const groups = groupBy(llmCalls(spans, range), key);
      expect(body.breakdown).toHaveLength(groups.size);
      for (const entry of body.breakdown) {
        const expected = sums(groups.get(entry.key) ?? []);
        expect(entry.llm_call_count).toBe(expected.calls);
        expect(entry.cost_usd).toBeCloseTo(expected.cost, 9);
        expect(entry.prompt_tokens).toBe(expected.prompt);
        expect(entry.completion_tokens).toBe(expected.completion);
      }
      const costs = body.breakdown.map((entry: { cost_usd: number }) => entry.cost_usd);
      expect(costs).toEqual([...costs].sort((a, b) => b - a));
    });

    it('latency count, mean and max are exact and p50/p95/p99 within 1% of percentile_cont', async () => {
      const { body } = await t.get(`/api/analytics/latency?${query(range)}`);
      const expected = sums(llmCalls(spans, range));
      expect(body.count).toBe(expected.calls);
      expect(body.avg_ms).toBeCloseTo(expected.latencySum / expected.calls, 2);
      expect(body.max_ms).toBe(expected.latencyMax);
      const exact = (await exactPercentiles(range)).get('') as number[];
      expectWithinOnePercent(body.p50_ms, exact[0]);
      expectWithinOnePercent(body.p95_ms, exact[1]);
      expectWithinOnePercent(body.p99_ms, exact[2]);
    });

    it.each([
      ['service', 'service_name'],
      ['model', 'model'],
      ['user_id', 'user_id'],
      ['tag', 'tag'],
    ] as const)('latency breakdown by %s: counts exact, percentiles within 1%', async (key, column) => {
      const { body } = await t.get(`/api/analytics/latency?${query(range, `&group_by=${key}`)}`);
      const exact = await exactPercentiles(range, column);
      const groups = groupBy(llmCalls(spans, range), key);
      expect(body.breakdown).toHaveLength(groups.size);
      for (const entry of body.breakdown) {
        expect(entry.count).toBe(groups.get(entry.key)?.length);
        const [p50, p95, p99] = exact.get(entry.key) as number[];
        expectWithinOnePercent(entry.p50_ms, p50);
        expectWithinOnePercent(entry.p95_ms, p95);
        expectWithinOnePercent(entry.p99_ms, p99);
      }
    });

    it('token totals and breakdown by model equal the seeded sums', async () => {
      const { body } = await t.get(`/api/analytics/tokens?${query(range, '&group_by=model')}`);
      const expected = sums(llmCalls(spans, range));
      expect(body).toMatchObject({
        prompt_tokens: expected.prompt,
        completion_tokens: expected.completion,
        cached_prompt_tokens: expected.cached,
        total_tokens: expected.prompt + expected.completion,
        llm_call_count: expected.calls,
      });
      expect(body.avg_prompt_tokens_per_call).toBeCloseTo(expected.prompt / expected.calls, 9);
      for (const entry of body.breakdown) {
        const group = sums(groupBy(llmCalls(spans, range), 'model').get(entry.key) ?? []);
        expect(entry).toEqual({ key: entry.key, prompt_tokens: group.prompt, completion_tokens: group.completion, cached_prompt_tokens: group.cached, total_tokens: group.prompt + group.completion, llm_call_count: group.calls });
      }
    });
  });

  describe('analytics trends', () => {
    const range = RANGES['ragged edges (days, hours, minutes and raw spans)'] as Range;

    it.each([
      ['minute', 60_000, { fromMs: A0 + DAY_MS + 30_500, toMs: A0 + DAY_MS + 3 * HOUR }],
      ['hour', HOUR, range],
      ['day', DAY_MS, range],
    ] as const)('cost trend by %s: every bucket, in order, with the sums of its calls', async (interval, size, window) => {
      const { body } = await t.get(`/api/analytics/cost?${query(window, `&interval=${interval}`)}`);
      const buckets = trendBuckets(llmCalls(spans, window), size);
      const first = Math.floor(window.fromMs / size) * size;
      expect(body.trend).toHaveLength(Math.ceil((window.toMs - first) / size));
      body.trend.forEach((point: { bucket: string; cost_usd: number; llm_call_count: number }, i: number) => {
        expect(point.bucket).toBe(iso(first + i * size));
        const expected = sums(buckets.get(first + i * size) ?? []);
        expect(point.llm_call_count).toBe(expected.calls);
        expect(point.cost_usd).toBeCloseTo(expected.cost, 9);
      });
    });

    it('latency trend by hour: percentiles of every bucket within 1% of percentile_cont', async () => {
      const { body } = await t.get(`/api/analytics/latency?${query(range, '&interval=hour')}`);
      const { rows } = await t.pool.query<{ bucket: Date; p: number[]; n: string }>(
        `SELECT date_bin('1 hour', start_time, timestamptz 'epoch') AS bucket, count(*) AS n,
                percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY latency_ms) AS p
         FROM spans WHERE is_llm AND start_time >= $1 AND start_time < $2 GROUP BY 1`,
        [new Date(range.fromMs), new Date(range.toMs)],
      );
      const exact = new Map(rows.map((row) => [row.bucket.toISOString(), row]));
      let checked = 0;
      for (const point of body.trend) {
        const row = exact.get(point.bucket);
        expect(point.count).toBe(Number(row?.n ?? 0));
        if (!row) {
          expect(point.p50_ms).toBeNull();
          continue;
        }
        expectWithinOnePercent(point.p50_ms, row.p[0]);
        expectWithinOnePercent(point.p95_ms, row.p[1]);
        expectWithinOnePercent(point.p99_ms, row.p[2]);
        checked += 1;
      }
      expect(checked).toBeGreaterThan(40);
    });
  });
});

describe('analytics freshness', () => {
  it('answers the same whether new spans are folded into rollups or not, and counts a new span at once', async () => {
    const range = RANGES['ragged edges (days, hours, minutes and raw spans)'] as Range;
    const paths = ['cost', 'latency', 'tokens'].map((name) => `/api/analytics/${name}?${query(range, '&group_by=model&interval=hour')}`);
    const before = await Promise.all(paths.map((path) => t.get(path)));
    await seedSpans(t.pool, analyticsSpans(300, 23, range.fromMs, range.toMs - range.fromMs, 3));
    const unfolded = await Promise.all(paths.map((path) => t.get(path)));
    expect(unfolded[0]?.body.llm_call_count).toBeGreaterThan(before[0]?.body.llm_call_count);
    expect((await runMaintenance(t.pool)).folded).toBeGreaterThan(0);
    const folded = await Promise.all(paths.map((path) => t.get(path)));
    // Sums are added in another order once folded: equal up to floating-point noise.
    folded.forEach((response, i) => expect(significant(response.body)).toEqual(significant(unfolded[i]?.body)));

    const late: SeedSpan = { trace_id: 'f'.repeat(32), span_id: 'e'.repeat(16), service_name: 'search', start_ms: range.fromMs + 1000, latency_ms: 100, model: 'gpt-4o', provider: 'openai', cost_usd: 1.5, prompt_tokens: 7, completion_tokens: 3 };
    await seedSpans(t.pool, [late]);
    const fresh = await t.get(paths[0] as string);
    expect(fresh.body.total_cost_usd).toBeCloseTo((folded[0]?.body.total_cost_usd as number) + 1.5, 9);
    expect(fresh.body.llm_call_count).toBe((folded[0]?.body.llm_call_count as number) + 1);
  });
});
