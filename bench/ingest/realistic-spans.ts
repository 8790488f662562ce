import { randomBytes } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import { encodeLogsRequest, encodeTraceRequest, ExportLogsServiceRequestSchema, ExportTraceServiceRequestSchema, type KeyValue } from '@lumina/proto';

const WORDS = (
  'the model answered quickly with a summary of the quarterly report including revenue churn ' +
  'latency costs tokens customers support ticket refund policy shipping address order status ' +
  'please explain why my invoice shows two charges and how to cancel the second subscription'
).split(' ');

export function text(minBytes: number, maxBytes: number): string {
  const target = minBytes + Math.floor(Math.random() * (maxBytes - minBytes));
  let out = '';
  while (out.length < target) out += `${WORDS[Math.floor(Math.random() * WORDS.length)]} `;
  return out.slice(0, target);
}

const str = (key: string, value: string): KeyValue => ({ key, value: { value: { case: 'stringValue', value } } }) as KeyValue;
const int = (key: string, value: number): KeyValue => ({ key, value: { value: { case: 'intValue', value: BigInt(value) } } }) as KeyValue;

const MODELS = [
  ['openai', 'gpt-4o-mini'],
  ['openai', 'gpt-4o'],
  ['anthropic', 'claude-3-5-haiku-20241022'],
  ['anthropic', 'claude-sonnet-4-5'],
] as const;

/**
 * One OTLP request of `spanCount` spans as real instrumentations send them: traces of a server
 * root span with `callsPerTrace` LLM chat spans under it (with `callsPerTrace` 0, every span is
 * a lone LLM call, the worst case for trace summaries). LLM spans carry current gen_ai keys,
 * input/output messages of 1–2 KB together, usage, and a few context attributes.
 */
export function realisticRequest(spanCount: number, services: string[], nowMs: number, callsPerTrace = 3, promptPool?: readonly string[]): Uint8Array {
  return realisticExport(spanCount, services, nowMs, callsPerTrace, 'attributes', promptPool).traces;
}

/** Where an LLM span's prompt and response travel: on the span, or as gen_ai log events (as `@opentelemetry/instrumentation-openai` sends them). */
export type ContentCarrier = 'attributes' | 'logs';

/**
 * Like realisticRequest; with content as `logs`, the spans carry no messages and a logs request
 * carries them instead: per LLM call a `gen_ai.system.message`, a `gen_ai.user.message` and a
 * `gen_ai.choice` log record tied to the span, bodies as that instrumentation writes them.
 */
export function realisticExport(spanCount: number, services: string[], nowMs: number, callsPerTrace: number, content: ContentCarrier, promptPool?: readonly string[]): { traces: Uint8Array; logs: Uint8Array | null } {
  const spans = [];
  const records = [];
  let traceId = randomBytes(16);
  let rootId: Buffer | null = null;
  for (let i = 0; i < spanCount; i += 1) {
    const [provider, model] = MODELS[i % MODELS.length]!;
    const start = BigInt(nowMs - Math.floor(Math.random() * 60_000)) * 1_000_000n;
    if (callsPerTrace > 0 && i % (callsPerTrace + 1) === 0) {
      traceId = randomBytes(16);
      rootId = randomBytes(8);
      spans.push({ traceId, spanId: rootId, name: 'POST /api/answer', kind: 2, startTimeUnixNano: start, endTimeUnixNano: start + 4_000_000_000n, attributes: [str('http.request.method', 'POST'), str('user.id', `user-${i % 50}`)] });
      continue;
    }
    if (callsPerTrace === 0) traceId = randomBytes(16);
    // A pool makes prompts repeat, as FAQ-like traffic does (the quality bench's similarity path).
    const prompt = promptPool ? promptPool[Math.floor(Math.random() * promptPool.length)]! : text(500, 1000);
    const answer = text(400, 900);
    const spanId = randomBytes(8);
    const contentAttributes =
      content === 'attributes'
        ? [
            str('gen_ai.input.messages', JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: prompt }] }])),
            str('gen_ai.output.messages', JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: answer }], finish_reason: 'stop' }])),
          ]
        : [];
    if (content === 'logs') {
      const event = (name: string, body: KeyValue[], at: bigint) => ({
        timeUnixNano: at,
        observedTimeUnixNano: at,
        severityNumber: 9,
        eventName: name,
        traceId,
        spanId,
        flags: 1,
        attributes: [str('gen_ai.system', provider)],
        body: { value: { case: 'kvlistValue', value: { values: body } } },
      });
      records.push(
        event('gen_ai.system.message', [str('content', 'You are a helpful support assistant.')], start),
        event('gen_ai.user.message', [str('content', prompt)], start),
        event('gen_ai.choice', [int('index', 0), str('finish_reason', 'stop'), { key: 'message', value: { value: { case: 'kvlistValue', value: { values: [str('content', answer)] } } } } as KeyValue], start + 1_000_000n),
      );
    }
    spans.push({
      traceId,
      spanId,
      parentSpanId: callsPerTrace > 0 && rootId ? rootId : new Uint8Array(0),
      name: `chat ${model}`,
      kind: 3,
      startTimeUnixNano: start,
      endTimeUnixNano: start + BigInt(200 + Math.floor(Math.random() * 3000)) * 1_000_000n,
      attributes: [
        str('gen_ai.operation.name', 'chat'),
        str('gen_ai.provider.name', provider),
        str('gen_ai.request.model', model),
        str('gen_ai.response.model', model),
        int('gen_ai.usage.input_tokens', 150 + (i % 400)),
        int('gen_ai.usage.output_tokens', 40 + (i % 200)),
        ...contentAttributes,
        str('user.id', `user-${i % 50}`),
        str('session.id', `session-${i % 200}`),
      ],
    });
  }
  const request = create(ExportTraceServiceRequestSchema, {
    resourceSpans: [
      {
        resource: { attributes: [str('service.name', services[spanCount % services.length]!), str('deployment.environment', 'prod')] },
        scopeSpans: [{ scope: { name: 'opentelemetry.instrumentation.openai', version: '0.40.0' }, spans }],
      },
    ],
  });
  const resource = { attributes: [str('service.name', services[spanCount % services.length]!), str('deployment.environment', 'prod')] };
  const logs =
    content === 'logs'
      ? encodeLogsRequest(create(ExportLogsServiceRequestSchema, { resourceLogs: [{ resource, scopeLogs: [{ scope: { name: '@opentelemetry/instrumentation-openai', version: '0.21.0' }, logRecords: records as never }] }] }))
      : null;
  return { traces: encodeTraceRequest(request), logs };
}
