/**
 * `npm start` runs every service compiled to plain JavaScript (scripts/start/bundle-services.ts):
 * the bundles start on plain Node, find the migrations and the dashboard, and a call exported by
 * the official OTLP exporter goes through bundled ingest and processors to the bundled query API.
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SpanKind } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@lumina/db/testing';
import { bundleServices } from '../scripts/start/bundle-services.js';
import { freePort } from './support/free-port.js';
import { uniqueQueueNames } from './support/names.js';
import { deleteStreams, TEST_NATS_URL } from './support/nats.js';
import { otlpExporter, withTracer } from './support/otel.js';
import { serviceProcess, type ServiceProcess } from './support/service-process.js';
import { waitFor } from './support/wait.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundleDir = join(root, '.tmp', `bundles-${randomBytes(4).toString('hex')}`);
const queue = uniqueQueueNames();
let db: Awaited<ReturnType<typeof createTestDatabase>>;
const services: ServiceProcess[] = [];
const ports: Record<string, number> = {};

beforeAll(async () => {
  db = await createTestDatabase();
  const bundles = await bundleServices(root, bundleDir);
  for (const name of ['grpc', 'http', 'processors', 'upkeep', 'query', 'replay', 'alerter']) ports[name] = await freePort();
  const common = { ...queue, NATS_URL: TEST_NATS_URL, DATABASE_URL: db.url, LOGS_STREAM_MAX_BYTES: '67108864', DAILY_TRACE_LIMIT: '0' };
  services.push(
    serviceProcess('ingest', bundles.ingest, { ...common, INGEST_GRPC_PORT: String(ports.grpc), INGEST_HTTP_PORTS: String(ports.http) }, `http://127.0.0.1:${ports.http}/ready`),
    serviceProcess('processors', bundles.processors, { ...common, PROCESSOR_HTTP_PORT: String(ports.processors), PROCESSOR_BATCH_WAIT_MS: '1000' }, `http://127.0.0.1:${ports.processors}/health`),
    serviceProcess('upkeep', bundles.upkeep, { ...common, UPKEEP_HTTP_PORT: String(ports.upkeep) }, `http://127.0.0.1:${ports.upkeep}/health`),
    serviceProcess('query-api', bundles['query-api'], { ...common, QUERY_API_PORT: String(ports.query), QUERY_CACHE_PREFIX: `${queue.SPANS_STREAM}:query:` }, `http://127.0.0.1:${ports.query}/health`),
    serviceProcess('replay', bundles.replay, { ...common, REPLAY_PORT: String(ports.replay), REPLAY_REDIS_PREFIX: `${queue.SPANS_STREAM}:replay:` }, `http://127.0.0.1:${ports.replay}/health`),
    serviceProcess('alerter', bundles.alerter, { ...common, ALERTER_HTTP_PORT: String(ports.alerter) }, `http://127.0.0.1:${ports.alerter}/health`),
  );
  // Ingest first: it owns the spans stream.
  await services[0]!.start();
  await Promise.all(services.slice(1).map((service) => service.start()));
}, 180_000);

afterAll(async () => {
  await Promise.all(services.map((service) => service.stop()));
  await deleteStreams(queue.SPANS_STREAM, queue.DLQ_STREAM, queue.FACTS_STREAM, queue.LOGS_STREAM);
  await db?.drop();
  await rm(bundleDir, { recursive: true, force: true });
}, 60_000);

describe('the services compiled as npm start runs them', () => {
  it('store an exported call and serve it, and the query API serves the dashboard', async () => {
    let traceId = '';
    await withTracer(otlpExporter('http/protobuf', { grpcPort: ports.grpc!, httpPort: ports.http! }), { 'service.name': 'bundled' }, (tracer) => {
      const span = tracer.startSpan('chat gpt-4o-mini', {
        kind: SpanKind.CLIENT,
        attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.output_tokens': 5 },
      });
      traceId = span.spanContext().traceId;
      span.end();
    });
    const status = () => fetch(`http://127.0.0.1:${ports.query}/api/traces/${traceId}`).then((response) => response.status);
    await waitFor(status, (code) => code === 200, 30_000, 'the call queryable through the bundled query API');
    const trace = (await (await fetch(`http://127.0.0.1:${ports.query}/api/traces/${traceId}`)).json()) as { spans: { model: string | null }[] };
    expect(trace.spans.map((span) => span.model)).toEqual(['gpt-4o-mini']);

    const page = await fetch(`http://127.0.0.1:${ports.query}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<div id="root">/);
  });
});
