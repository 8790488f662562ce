import { context, trace, SpanStatusCode } from '@opentelemetry/api';
import { otlpExporter, withTracer } from './otel.js';
import type { TestPlatform } from './platform.js';
import { waitFor } from './wait.js';

/** One LLM call of a seeded trace, every value known to the test. */
export interface SeededCall {
  service: string;
  model: string;
  provider: string;
  system: string;
  question: string;
  answer: string;
  promptTokens: number;
  cachedTokens: number;
  completionTokens: number;
  latencyMs: number;
  user: string;
  tags: string[];
  finishReason: string;
  error?: boolean;
  /** recorded on the call's span as an `exception` event (type, message, stack trace) */
  exception?: Error;
  /** tool calls the model asked for, sent as a `gen_ai.choice` span event */
  toolCalls?: { id: string; name: string; arguments: string }[];
  /** set by seedLlmTraces */
  traceId?: string;
  spanId?: string;
}

export const PROMPT_PRICE = 0.000002;
export const COMPLETION_PRICE = 0.000008;

/** What a call costs at the custom prices it carries (the processors price it the same way). */
export function seededCostUsd(call: SeededCall): number {
  return call.promptTokens * PROMPT_PRICE + call.completionTokens * COMPLETION_PRICE;
}

function callAttributes(call: SeededCall) {
  return {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': call.provider,
    'gen_ai.request.model': call.model,
    'gen_ai.usage.input_tokens': call.promptTokens,
    'gen_ai.usage.cache_read.input_tokens': call.cachedTokens,
    'gen_ai.usage.output_tokens': call.completionTokens,
    'gen_ai.response.finish_reasons': [call.finishReason],
    cost_per_prompt_token: PROMPT_PRICE,
    cost_per_completion_token: COMPLETION_PRICE,
    'user.id': call.user,
    'lumina.tags': call.tags,
    'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: call.system }]),
    'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: call.question }] }]),
    'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: call.answer }], finish_reason: call.finishReason }]),
  };
}

/**
 * Sends one trace per call (a root span and the LLM call under it) through the real OTLP
 * path (the official OTLP/HTTP protobuf exporter → ingest → NATS → processors → Postgres),
 * from `startMs` a minute apart, then waits until the query API lists every trace (read with
 * `readHeaders`, e.g. an API key).
 */
export async function seedLlmTraces(platform: TestPlatform, calls: SeededCall[], startMs: number, readHeaders: Record<string, string> = {}): Promise<void> {
  const byService = new Map<string, SeededCall[]>();
  for (const call of calls) byService.set(call.service, [...(byService.get(call.service) ?? []), call]);
  for (const [service, group] of byService) {
    await withTracer(otlpExporter('http/protobuf', platform), { 'service.name': service }, (tracer) => {
      for (const call of group) {
        const at = startMs + calls.indexOf(call) * 60_000;
        const root = tracer.startSpan(`handle ${call.question.slice(0, 24)}`, { startTime: at });
        const span = tracer.startSpan(`chat ${call.model}`, { startTime: at + 2, attributes: callAttributes(call) }, trace.setSpan(context.active(), root));
        if (call.toolCalls) {
          const message = { role: 'assistant', tool_calls: call.toolCalls.map((t) => ({ id: t.id, type: 'function', function: { name: t.name, arguments: t.arguments } })) };
          span.addEvent('gen_ai.choice', { index: 0, finish_reason: 'tool_calls', message: JSON.stringify(message) }, at + 2 + call.latencyMs - 1);
        }
        if (call.exception) span.recordException(call.exception, at + 2 + call.latencyMs);
        if (call.error) span.setStatus({ code: SpanStatusCode.ERROR, message: 'rate limited' });
        span.end(at + 2 + call.latencyMs);
        root.end(at + call.latencyMs + 10);
        call.traceId = root.spanContext().traceId;
        call.spanId = span.spanContext().spanId;
      }
    });
  }
  await waitFor(
    async () => ((await (await fetch(`${platform.queryUrl}/api/traces?limit=500`, { headers: readHeaders })).json()) as { data: unknown[] }).data.length,
    (count) => count >= calls.length,
    30_000,
    'every seeded trace listed by the query API',
  );
}
