/**
 * Issue #18: an app instrumented with the OpenTelemetry project's own OpenAI instrumentation
 * (`@opentelemetry/instrumentation-openai`, message content on) sends the prompt and the
 * response as OTLP log records (gen_ai events), not on the span. Driven here with the official
 * `openai` client against the local OpenAI stand-in; spans and log records are captured in
 * memory, then sent with the real OTLP exporters in the order each case needs (logs before
 * spans, after spans, twice), so the join must give the same stored call every time.
 */
import { createRequire } from 'node:module';
import { logs } from '@opentelemetry/api-logs';
import { OpenAIInstrumentation } from '@opentelemetry/instrumentation-openai';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLlmStandIn, type LlmStandIn } from './support/llm-stand-in.js';
import { otlpExporter, type Transport } from './support/otel.js';
import { exportLogRecords, exportSpans, otlpLogExporter } from './support/otel-logs.js';
import { startPlatform, type TestPlatform } from './support/platform.js';
import { waitFor } from './support/wait.js';

interface ApiSpan {
  span_id: string;
  prompt: string | null;
  response: string | null;
  system_prompt: string | null;
  finish_reason: string | null;
  tool_calls: { id: string | null; name: string | null; arguments: unknown }[] | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  provider: string | null;
  model: string | null;
}
interface ApiTrace {
  llm_call_count: number;
  prompt_tokens: number;
  completion_tokens: number;
  spans: ApiSpan[];
}

const spans = new InMemorySpanExporter();
const records = new InMemoryLogRecordExporter();
const tracerProvider = new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': 'openai-app' }), spanProcessors: [new SimpleSpanProcessor(spans)] });
const loggerProvider = new LoggerProvider({ resource: resourceFromAttributes({ 'service.name': 'openai-app' }), processors: [new SimpleLogRecordProcessor({ exporter: records })] });
const instrumentation = new OpenAIInstrumentation({ enabled: false });

let platform: TestPlatform;
let standIn: LlmStandIn;
let db: pg.Pool;
let OpenAI: typeof import('openai').default;

beforeAll(async () => {
  // The documented switch for message content, read by the instrumentation at construction too.
  process.env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT = 'true';
  instrumentation.setConfig({ captureMessageContent: true });
  instrumentation.setTracerProvider(tracerProvider);
  instrumentation.setLoggerProvider(loggerProvider);
  instrumentation.enable();
  // Loaded after enable(), through Node's own require, as an instrumented app loads it.
  OpenAI = createRequire(import.meta.url)('openai').OpenAI;
  [platform, standIn] = await Promise.all([startPlatform({ processorEnv: { LOG_EVENT_JOIN_INTERVAL_MS: '100' } }), startLlmStandIn()]);
  db = new pg.Pool({ connectionString: platform.databaseUrl, max: 2 });
});
afterAll(async () => {
  instrumentation.disable();
  logs.disable();
  await db?.end();
  await standIn?.close();
  await platform?.stop();
});

/** One chat call through the instrumented client; returns what the instrumentation recorded. */
async function instrumentedCall(question: string, answer: { text?: string; toolCalls?: { id: string; name: string; arguments: Record<string, unknown> }[] }) {
  spans.reset();
  records.reset();
  standIn.script('openai', { reply: answer });
  const client = new OpenAI({ apiKey: 'test-key', baseURL: standIn.openAiBaseUrl, maxRetries: 0 });
  await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: 'You answer in one short sentence.' },
      { role: 'user', content: question },
    ],
  });
  const recorded: { spans: ReadableSpan[]; logs: ReadableLogRecord[] } = { spans: [...spans.getFinishedSpans()], logs: [...records.getFinishedLogRecords()] };
  expect(recorded.spans).toHaveLength(1);
  expect(recorded.logs.length).toBeGreaterThanOrEqual(3);
  // What Lumina would lack without the join: the span itself carries no content.
  expect(Object.keys(recorded.spans[0]!.attributes).filter((key) => /messages|prompt|completion/.test(key))).toEqual([]);
  return recorded;
}

async function storedCall(traceId: string, done: (span: ApiSpan) => boolean): Promise<{ trace: ApiTrace; span: ApiSpan }> {
  const trace = (await waitFor(
    async () => {
      const response = await fetch(`${platform.queryUrl}/api/traces/${traceId}`);
      return response.status === 200 ? ((await response.json()) as ApiTrace) : null;
    },
    (found) => found !== null && found.spans.length === 1 && done(found.spans[0]!),
    30_000,
    `trace ${traceId} with its call joined`,
  ))!;
  return { trace, span: trace.spans[0]! };
}

async function settledJoin(traceId: string): Promise<{ pending: number; logEvents: number }> {
  const { rows } = await db.query<{ pending: number; log_events: number }>(
    `SELECT (SELECT count(*)::int FROM pending_log_events WHERE trace_id = $1) AS pending,
            (SELECT coalesce(sum(jsonb_array_length(log_events)), 0)::int FROM spans WHERE trace_id = $1) AS log_events`,
    [traceId],
  );
  return { pending: rows[0]!.pending, logEvents: rows[0]!.log_events };
}

type Order = 'spans then logs' | 'logs then spans' | 'logs twice around the spans';
const CASES: { transport: Transport; order: Order; gzip: boolean }[] = [
  { transport: 'grpc', order: 'spans then logs', gzip: false },
  { transport: 'grpc', order: 'logs then spans', gzip: true },
  { transport: 'http/protobuf', order: 'logs then spans', gzip: false },
  { transport: 'http/protobuf', order: 'logs twice around the spans', gzip: true },
  { transport: 'http/json', order: 'spans then logs', gzip: false },
  { transport: 'http/json', order: 'logs twice around the spans', gzip: false },
];

describe('@opentelemetry/instrumentation-openai with message content, spans and logs through the real OTLP exporters', () => {
  it.each(CASES)('$transport, $order: the stored call has its prompt, system prompt and response, counted once', async ({ transport, order, gzip }) => {
    const question = `What is the capital of France? (${transport}, ${order})`;
    const recorded = await instrumentedCall(question, { text: 'Paris is the capital of France.' });
    const traceId = recorded.spans[0]!.spanContext().traceId;
    const spanExporter = otlpExporter(transport, platform, gzip);
    const logExporter = otlpLogExporter(transport, platform, gzip);
    if (order !== 'spans then logs') await exportLogRecords(logExporter, recorded.logs);
    await exportSpans(spanExporter, recorded.spans);
    if (order !== 'logs then spans') await exportLogRecords(logExporter, recorded.logs);
    await Promise.all([spanExporter.shutdown(), logExporter.shutdown()]);

    const { trace, span } = await storedCall(traceId, (call) => call.prompt !== null && call.response !== null && call.system_prompt !== null);
    expect(span).toMatchObject({
      prompt: question,
      system_prompt: 'You answer in one short sentence.',
      response: 'Paris is the capital of France.',
      finish_reason: 'stop',
      provider: 'openai',
      model: 'gpt-4o-mini',
    });
    expect(span.prompt_tokens).toBeGreaterThan(0);
    // Counted once, whatever the order or the number of copies.
    expect(trace.llm_call_count).toBe(1);
    expect(trace.prompt_tokens).toBe(span.prompt_tokens);
    expect(trace.completion_tokens).toBe(span.completion_tokens);
    const settled = await waitFor(() => settledJoin(traceId), (state) => state.pending === 0, 30_000, 'the pending events to be joined');
    expect(settled.logEvents).toBe(recorded.logs.length);
  });

  it('a tool call in the choice event becomes the call’s tool_calls and finish reason', async () => {
    const recorded = await instrumentedCall('Weather in Paris?', { text: '', toolCalls: [{ id: 'call_7', name: 'get_weather', arguments: { city: 'Paris' } }] });
    const traceId = recorded.spans[0]!.spanContext().traceId;
    const logExporter = otlpLogExporter('http/protobuf', platform);
    const spanExporter = otlpExporter('http/protobuf', platform);
    await exportLogRecords(logExporter, recorded.logs);
    await exportSpans(spanExporter, recorded.spans);
    await Promise.all([spanExporter.shutdown(), logExporter.shutdown()]);
    const { span } = await storedCall(traceId, (call) => call.tool_calls !== null);
    expect(span.tool_calls).toEqual([{ id: 'call_7', name: 'get_weather', arguments: JSON.stringify({ city: 'Paris' }) }]);
    expect(span.finish_reason).toBe('tool_calls');
    expect(span.prompt).toBe('Weather in Paris?');
  });

  it('the same stored call whatever the order: the rows are equal field by field', async () => {
    const question = 'Name one prime number.';
    const stored: unknown[] = [];
    for (const order of ['spans then logs', 'logs then spans'] as const) {
      const recorded = await instrumentedCall(question, { text: 'Seven.' });
      const traceId = recorded.spans[0]!.spanContext().traceId;
      const spanExporter = otlpExporter('grpc', platform);
      const logExporter = otlpLogExporter('grpc', platform);
      if (order === 'logs then spans') await exportLogRecords(logExporter, recorded.logs);
      await exportSpans(spanExporter, recorded.spans);
      if (order === 'spans then logs') await exportLogRecords(logExporter, recorded.logs);
      await Promise.all([spanExporter.shutdown(), logExporter.shutdown()]);
      await storedCall(traceId, (call) => call.response !== null && call.prompt !== null);
      await waitFor(() => settledJoin(traceId), (state) => state.pending === 0, 30_000, 'the join');
      const { rows } = await db.query(
        `SELECT prompt, response, system_prompt, finish_reason, tool_calls, content_from_logs, status, is_llm, jsonb_array_length(log_events) AS events FROM spans WHERE trace_id = $1`,
        [traceId],
      );
      stored.push(rows[0]);
    }
    expect(stored[0]).toEqual(stored[1]);
  });
});

describe('orphan events', () => {
  it('are dropped once LOG_EVENT_ORPHAN_TTL_SECONDS passes without their span', async () => {
    const small = { SPANS_STREAM_MAX_BYTES: '67108864' };
    const short = await startPlatform({
      ingestEnv: small,
      processorEnv: { ...small, LOG_EVENT_JOIN_INTERVAL_MS: '100', LOG_EVENT_ORPHAN_TTL_SECONDS: '1', LOG_EVENT_RECHECK_MAX_SECONDS: '1' },
    });
    const shortDb = new pg.Pool({ connectionString: short.databaseUrl, max: 1 });
    try {
      const recorded = await instrumentedCall('Is anyone there?', { text: 'No.' });
      const logExporter = otlpLogExporter('http/json', short);
      await exportLogRecords(logExporter, recorded.logs);
      await logExporter.shutdown();
      const count = async () => Number((await shortDb.query('SELECT count(*) AS n FROM pending_log_events')).rows[0].n);
      await waitFor(count, (n) => n > 0, 20_000, 'the events to wait for their span');
      await waitFor(count, (n) => n === 0, 20_000, 'the orphans to expire');
      const metrics = await (await fetch(`${short.processorUrl}/metrics`)).text();
      expect(metrics).toMatch(new RegExp(`lumina_log_events_expired_total ${recorded.logs.length}\\b`));
    } finally {
      await shortDb.end();
      await short.stop();
    }
  });
});
