/**
 * The span model shared by every service: a flattened OTLP span (input of
 * normalization) and the canonical LLM fields of API.md (its output).
 */

/** An OTLP AnyValue turned into plain JSON-able data. int64 beyond 2^53 stays a string. */
export type AttributeValue =
  | string
  | number
  | boolean
  | null
  | AttributeValue[]
  | { [key: string]: AttributeValue };

export type Attributes = Record<string, AttributeValue>;

export interface SpanEvent {
  name: string;
  timeUnixNano: bigint;
  attributes: Attributes;
}

/** OTLP status codes: 0 unset, 1 ok, 2 error. */
export type OtelStatusCode = 0 | 1 | 2;

/** OTLP span kinds by name, as stored and served. */
export const SPAN_KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'] as const;
export type SpanKind = (typeof SPAN_KINDS)[number];

/** One span with its resource and scope, ids as lowercase hex. */
export interface FlatSpan {
  traceId: string;
  spanId: string;
  /** null at a root */
  parentSpanId: string | null;
  name: string;
  kind: SpanKind;
  serviceName: string;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  statusCode: OtelStatusCode;
  statusMessage: string;
  attributes: Attributes;
  resource: Attributes;
  scopeName: string;
  scopeVersion: string;
  events: SpanEvent[];
}

export type SpanStatus = 'ok' | 'error' | 'degraded';

/** Canonical LLM fields (GENAI_ATTRIBUTES.md), read from any convention family. */
export interface LlmFields {
  provider: string | null;
  model: string | null;
  operation: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  cachedPromptTokens: number | null;
  prompt: string | null;
  response: string | null;
  systemPrompt: string | null;
  finishReason: string | null;
  /** USD per token, from `cost_per_prompt_token` / `cost_per_completion_token` attributes */
  customPromptTokenPriceUsd: number | null;
  customCompletionTokenPriceUsd: number | null;
  /** true when the span only repeats its child's usage (Vercel `ai.generateText` around `doGenerate`) */
  isUsageWrapper: boolean;
}

/** Fields every span carries, LLM or not. */
export interface SpanContextFields {
  userId: string | null;
  sessionId: string | null;
  tags: string[];
}

/** A span ready to store: what the processors write and the query API serves. */
export interface SpanRecord {
  projectId: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: SpanKind;
  serviceName: string;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  latencyMs: number;
  status: SpanStatus;
  statusMessage: string | null;
  isLlm: boolean;
  provider: string | null;
  model: string | null;
  operation: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  cachedPromptTokens: number | null;
  costUsd: number | null;
  prompt: string | null;
  response: string | null;
  systemPrompt: string | null;
  finishReason: string | null;
  userId: string | null;
  sessionId: string | null;
  tags: string[];
  attributes: Attributes;
  resource: Attributes;
  /** values of each kind the PII redaction replaced (e.g. `{ email: 2 }`); null when none */
  redactions: Record<string, number> | null;
  /** the span's own events as stored (exceptions and others); null or absent when none */
  events?: import('./events/span-events.js').StoredSpanEvent[] | null;
  /** tool calls the model asked for, from the span's gen_ai events; null or absent when none */
  toolCalls?: import('./normalize/event-content.js').EventToolCall[] | null;
}
