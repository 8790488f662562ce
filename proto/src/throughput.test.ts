import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { describe, expect, it } from 'vitest';
import { decodeTraceRequest } from './decode.js';
import { encodeTraceRequest } from './encode.js';
import { traceRequestFromOtlpJson } from './from-otlp-json.js';
import { traceRequestToOtlpJson } from './to-otlp-json.js';
import { everyFieldSpan } from './test-fixtures.js';

// The pipeline must carry more than 10k spans/s on 2 cores. On one loaded core each
// conversion below takes about 100-450 ms per 10k heavy LLM spans (12 attributes with
// a nested kvlist, 2 events, 1 link). The budget is kept loose so that a busy CI
// machine does not fail it, while a quadratic walk or a per-attribute detour
// through JSON text still would.
const SPANS = 10_000;
const BUDGET_MS = 4_000;

function timeMs(fn: () => unknown): number {
  fn(); // warm up
  const start = performance.now();
  fn();
  return performance.now() - start;
}

describe('throughput', () => {
  const spans = Array.from({ length: SPANS }, everyFieldSpan);
  const protobuf = ProtobufTraceSerializer.serializeRequest(spans)!;
  const jsonText = new TextDecoder().decode(JsonTraceSerializer.serializeRequest(spans));
  const request = decodeTraceRequest(protobuf);

  it(`decodes ${SPANS} LLM spans of OTLP/protobuf within ${BUDGET_MS} ms`, () => {
    expect(timeMs(() => decodeTraceRequest(protobuf))).toBeLessThan(BUDGET_MS);
  });

  it(`reads ${SPANS} LLM spans of OTLP/JSON text within ${BUDGET_MS} ms`, () => {
    expect(timeMs(() => traceRequestFromOtlpJson(jsonText))).toBeLessThan(BUDGET_MS);
  });

  it(`writes ${SPANS} LLM spans as OTLP/JSON text and as protobuf within ${BUDGET_MS} ms each`, () => {
    expect(timeMs(() => JSON.stringify(traceRequestToOtlpJson(request)))).toBeLessThan(BUDGET_MS);
    expect(timeMs(() => encodeTraceRequest(request))).toBeLessThan(BUDGET_MS);
  });
});
