import { randomBytes } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import { encodeTraceRequest, ExportTraceServiceRequestSchema } from '@lumina/proto';
import type { KeyValue } from '@lumina/proto';

function kv(key: string, value: string | number): KeyValue {
  const v = typeof value === 'string' ? { case: 'stringValue' as const, value } : { case: 'intValue' as const, value: BigInt(value) };
  return { key, value: { value: v } } as KeyValue;
}

export interface SyntheticTrace {
  traceId: string;
  spanIds: string[];
}

/**
 * An ExportTraceServiceRequest of `traces` traces, each a root span with `llmChildren`
 * gen_ai chat spans under it (gpt-4o-mini, 100 prompt / 20 completion tokens each).
 */
export function syntheticTraceRequest(traces: number, llmChildren: number, startMs = Date.now()) {
  const made: SyntheticTrace[] = [];
  const spans = [];
  for (let t = 0; t < traces; t += 1) {
    const traceId = randomBytes(16);
    const rootId = randomBytes(8);
    const start = BigInt(startMs + t) * 1_000_000n;
    const trace: SyntheticTrace = { traceId: traceId.toString('hex'), spanIds: [rootId.toString('hex')] };
    spans.push({ traceId, spanId: rootId, name: 'handle-request', kind: 2, startTimeUnixNano: start, endTimeUnixNano: start + 50_000_000n });
    for (let c = 0; c < llmChildren; c += 1) {
      const spanId = randomBytes(8);
      trace.spanIds.push(spanId.toString('hex'));
      spans.push({
        traceId,
        spanId,
        parentSpanId: rootId,
        name: 'chat gpt-4o-mini',
        kind: 3,
        startTimeUnixNano: start + 1_000_000n,
        endTimeUnixNano: start + 40_000_000n,
        attributes: [
          kv('gen_ai.operation.name', 'chat'),
          kv('gen_ai.provider.name', 'openai'),
          kv('gen_ai.request.model', 'gpt-4o-mini'),
          kv('gen_ai.usage.input_tokens', 100),
          kv('gen_ai.usage.output_tokens', 20),
        ],
      });
    }
    made.push(trace);
  }
  const request = create(ExportTraceServiceRequestSchema, {
    resourceSpans: [{ resource: { attributes: [kv('service.name', 'synthetic')] }, scopeSpans: [{ scope: { name: 'test' }, spans }] }],
  });
  return { request, bytes: encodeTraceRequest(request), traces: made, spanCount: spans.length };
}
