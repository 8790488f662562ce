/** `traceLLM`: one CLIENT span per LLM call, with gen_ai attributes read from the result. */
import { context, SpanKind, trace, type Span, type Tracer } from '@opentelemetry/api';
import { LUMINA } from './attribute-keys.js';
import { recordFailure, requestAttributes, resultAttributes } from './llm/call-attributes.js';
import type { LlmCallResult } from './llm/call-result.js';
import type { Prompt } from './llm/prompt.js';
import { readLlmResult } from './llm/read-result.js';
import type { Metadata } from './metadata.js';
import { priceAttributes, priceForModel, type PriceTable, type TokenPrice } from './pricing.js';
import { accumulatorFor, type ChunkAccumulator } from './stream/chunk-accumulator.js';
import { observeStream } from './stream/observe-stream.js';

/** What `traceLLM` records about a call besides what it reads from the result. */
export interface TraceLlmOptions {
  /** the span name, e.g. `chat claude-sonnet-4-5` or `answer-question` */
  name: string;
  /** the provider, written as `gen_ai.provider.name`: `anthropic`, `openai`, `aws.bedrock`, … */
  system: string;
  /** what was sent: one user message as text, or the messages as the provider's SDK took them */
  prompt: Prompt;
  /** separate system instructions (Anthropic's `system` parameter): text or content parts */
  systemPrompt?: unknown;
  /** the requested model (`gen_ai.request.model`); the result's model is read from the result */
  model?: string;
  /** `gen_ai.operation.name`; default `chat` */
  operation?: string;
  /** `userId` → `user.id`, `sessionId` → `session.id`, any other key → `lumina.metadata.<key>` */
  metadata?: Metadata;
  /** written as `lumina.tags` */
  tags?: readonly string[];
  /** custom prices for this call; default: the client's `prices` table by model, if it has one */
  price?: TokenPrice;
}

/** What `traceLLM` needs from the client. */
export interface LlmTracingSettings {
  tracer: Tracer;
  recordContent: boolean;
  prices: PriceTable;
}

/** The function behind `LuminaClient.traceLLM`. */
export type TraceLlm = <T>(fn: (span: Span) => T | PromiseLike<T>, options: TraceLlmOptions) => Promise<T>;

function msSince(startMs: number): number {
  return Math.round((performance.now() - startMs) * 1000) / 1000;
}

/** Writes what the result says, and a price from the table when the call gave none. */
function finishCall(span: Span, result: LlmCallResult, options: TraceLlmOptions, settings: LlmTracingSettings): void {
  span.setAttributes(resultAttributes(result, settings.recordContent));
  if (!options.price) {
    const price = priceForModel(settings.prices, result.responseModel) ?? priceForModel(settings.prices, options.model);
    if (price) span.setAttributes(priceAttributes(price));
  }
}

/** Ends the span when the stream ends: usage and output from the chunks, time to first token. */
function traceStream(span: Span, stream: unknown, startMs: number, options: TraceLlmOptions, settings: LlmTracingSettings): boolean {
  let accumulator: ChunkAccumulator | undefined;
  let firstTokenSeen = false;
  return observeStream(stream, {
    chunk(chunk) {
      try {
        accumulator ??= accumulatorFor(chunk);
        if (accumulator.add(chunk) && !firstTokenSeen) {
          firstTokenSeen = true;
          span.setAttribute(LUMINA.timeToFirstTokenMs, msSince(startMs));
        }
      } catch {
        // A chunk the accumulator did not expect must never break the caller's stream.
      }
    },
    end(error) {
      try {
        finishCall(span, accumulator?.result() ?? {}, options, settings);
      } catch {
        // as above: the span ends with what is known
      }
      if (error !== undefined) recordFailure(span, error);
      span.end();
    },
  });
}

/**
 * Builds `traceLLM` over a tracer. The span is active while `fn` runs, so spans `fn` makes
 * (HTTP instrumentation, nested calls) are its children.
 */
export function createTraceLlm(settings: LlmTracingSettings): TraceLlm {
  return async function traceLLM<T>(fn: (span: Span) => T | PromiseLike<T>, options: TraceLlmOptions): Promise<T> {
    const span = settings.tracer.startSpan(options.name, {
      kind: SpanKind.CLIENT,
      attributes: requestAttributes({ ...options, operation: options.operation ?? 'chat' }, settings.recordContent),
    });
    const startMs = performance.now();
    let result: T;
    try {
      result = await context.with(trace.setSpan(context.active(), span), fn, undefined, span);
    } catch (error) {
      recordFailure(span, error);
      span.end();
      throw error;
    }
    if (traceStream(span, result, startMs, options, settings)) return result;
    try {
      finishCall(span, readLlmResult(result), options, settings);
    } catch {
      // Reading the result is best effort; the caller gets it either way.
    }
    span.end();
    return result;
  };
}

