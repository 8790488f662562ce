import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';

import { ALL_FAMILIES, type FamilyTrace } from '../../../test/support/families.js';

/** A span as the OpenTelemetry SDK handed it to the exporter. */
export interface SentSpan {
  traceId: string;
  spanId: string;
  /** '' for a root span */
  parentSpanId: string;
  name: string;
}

/** Wraps an exporter so the test knows exactly which spans (ids, parents) it exported. */
export function recordingExporter(exporter: SpanExporter): { exporter: SpanExporter; sent: SentSpan[] } {
  const sent: SentSpan[] = [];
  return {
    sent,
    exporter: {
      export(spans, done) {
        for (const span of spans) {
          const { traceId, spanId } = span.spanContext();
          sent.push({ traceId, spanId, parentSpanId: span.parentSpanContext?.spanId ?? '', name: span.name });
        }
        exporter.export(spans, done);
      },
      shutdown: () => exporter.shutdown(),
      forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
    },
  };
}

/** A tracer whose new root spans start under `parent` instead (spans given a context keep it). */
function under(tracer: Tracer, parent: Span): Tracer {
  const parentContext = trace.setSpan(ROOT_CONTEXT, parent);
  return {
    startSpan: (name, options, context) => tracer.startSpan(name, options, context ?? parentContext),
    startActiveSpan: (() => {
      throw new Error('startActiveSpan is not used by the family traces');
    }) as Tracer['startActiveSpan'],
  };
}

export interface MixedTrace {
  traceId: string;
  families: FamilyTrace[];
  spanCount: number;
}

/**
 * One request of an app that calls LLMs through every convention family of
 * test/support/families.ts, between ordinary spans (database, HTTP, cache, one failing):
 *
 *   POST /assist ─┬─ SELECT users
 *                 ├─ <each family's trace, its root now a child span>
 *                 └─ GET /inventory (error) ── redis GET
 *
 * Span names are unique within the trace. Content depends only on `tag`, so the same tag
 * sent twice gives two traces that differ only in ids and times.
 */
export function emitMixedTrace(tracer: Tracer, tag: string): MixedTrace {
  const families = ALL_FAMILIES.map((make) => make(tag));
  const root = tracer.startSpan('POST /assist', {
    kind: SpanKind.SERVER,
    attributes: { 'http.request.method': 'POST', 'http.route': '/assist', 'http.response.status_code': 200, 'app.request.tag': tag },
  });
  const inRoot = trace.setSpan(ROOT_CONTEXT, root);
  tracer
    .startSpan('SELECT users', { kind: SpanKind.CLIENT, attributes: { 'db.system.name': 'postgresql', 'db.query.text': 'SELECT * FROM users WHERE id = $1' } }, inRoot)
    .end();
  const nested = under(tracer, root);
  for (const family of families) family.emit(nested);
  const inventory = tracer.startSpan(
    'GET /inventory',
    // A value that looks like an LLM key must not matter: only keys select a trace.
    { kind: SpanKind.CLIENT, attributes: { 'http.request.method': 'GET', 'url.full': 'http://inventory.internal/gen_ai.items' } },
    inRoot,
  );
  tracer.startSpan('redis GET', { kind: SpanKind.CLIENT, attributes: { 'db.system.name': 'redis' } }, trace.setSpan(ROOT_CONTEXT, inventory)).end();
  inventory.setStatus({ code: SpanStatusCode.ERROR, message: 'inventory timed out' });
  inventory.end();
  root.end();
  return { traceId: root.spanContext().traceId, families, spanCount: 4 + families.reduce((sum, family) => sum + family.spanCount, 0) };
}

/** A request without any LLM call: Lumina must never see it. Returns the trace id. */
export function emitPlainTrace(tracer: Tracer, tag: string): string {
  const root = tracer.startSpan('GET /health', { kind: SpanKind.SERVER, attributes: { 'http.route': '/health', 'app.request.tag': tag, note: 'llm.model_name' } });
  const inRoot = trace.setSpan(ROOT_CONTEXT, root);
  tracer.startSpan('PING', { kind: SpanKind.CLIENT, attributes: { 'db.system.name': 'redis' } }, inRoot).end();
  tracer.startSpan('SELECT 1', { kind: SpanKind.CLIENT, attributes: { 'db.system.name': 'postgresql' } }, inRoot).end();
  root.end();
  return root.spanContext().traceId;
}

/** GET /api/traces/{id} of the query API (the fields the tests compare). */
export interface ApiSpan {
  span_id: string;
  parent_span_id: string | null;
  name: string;
  [field: string]: unknown;
}

export interface ApiTrace {
  trace_id: string;
  span_count: number;
  spans: ApiSpan[];
  [field: string]: unknown;
}

export async function getTrace(queryUrl: string, traceId: string): Promise<{ status: number; trace: ApiTrace | null }> {
  const response = await fetch(`${queryUrl}/api/traces/${traceId}`);
  const body = (await response.json()) as unknown;
  return { status: response.status, trace: response.status === 200 ? (body as ApiTrace) : null };
}

/** Polls the query API until the trace has `spanCount` spans. */
export async function waitForTrace(queryUrl: string, traceId: string, spanCount: number, timeoutMs: number): Promise<ApiTrace> {
  const deadline = Date.now() + timeoutMs;
  let last: ApiTrace | null = null;
  while (Date.now() < deadline) {
    last = (await getTrace(queryUrl, traceId)).trace;
    if (last && last.spans.length >= spanCount) return last;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`trace ${traceId} did not reach the query API with ${spanCount} spans in ${timeoutMs} ms (last: ${last ? `${last.spans.length} spans` : '404'})`);
}

/** What a stored span means, independent of ids and times. */
const SPAN_FIELDS = [
  'name', 'kind', 'service_name', 'status', 'status_message',
  'provider', 'model', 'operation', 'prompt_tokens', 'completion_tokens', 'cached_prompt_tokens', 'cost_usd',
  'prompt', 'response', 'system_prompt', 'finish_reason', 'user_id', 'session_id', 'tags', 'attributes', 'resource',
] as const;

/**
 * Not the summary's user_id and session_id: when a trace has several (the mixed trace has
 * three of each), the processor keeps those of the first batch stored, so they depend on
 * how the trace was split into deliveries. Each span's user_id and session_id are compared.
 */
const TRACE_FIELDS = [
  'service_name', 'root_span_name', 'span_count', 'llm_call_count', 'models', 'providers',
  'total_cost_usd', 'prompt_tokens', 'completion_tokens', 'status', 'tags',
] as const;

/**
 * The trace's total cost is summed as its spans' batches are stored, so the order of float
 * additions (0.009692 or 0.009692000000000001) depends on how the spans were batched on
 * the way; costs are compared to 12 decimals (a millionth of a micro-dollar).
 */
const COST_FIELDS = new Set(['cost_usd', 'total_cost_usd']);
function roundCost(value: unknown): unknown {
  return typeof value === 'number' ? Number(value.toFixed(12)) : value;
}

/**
 * The trace with ids and times taken out: every canonical field of the summary and of each
 * span, each span's parent named by its name (names are unique in these traces), spans in
 * name order. Two sends of the same content must give equal values.
 */
export function canonicalTrace(apiTrace: ApiTrace): Record<string, unknown> {
  const nameOf = new Map(apiTrace.spans.map((span) => [span.span_id, span.name]));
  const pick = (source: Record<string, unknown>, fields: readonly string[]) =>
    Object.fromEntries(fields.map((field) => [field, COST_FIELDS.has(field) ? roundCost(source[field]) : source[field]]));
  const spans = apiTrace.spans.map((span) => ({
    name: span.name,
    parent: span.parent_span_id === null ? null : (nameOf.get(span.parent_span_id) ?? `unknown span ${span.parent_span_id}`),
    ...pick(span, SPAN_FIELDS),
  }));
  return { ...pick(apiTrace, TRACE_FIELDS), spans: spans.sort((a, b) => a.name.localeCompare(b.name)) };
}

/** (span id → parent id) of a trace, '' for the root: the structure both sides must share. */
export function parentsOf(spans: { spanId: string; parentSpanId: string }[]): Record<string, string> {
  return Object.fromEntries(spans.map((span) => [span.spanId, span.parentSpanId]));
}
