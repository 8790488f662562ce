import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/test-api.js';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(async () => {
  await t?.close();
});

describe('GET /health', () => {
  it('answers ok', async () => {
    expect(await t.get('/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });
});

describe('GET /openapi.json', () => {
  it('documents every route with the parameters the validators enforce', async () => {
    const { status, body } = await t.get('/openapi.json');
    expect(status).toBe(200);
    expect(Object.keys(body.paths).sort()).toEqual(
      ['/api/analytics/cost', '/api/analytics/latency', '/api/analytics/tokens', '/api/analytics/quality', '/api/conventions', '/api/export', '/api/spans', '/api/traces', '/api/traces/{trace_id}', '/api/spans/{trace_id}/{span_id}/feedback', '/health', '/metrics'].sort(),
    );
    const names = (path: string) => body.paths[path].get.parameters.map((parameter: { name: string }) => parameter.name).sort();
    const filters = ['service', 'model', 'provider', 'status', 'tag', 'user_id', 'session_id', 'from', 'to', 'min_cost', 'max_cost', 'min_latency', 'max_latency', 'min_feedback', 'max_feedback', 'quality_min', 'quality_max', 'q'];
    expect(names('/api/traces')).toEqual([...filters, 'limit', 'cursor'].sort());
    expect(names('/api/spans')).toEqual([...filters, 'limit', 'cursor'].sort());
    expect(names('/api/analytics/cost')).toEqual(['from', 'to', 'service', 'model', 'provider', 'group_by', 'interval', 'breakdown_limit'].sort());
    expect(names('/api/analytics/quality')).toEqual(['from', 'to', 'service', 'model', 'provider', 'group_by', 'interval', 'breakdown_limit'].sort());
    expect(names('/api/traces/{trace_id}')).toEqual(['trace_id']);
    expect(names('/api/conventions')).toEqual(['cursor', 'limit', 'scope']);
    expect(Object.keys(body.components.schemas)).toEqual(expect.arrayContaining(['TraceSummary', 'Span', 'Error', 'CostReport', 'LatencyReport', 'TokensReport', 'ConventionList', 'ConventionScope', 'QualityReport']));
    expect(Object.keys(body.components.schemas.TraceSummary.properties)).toEqual(
      expect.arrayContaining(['trace_id', 'service_name', 'root_span_name', 'start_time', 'end_time', 'duration_ms', 'span_count', 'llm_call_count', 'models', 'total_cost_usd', 'prompt_tokens', 'completion_tokens', 'status']),
    );
    expect(body.paths['/api/traces'].get.responses).toHaveProperty('503');
  });
});

describe('GET /metrics', () => {
  it('counts requests and times them by route template and status', async () => {
    await t.get('/api/traces');
    await t.get(`/api/traces/${'a'.repeat(32)}`);
    await t.get(`/api/traces/${'b'.repeat(32)}`);
    await t.get('/api/spans?limit=0');
    const { status, body, headers } = await t.get('/metrics');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toContain('text/plain');
    expect(body).toContain('lumina_query_api_requests_total{method="GET",route="/api/traces",status="200"} 1');
    expect(body).toContain('lumina_query_api_requests_total{method="GET",route="/api/traces/:trace_id",status="404"} 2');
    expect(body).toContain('lumina_query_api_requests_total{method="GET",route="/api/spans",status="400"} 1');
    expect(body).toMatch(/lumina_query_api_request_duration_seconds_count\{method="GET",route="\/api\/traces",status="200"\} 1/);
    expect(body).toContain('process_cpu_seconds_total');
  });
});
