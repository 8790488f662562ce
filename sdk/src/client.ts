/** `initLumina` and the client it returns. */
import { trace, type Span } from '@opentelemetry/api';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { postFeedback, type Feedback } from './api/feedback.js';
import type { ApiTarget } from './api/http-json.js';
import {
  captureReplaySet,
  getReplayDiff,
  getReplaySet,
  runReplay,
  type CapturedReplaySet,
  type CreateReplaySetOptions,
  type ReplayDiffResult,
  type ReplaySet,
  type ReplayTracesOptions,
} from './api/replay.js';
import { createOtlpExporter } from './export/otlp-exporter.js';
import { ProviderSpanDeduplicator } from './export/provider-span-dedup.js';
import { setUpTracing, type TracingSetup } from './export/tracing-setup.js';
import { resolveOptions, type LuminaOptions, type ResolvedOptions } from './options.js';
import { createSamplingPolicy } from './sampling/sampling-policy.js';
import { SamplingSpanProcessor } from './sampling/sampling-span-processor.js';
import { createTraceLlm, type TraceLlmOptions } from './trace-llm.js';
import { createTraceWorkflow, type TraceOptions } from './trace-workflow.js';
import { SDK_NAME, SDK_VERSION } from './version.js';

/** The handle `initLumina` returns. Its methods can be passed around unbound. */
export interface LuminaClient {
  /**
   * Runs `fn` (which makes one LLM call) and returns its result unchanged, recording a CLIENT
   * span with the gen_ai attributes. Usage, model, finish reason and output are read from
   * Anthropic `Message`, OpenAI `ChatCompletion` and `Response` results and from their
   * streams (which pass through chunk by chunk; the span ends when the stream does). A
   * thrown error is recorded (status ERROR, exception event) and re-thrown.
   */
  traceLLM<T>(fn: (span: Span) => T | PromiseLike<T>, options: TraceLlmOptions): Promise<T>;
  /** Runs `fn` inside a workflow span (`lumina.span.kind=workflow`); calls made in it are its children. */
  trace<T>(fn: (span: Span) => T | PromiseLike<T>, options: TraceOptions): Promise<T>;
  /** Exports every span kept so far; resolves when the exporter has answered, rejects when it failed. */
  flush(): Promise<void>;
  /**
   * Flushes, then stops: removes the SDK's processor, or shuts down the NodeSDK it started (and
   * releases the OpenTelemetry globals it registered). Stops even when the last export fails,
   * then rejects with that failure.
   */
  shutdown(): Promise<void>;
  /** Posts feedback on a span to the query API (`POST /api/spans/{trace_id}/{span_id}/feedback`). */
  addFeedback(traceId: string, spanId: string, feedback: Feedback): Promise<unknown>;
  /** Captures traces into a replay set (`POST /replay/capture`). */
  createReplaySet(options: CreateReplaySetOptions): Promise<CapturedReplaySet>;
  /** Re-runs a replay set with changes (`POST /replay/run`). */
  replayTraces(options: ReplayTracesOptions): Promise<ReplaySet>;
  /** A replay set's state and summary (`GET /replay/{id}`). */
  getReplaySet(replayId: string): Promise<ReplaySet>;
  /** A replay set's compared calls (`GET /replay/{id}/diff`). */
  getReplayDiff(replayId: string): Promise<{ results: ReplayDiffResult[] }>;
  /** The SDK's span processor (provider-span dedup, sampling, batch export), for `register: false` setups. */
  readonly spanProcessor: SpanProcessor;
  /** `attached` to the app's provider, `started` its own NodeSDK, or `unregistered`. */
  readonly mode: 'attached' | 'started' | 'unregistered';
}

function apiTarget(baseUrl: string, options: ResolvedOptions): ApiTarget {
  return { baseUrl, headers: options.headers, timeoutMs: options.apiTimeoutMs };
}

/** Stops even when the last export fails; then reports that failure. */
async function flushThenStop(spanProcessor: SpanProcessor, setup: TracingSetup | undefined): Promise<void> {
  const flushed = await spanProcessor.forceFlush().then(
    () => undefined,
    (error: unknown) => ({ error }),
  );
  await (setup ? setup.stop() : spanProcessor.shutdown());
  if (flushed) throw flushed.error;
}

/**
 * Starts tracing LLM calls. Builds the exporter for `endpoint` (or uses `spanExporter`), puts
 * the SDK's sampling processor in front of a BatchSpanProcessor, and adds it to the global
 * TracerProvider the app registered, or starts a NodeSDK (AlwaysOn sampler, AsyncLocalStorage
 * context) when there is none. Throws `LuminaError` on invalid options.
 *
 * @example
 * const lumina = initLumina({ endpoint: 'http://localhost:4317', service_name: 'chat' });
 * const reply = await lumina.traceLLM(() => anthropic.messages.create(params), { name: 'answer', system: 'anthropic', prompt: params.messages });
 */
export function initLumina(options: LuminaOptions): LuminaClient {
  const resolved = resolveOptions(options);
  const policy = createSamplingPolicy(resolved.samplingRate, resolved.conditions);
  const exporter = resolved.spanExporter ?? createOtlpExporter(resolved.endpoint, resolved.headers);
  const spanProcessor = new ProviderSpanDeduplicator(new SamplingSpanProcessor(new BatchSpanProcessor(exporter, resolved.batch), policy));
  const setup: TracingSetup | undefined = resolved.register
    ? setUpTracing(spanProcessor, resolved.serviceName, { ...resolved.resourceAttributes })
    : undefined;
  const tracer = trace.getTracer(SDK_NAME, SDK_VERSION);
  const query = apiTarget(resolved.queryUrl, resolved);
  const replay = apiTarget(resolved.replayUrl, resolved);
  let stopped: Promise<void> | undefined;

  return {
    traceLLM: createTraceLlm({ tracer, recordContent: resolved.recordContent, prices: resolved.prices }),
    trace: createTraceWorkflow(tracer),
    flush: () => spanProcessor.forceFlush(),
    shutdown: () => {
      stopped ??= flushThenStop(spanProcessor, setup);
      return stopped;
    },
    addFeedback: (traceId, spanId, feedback) => postFeedback(query, traceId, spanId, feedback),
    createReplaySet: (createOptions) => captureReplaySet(replay, createOptions),
    replayTraces: (runOptions) => runReplay(replay, runOptions),
    getReplaySet: (replayId) => getReplaySet(replay, replayId),
    getReplayDiff: (replayId) => getReplayDiff(replay, replayId),
    spanProcessor,
    mode: setup?.mode ?? 'unregistered',
  };
}
