/**
 * One agent-like trace of `count` spans for the dashboard bench: a root and a tree of steps
 * (fan-out 8), every fifth span an LLM call with its prompt and response, all within a minute.
 */
import type { SpanRecord } from '@lumina/core';
import { syntheticTraces, takeSpans } from '../query/synthetic-spans.js';

export const BIG_TRACE_ID = 'feedfacecafebeef0123456789abcdef';
const FAN_OUT = 8;

export function bigTrace(count: number, startMs: number): SpanRecord[] {
  const source = takeSpans(syntheticTraces({ seed: 7, fromMs: startMs, toMs: startMs + 1, promptBytes: [200, 600] }), count * 2);
  const llm = source.filter((span) => span.isLlm);
  const plain = source.filter((span) => !span.isLlm);
  const startUs = startMs * 1000;
  const spans: SpanRecord[] = [];
  for (let i = 0; i < count; i += 1) {
    const template = (i > 0 && i % 5 === 0 ? llm[i % llm.length] : plain[i % plain.length])!;
    const fromUs = i === 0 ? startUs : startUs + i * 15_000;
    const toUs = i === 0 ? startUs + count * 15_000 + 5_000_000 : fromUs + 2_000 + ((i * 7919) % 40) * 1_000;
    spans.push({
      ...template,
      traceId: BIG_TRACE_ID,
      spanId: (i + 1).toString(16).padStart(16, '0'),
      parentSpanId: i === 0 ? null : spans[Math.floor((i - 1) / FAN_OUT)]!.spanId,
      name: i === 0 ? 'POST /api/agent' : template.isLlm ? template.name : `step ${i}`,
      serviceName: 'agent-runner',
      startTimeUnixNano: BigInt(fromUs) * 1000n,
      endTimeUnixNano: BigInt(toUs) * 1000n,
      latencyMs: (toUs - fromUs) / 1000,
      status: 'ok',
      statusMessage: null,
    });
  }
  return spans;
}
