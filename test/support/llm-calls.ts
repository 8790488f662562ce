import { SpanKind } from '@opentelemetry/api';
import { otlpExporter, withTracer } from './otel.js';

/** One LLM call to send: when it started (event time), its model, usage and price. */
export interface CallSpec {
  startMs: number;
  model: string;
  promptTokens?: number;
  completionTokens?: number;
  /** USD per prompt token (custom pricing attributes, so that figures are exact) */
  promptPriceUsd?: number;
  latencyMs?: number;
  error?: boolean;
  tags?: string[];
  userId?: string;
  attributes?: Record<string, string | number | boolean>;
}

/**
 * Sends the calls through the real OTLP/HTTP protobuf exporter to ingest, one span each in a
 * trace of its own, with the given start times; returns their trace ids in order.
 */
export async function sendCalls(ports: { grpcPort: number; httpPort: number }, service: string, calls: CallSpec[]): Promise<string[]> {
  const traceIds: string[] = [];
  await withTracer(otlpExporter('http/protobuf', ports), { 'service.name': service }, (tracer) => {
    for (const call of calls) {
      const attributes: Record<string, string | number | boolean | string[]> = {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': call.model,
        'gen_ai.usage.input_tokens': call.promptTokens ?? 100,
        'gen_ai.usage.output_tokens': call.completionTokens ?? 20,
        ...(call.promptPriceUsd !== undefined ? { cost_per_prompt_token: call.promptPriceUsd, cost_per_completion_token: 0 } : {}),
        ...(call.tags ? { 'lumina.tags': call.tags } : {}),
        ...(call.userId ? { 'user.id': call.userId } : {}),
        ...call.attributes,
      };
      const span = tracer.startSpan(`chat ${call.model}`, { kind: SpanKind.CLIENT, startTime: new Date(call.startMs), attributes });
      if (call.error) span.setStatus({ code: 2, message: 'provider error' });
      traceIds.push(span.spanContext().traceId);
      span.end(new Date(call.startMs + (call.latencyMs ?? 500)));
    }
  });
  return traceIds;
}

/** Evenly spread start times: `count` calls inside [fromMs, fromMs + spanMs). */
export function spread(fromMs: number, spanMs: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => fromMs + Math.floor(((i + 0.5) * spanMs) / count));
}
