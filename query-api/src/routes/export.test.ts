import { describe, expect, it } from 'vitest';
import { analyticsSpans, A0 } from '../../testing/analytics-fixture.js';
import { seededTestApi } from '../../testing/test-api.js';

// 2,500+ spans: the export must cross several 1,000-span batches.
const spans = analyticsSpans(900, 17);
const key = (span: { span_id?: string; spanId?: string; trace_id?: string; traceId?: string }) => `${span.span_id ?? span.spanId}@${span.trace_id ?? span.traceId}`;

const t = seededTestApi(spans);

describe('GET /api/export', () => {
  it('streams every span once as NDJSON, newest first, across batches', async () => {
    expect(spans.length).toBeGreaterThan(2000);
    const response = await t.api.app.request('/api/export');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-ndjson');
    const lines = (await response.text()).trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(lines).toHaveLength(spans.length);
    expect(new Set(lines.map(key)).size).toBe(spans.length);
    const starts = lines.map((line) => Date.parse(line.start_time));
    expect(starts).toEqual([...starts].sort((a, b) => b - a));
    expect(Object.keys(lines[0]).sort()).toContain('attributes');
  });

  it('applies the span filters and stops at limit', async () => {
    const filtered = spans.filter((span) => span.model === 'gpt-4o' && span.start_ms >= A0 + 86_400_000);
    const all = await t.get(`/api/export?model=gpt-4o&from=${new Date(A0 + 86_400_000).toISOString()}`);
    expect((all.body as string).trimEnd().split('\n')).toHaveLength(filtered.length);
    const limited = await t.get('/api/export?limit=1234');
    expect((limited.body as string).trimEnd().split('\n')).toHaveLength(1234);
  });

  it('streams OTLP/JSON export requests: hex ids, int enums, nanosecond strings, attributes as key/values', async () => {
    const response = await t.api.app.request('/api/export?format=otlp_json&limit=1500');
    const requests = (await response.text()).trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(requests).toHaveLength(2);
    const exported = requests.flatMap((request) => request.resourceSpans.flatMap((rs: any) => rs.scopeSpans.flatMap((ss: any) => ss.spans.map((span: any) => ({ ...span, resource: rs.resource })))));
    expect(exported).toHaveLength(1500);
    const llm = exported.find((span: any) => span.attributes.some((attribute: any) => attribute.key === 'lumina.cost_usd'));
    const stored = spans.find((span) => key(span) === key(llm)) as (typeof spans)[number];
    expect(llm.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(llm.kind).toBe(3);
    expect(llm.parentSpanId).toBe(stored.parent_span_id);
    expect(llm.startTimeUnixNano).toBe(`${Math.round(stored.start_ms * 1000)}000`);
    expect(llm.endTimeUnixNano).toBe(`${Math.round(stored.start_ms * 1000) + Math.round(stored.latency_ms * 1000)}000`);
    expect(llm.attributes).toContainEqual({ key: 'lumina.cost_usd', value: { doubleValue: stored.cost_usd } });
    expect(llm.resource.attributes).toEqual([{ key: 'service.name', value: { stringValue: stored.service_name } }]);
    expect(llm.status.code).toBe(stored.status === 'error' ? 2 : 0);
  });
});
