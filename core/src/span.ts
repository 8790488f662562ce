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
  /**
   * true when the span groups other work (Vercel `ai.generateText` around `doGenerate`, an
   * agent, a chain): its usage, if any, is its children's unless it has no LLM call under it
   */
  isUsageWrapper: boolean;
  /**
   * Set when the span carries usage that may repeat another span's (see {@link WrapperKind}):
   * it is counted until such a span is found, then it is not. Null for plain calls and for
   * wrappers without usage.
   */
  wrapperKind: WrapperKind | null;
  /** which source gave each normalized field (the mapping report); absent fields are left out */
  fieldSources: FieldSources;
}

/**
 * How a span carrying usage may repeat another's: `grouping` (an agent, chain, workflow,
 * tool or Vercel outer span) repeats the LLM calls below it; `framework` (an LLM span of a
 * framework instrumentation such as LangChain's) also repeats a provider SDK's LLM call
 * beside it (same parent) made within its time, since those instrumentations do not make
 * their span the parent of the SDK's.
 */
export type WrapperKind = 'grouping' | 'framework';

/** Normalized field name → the source key (or message list, or `price_catalog`) that gave it. */
export type FieldSources = Record<string, string>;

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
  /** which source key gave each normalized field, for LLM spans (null otherwise) */
  fieldSources: FieldSources | null;
  /** may repeat another span's usage (see WrapperKind); counted until it is found to */
  wrapperKind: WrapperKind | null;
  /** where `costUsd` came from: `catalog`, `override` or `custom_attribute`; null when unpriced */
  priceSource: string | null;
  /** the version of that price source (`@pydantic/genai-prices@0.1.8`, `overrides:sha256:…`) */
  priceVersion: string | null;
  /**
   * The call's quality in [0, 1] (1: nothing wrong seen), from core's quality signals and,
   * for borderline calls, an LLM judge later; null on spans that are not an LLM call.
   */
  qualityScore: number | null;
  /** the signals that produced `qualityScore`, by name (e.g. `{ finish_reason: { score: 0.3, detail: "length" } }`); null on non-LLM spans */
  qualitySignals: QualitySignals | null;
  /** the span's own events as stored (exceptions and others); null or absent when none */
  events?: import('./events/span-events.js').StoredSpanEvent[] | null;
  /** tool calls the model asked for, from the span's gen_ai events; null or absent when none */
  toolCalls?: import('./normalize/event-content.js').EventToolCall[] | null;
}

/** One quality signal's verdict: its score in [0, 1] (1: fine) and what it saw. */
export interface QualitySignal {
  score: number;
  /** a short reason, e.g. the finish reason, `refusal`, `not_json`, or a figure such as a length ratio */
  detail?: string;
}

/** The signals that produced a quality score, keyed by signal name; stored as jsonb beside the score. */
export type QualitySignals = Record<string, QualitySignal>;
