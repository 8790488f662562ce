import { hostileNanos, hostileString, invalidUtf8 } from './hostile-values.js';
import type { Random } from './random.js';

/** Text, or raw bytes that may not be UTF-8 (protobuf carries them as they are). */
export type Text = string | Uint8Array;

export type Value =
  | { string: Text }
  | { bool: boolean }
  | { int: bigint }
  | { double: number }
  | { array: Value[] }
  | { kvlist: KeyValue[] }
  | { bytes: Uint8Array }
  /** arrays and kvlists nested `deep` levels around a string; the encoders build it without recursion */
  | { deep: number };

export interface KeyValue {
  key: Text;
  value?: Value;
}

export interface GenEvent {
  timeNanos: bigint;
  name: Text;
  attributes: KeyValue[];
}

export interface GenSpan {
  traceId: Uint8Array;
  spanId: Uint8Array;
  parentSpanId: Uint8Array;
  name: Text;
  kind: number;
  startNanos: bigint;
  endNanos: bigint;
  attributes: KeyValue[];
  events: GenEvent[];
  status?: { code: number; message: Text };
}

export interface GenResourceSpans {
  resource: KeyValue[];
  scopeName: Text;
  scopeVersion: Text;
  spans: GenSpan[];
}

export type GenRequest = GenResourceSpans[];

/** Keys the normalizers read (every convention family), so hostile values reach their parsers. */
const LLM_KEYS = [
  'gen_ai.system', 'gen_ai.provider.name', 'gen_ai.operation.name', 'gen_ai.request.model', 'gen_ai.response.model',
  'gen_ai.usage.input_tokens', 'gen_ai.usage.output_tokens', 'gen_ai.usage.prompt_tokens', 'gen_ai.usage.completion_tokens',
  'gen_ai.usage.cache_read.input_tokens', 'gen_ai.input.messages', 'gen_ai.output.messages', 'gen_ai.system_instructions',
  'gen_ai.prompt', 'gen_ai.completion', 'gen_ai.prompt.0.content', 'gen_ai.prompt.0.role', 'gen_ai.completion.0.content',
  'gen_ai.response.finish_reasons', 'gen_ai.request.temperature', 'gen_ai.request.max_tokens', 'llm.model_name', 'llm.provider', 'llm.system',
  'llm.token_count.prompt', 'llm.token_count.completion', 'llm.input_messages.0.message.content', 'llm.output_messages.0.message.content',
  'llm.invocation_parameters', 'input.value', 'output.value', 'openinference.span.kind', 'ai.model.id', 'ai.model.provider', 'ai.prompt',
  'ai.prompt.messages', 'ai.response.text', 'ai.usage.promptTokens', 'ai.usage.completionTokens', 'ai.operationId', 'traceloop.span.kind',
  'user.id', 'session.id', 'enduser.id', 'lumina.tags', 'tags', 'lumina.user_id', 'lumina.session_id', 'service.name', 'http.status_code',
];

const MODELS = ['gpt-4o', 'gpt-4o-mini', 'claude-sonnet-4-5', 'claude-3-5-haiku-20241022', 'text-embedding-3-small', 'gemini-1.5-pro'];

function text(random: Random, maxLength = 256): Text {
  if (random.chance(0.08)) return invalidUtf8(random);
  if (random.chance(0.5)) return random.pick([...MODELS, 'chat', 'openai', 'anthropic', 'user', 'assistant', 'stop']);
  return hostileString(random, maxLength);
}

/** Message lists as LLM libraries write them, with hostile shapes and contents. */
function messagesJson(random: Random): string {
  const shapes = [
    () => JSON.stringify([{ role: 'user', content: hostileString(random) }]),
    () => JSON.stringify([{ role: hostileString(random), parts: [{ type: 'text', content: hostileString(random) }] }]),
    () => JSON.stringify({ role: 'user', content: [{ type: 'text', text: hostileString(random) }, null, 7] }),
    () => JSON.stringify([[[[null]]]]),
    () => JSON.stringify([{ role: 'user', content: { nested: { deeper: [hostileString(random)] } } }]),
    () => '[{"role":"user","content":"unterminated',
    () => `[${'['.repeat(random.int(1, 5000))}`,
    () => JSON.stringify(Array.from({ length: random.int(0, 200) }, () => ({ role: 'assistant', content: hostileString(random) }))),
    () => hostileString(random),
  ];
  return random.pick(shapes)();
}

export function hostileValue(random: Random, depth: number): Value {
  const nest = depth > 0 && random.chance(0.15);
  const kind = nest ? random.pick(['array', 'kvlist'] as const) : random.weighted({ string: 6, messages: 1, int: 2, double: 1, bool: 1, bytes: 1, huge: 0.0005 });
  switch (kind) {
    case 'string':
      return { string: text(random) };
    case 'messages':
      return { string: messagesJson(random) };
    case 'huge':
      return { string: random.pick(['a', "'", '\\', '\u0000', 'é', '😀']).repeat(random.int(1, 1_000_000)) };
    case 'int':
      return { int: random.pick([0n, -1n, 1n, 9223372036854775807n, -9223372036854775808n, BigInt(random.int(0, 100_000))]) };
    case 'double':
      return { double: random.pick([0, -0, 1.5, NaN, Infinity, -Infinity, 1e308, 5e-324, random.float() * 1e6]) };
    case 'bool':
      return { bool: random.chance(0.5) };
    case 'bytes':
      return { bytes: random.bytes(random.length(64)) };
    case 'array':
      return { array: Array.from({ length: random.int(0, 4) }, () => hostileValue(random, depth - 1)) };
    case 'kvlist':
      return { kvlist: hostileAttributes(random, depth - 1, 4) };
  }
}

export function hostileAttributes(random: Random, depth: number, max = 12): KeyValue[] {
  const count = random.chance(0.0003) ? random.int(1000, 20_000) : random.int(0, max);
  const attributes: KeyValue[] = [];
  for (let i = 0; i < count; i += 1) {
    const key = random.chance(0.6) ? random.pick(LLM_KEYS) : text(random, 128);
    attributes.push(random.chance(0.03) ? { key } : { key, value: hostileValue(random, depth) });
  }
  if (random.chance(0.001)) attributes.push({ key: 'deep', value: { deep: random.pick([50, 500, 5000, 50_000]) } });
  return attributes;
}

function id(random: Random, rightLength: number): Uint8Array {
  const roll = random.float();
  if (roll < 0.8) return random.bytes(rightLength);
  if (roll < 0.85) return new Uint8Array(rightLength);
  return random.bytes(random.pick([0, 1, rightLength - 1, rightLength + 1, rightLength * 2, 300]));
}

function span(random: Random, traceId: Uint8Array, nowMs: number): GenSpan {
  const realistic = random.chance(0.5);
  const start = realistic ? BigInt(nowMs - random.int(0, 60_000)) * 1_000_000n : hostileNanos(random, nowMs);
  const end = realistic ? start + BigInt(random.int(0, 30_000)) * 1_000_000n : random.chance(0.5) ? hostileNanos(random, nowMs) : start;
  return {
    traceId: random.chance(0.9) ? traceId : id(random, 16),
    spanId: id(random, 8),
    parentSpanId: random.chance(0.5) ? new Uint8Array(0) : id(random, 8),
    name: text(random),
    kind: random.pick([0, 1, 2, 3, 4, 5, 6, 99, -1]),
    startNanos: start,
    endNanos: end,
    attributes: hostileAttributes(random, 3),
    events: Array.from({ length: random.chance(0.8) ? 0 : random.int(1, 4) }, () => ({
      timeNanos: hostileNanos(random, nowMs),
      name: random.chance(0.5) ? random.pick(['gen_ai.content.prompt', 'gen_ai.content.completion', 'gen_ai.user.message', 'exception']) : text(random),
      attributes: hostileAttributes(random, 2, 6),
    })),
    ...(random.chance(0.7) ? { status: { code: random.pick([0, 1, 2, 3, -5]), message: text(random) } } : {}),
  };
}

/** An export request: mostly well-formed structure whose contents are hostile. */
export function hostileTraceRequest(random: Random, nowMs: number): GenRequest {
  const resources = random.chance(0.9) ? 1 : random.int(0, 4);
  return Array.from({ length: resources }, () => {
    const traceId = id(random, 16);
    const spans = random.chance(0.003) ? random.int(100, 1000) : random.int(0, 6);
    return {
      resource: [{ key: 'service.name', value: { string: text(random, 64) } }, ...hostileAttributes(random, 2, 4)],
      scopeName: text(random, 64),
      scopeVersion: text(random, 16),
      spans: Array.from({ length: spans }, () => span(random, traceId, nowMs)),
    };
  });
}
