import * as grpc from '@grpc/grpc-js';
import { SpanKind } from '@opentelemetry/api';
import { OTLPTraceExporter as GrpcExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, revokeApiKey } from '@lumina/db';
import { syntheticTraceRequest } from './support/payloads.js';
import { startTestReplay, type TestReplay } from '../replay/testing/test-replay.js';
import { withTracer } from './support/otel.js';
import { startPlatform, type TestPlatform } from './support/platform.js';
import { waitFor } from './support/wait.js';

const AUTH = { AUTH_REQUIRED: 'true', AUTH_KEYS_REFRESH_MS: '200' };
let platform: TestPlatform;
let pool: pg.Pool;
const keys: Record<string, string> = {};

beforeAll(async () => {
  platform = await startPlatform({ ingestEnv: AUTH, queryEnv: AUTH });
  pool = new pg.Pool({ connectionString: platform.databaseUrl });
  keys.ingestA = (await createApiKey(pool, { projectId: 'team-a', scopes: ['ingest'], name: 'app' })).key;
  keys.readA = (await createApiKey(pool, { projectId: 'team-a', scopes: ['read'] })).key;
  keys.readB = (await createApiKey(pool, { projectId: 'team-b', scopes: ['read'] })).key;
  keys.ingestB = (await createApiKey(pool, { projectId: 'team-b', scopes: ['ingest'] })).key;
  keys.adminA = (await createApiKey(pool, { projectId: 'team-a', scopes: ['admin'] })).key;
  await new Promise((resolve) => setTimeout(resolve, 600)); // a refresh of the services' key tables
});
afterAll(async () => {
  await pool?.end();
  await platform?.stop();
});

const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });
const ingestUrl = () => `http://127.0.0.1:${platform.httpPort}/v1/traces`;

async function postSpans(headers: Record<string, string>) {
  const payload = syntheticTraceRequest(1, 1);
  const response = await fetch(ingestUrl(), { method: 'POST', body: payload.bytes, headers: { 'Content-Type': 'application/x-protobuf', ...headers } });
  const body = response.headers.get('content-type')?.includes('json') ? ((await response.json()) as { error?: { code: string } }) : null;
  return { status: response.status, code: body?.error?.code ?? null, traceId: payload.traces[0]!.traceId };
}

function grpcExport(metadata: Record<string, string>): Promise<number> {
  const client = new grpc.Client(`127.0.0.1:${platform.grpcPort}`, grpc.credentials.createInsecure());
  const meta = new grpc.Metadata();
  for (const [name, value] of Object.entries(metadata)) meta.set(name, value);
  return new Promise<number>((resolve) => {
    client.makeUnaryRequest(
      '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
      (value: Uint8Array) => Buffer.from(value),
      (bytes: Buffer) => bytes,
      syntheticTraceRequest(1, 1).bytes,
      meta,
      (error) => resolve(error?.code ?? grpc.status.OK),
    );
  }).finally(() => client.close());
}

const get = async (path: string, key?: string) => {
  const response = await fetch(`${platform.queryUrl}${path}`, { headers: key ? bearer(key) : {} });
  return { status: response.status, body: (await response.json()) as any };
};

describe('ingest with AUTH_REQUIRED', () => {
  it('answers 401 without a key or with a wrong one, 403 without the ingest scope, 200 with it (HTTP)', async () => {
    expect(await postSpans({})).toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(await postSpans(bearer(`${keys.ingestA!.slice(0, -2)}xx`))).toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(await postSpans({ 'x-api-key': keys.readA! })).toMatchObject({ status: 403, code: 'permission_denied' });
    expect((await postSpans({ 'x-api-key': keys.ingestA! })).status).toBe(200);
    expect((await postSpans(bearer(keys.adminA!))).status).toBe(200);
  });

  it('answers UNAUTHENTICATED and PERMISSION_DENIED over gRPC, and takes an ingest key from metadata', async () => {
    expect(await grpcExport({})).toBe(grpc.status.UNAUTHENTICATED);
    expect(await grpcExport({ authorization: `Bearer ${keys.readA}` })).toBe(grpc.status.PERMISSION_DENIED);
    expect(await grpcExport({ 'x-api-key': keys.ingestA! })).toBe(grpc.status.OK);
  });
});

describe('the query API with AUTH_REQUIRED', () => {
  let traceA = '';
  let spanA = '';
  beforeAll(async () => {
    // Sent by the real exporters with the project's ingest key, over gRPC metadata and HTTP headers.
    const grpcMetadata = new grpc.Metadata();
    grpcMetadata.set('authorization', `Bearer ${keys.ingestA}`);
    for (const exporter of [
      new GrpcExporter({ url: `http://127.0.0.1:${platform.grpcPort}`, metadata: grpcMetadata }),
      new ProtoExporter({ url: ingestUrl(), headers: bearer(keys.ingestA!) }),
    ]) {
      await withTracer(exporter, { 'service.name': 'secured' }, (tracer) => {
        const span = tracer.startSpan('chat secured', { kind: SpanKind.CLIENT, attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.output_tokens': 5 } });
        traceA = span.spanContext().traceId;
        spanA = span.spanContext().spanId;
        span.end();
      });
    }
    await waitFor(() => get(`/api/traces/${traceA}`, keys.readA), (answer) => answer.status === 200, 20_000, "team A's trace");
  });

  it('needs a key with the read scope', async () => {
    expect((await get('/api/traces')).status).toBe(401);
    expect(await get('/api/traces', keys.ingestA)).toMatchObject({ status: 403, body: { error: { code: 'permission_denied' } } });
    expect((await get('/api/traces', keys.readA)).status).toBe(200);
  });

  it("shows a project only its own data: another project's trace is a 404 on every read", async () => {
    expect((await get(`/api/traces/${traceA}`, keys.readA)).body.trace_id).toBe(traceA);
    expect(await get(`/api/traces/${traceA}`, keys.readB)).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    expect((await get('/api/traces', keys.readA)).body.data.map((t: { trace_id: string }) => t.trace_id)).toContain(traceA);
    expect((await get('/api/traces', keys.readB)).body.data).toEqual([]);
    expect((await get('/api/spans', keys.readB)).body.data).toEqual([]);
    expect((await get('/api/analytics/cost', keys.readB)).body).toMatchObject({ llm_call_count: 0, total_cost_usd: 0 });
    expect((await get('/api/analytics/cost', keys.readA)).body.llm_call_count).toBeGreaterThan(0);
    for (const path of ['/api/analytics/cost', '/api/analytics/latency', '/api/analytics/tokens']) {
      const query = `${path}?group_by=model&interval=hour`;
      expect(JSON.stringify((await get(query, keys.readA)).body)).toContain('gpt-4o-mini');
      expect(JSON.stringify((await get(query, keys.readB)).body)).not.toContain('gpt-4o-mini');
    }
    for (const path of ['/api/traces?service=secured', '/api/spans?service=secured&model=gpt-4o-mini']) {
      expect((await get(path, keys.readA)).body.data.length).toBeGreaterThan(0);
      expect((await get(path, keys.readB)).body.data).toEqual([]);
    }
    const exported = await fetch(`${platform.queryUrl}/api/export?format=ndjson`, { headers: bearer(keys.readB!) });
    expect((await exported.text()).trim()).toBe('');
    const feedback = await fetch(`${platform.queryUrl}/api/spans/${traceA}/${spanA}/feedback`, {
      method: 'POST',
      body: JSON.stringify({ score: 1 }),
      headers: { 'Content-Type': 'application/json', ...bearer(keys.ingestB!) },
    });
    expect(feedback.status).toBe(404);
  });

  describe('the replay API', () => {
    let replay: TestReplay;
    beforeAll(async () => {
      replay = await startTestReplay(platform.databaseUrl, { ...AUTH, REPLAY_MODE: 'simulation' });
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    afterAll(async () => {
      await replay?.stop();
    });
    const replayCall = async (method: string, path: string, key: string | undefined, body?: unknown) => {
      const headers: Record<string, string> = { ...(key ? bearer(key) : {}), ...(body ? { 'Content-Type': 'application/json' } : {}) };
      const response = await fetch(`${replay.url}${path}`, { method, headers, body: body ? JSON.stringify(body) : undefined });
      return { status: response.status, body: (await response.json()) as any };
    };

    it('needs admin to capture, read to list, and shows a project only its own sets', async () => {
      const capture = { name: 'secured set', trace_ids: [traceA] };
      expect((await replayCall('POST', '/replay/capture', undefined, capture)).status).toBe(401);
      expect((await replayCall('POST', '/replay/capture', keys.readA, capture)).status).toBe(403);
      expect((await replayCall('POST', '/replay/capture', keys.adminA, capture)).status).toBe(201);
      const created = await replayCall('POST', '/replay/capture', keys.adminA, capture);
      const id = created.body.replay_id as string;
      expect((await replayCall('GET', `/replay/${id}`, keys.readA)).status).toBe(200);
      expect(await replayCall('GET', `/replay/${id}`, keys.readB)).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
      expect((await replayCall('GET', `/replay/${id}/diff`, keys.readB)).status).toBe(404);
      expect((await replayCall('GET', '/replay', keys.readB)).body.data).toEqual([]);
      expect((await replayCall('GET', '/replay', keys.readA)).body.data.length).toBe(2);
    });
  });

  it('keeps /health, /metrics and /openapi.json open', async () => {
    for (const path of ['/health', '/metrics', '/openapi.json']) expect((await fetch(`${platform.queryUrl}${path}`)).status).toBe(200);
  });

  it('stops accepting a revoked key within seconds, on ingest and the query API alike', async () => {
    const temporary = await createApiKey(pool, { projectId: 'team-a', scopes: ['read', 'ingest'] });
    await waitFor(async () => (await get('/api/traces', temporary.key)).status, (status) => status === 200, 5_000, 'the new key accepted');
    expect(await revokeApiKey(pool, temporary.keyId)).toBe(true);
    await waitFor(async () => (await get('/api/traces', temporary.key)).status, (status) => status === 401, 5_000, 'the revoked key refused');
    await waitFor(async () => (await postSpans(bearer(temporary.key))).status, (status) => status === 401, 5_000, 'the revoked key refused by ingest');
  });
});
