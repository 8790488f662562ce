/** The options of `initLumina`, their defaults and their checks. */
import type { SpanExporter, BufferConfig } from '@opentelemetry/sdk-trace-base';
import { LuminaError } from './errors.js';
import { isValidPrice, type PriceTable } from './pricing.js';
import type { SampleCondition } from './sampling/conditions.js';

/** Settings of `initLumina`. Only `service_name` is required. */
export interface LuminaOptions {
  /**
   * Where spans go. `http://host:4317` (any URL not ending in `/v1/traces`): OTLP/gRPC.
   * A URL ending in `/v1/traces`: OTLP/HTTP protobuf. `https://` uses TLS.
   * Default `http://127.0.0.1:9411/v1/traces` (Lumina ingest's SDK port).
   */
  endpoint?: string;
  /** `service.name` of every span */
  service_name: string;
  /** sent as `Authorization: Bearer <key>` with spans (gRPC metadata or HTTP header) and API calls */
  apiKey?: string;
  /** share of traces kept, 0..1, decided by trace id so a trace is kept whole; default 1 */
  samplingRate?: number;
  /**
   * Spans matching one of these are kept whatever the rate says, with the rest of their trace.
   * One condition object (all of its keys must match) or a list (any one must match).
   */
  alwaysSampleConditions?: SampleCondition | readonly SampleCondition[];
  /** extra headers (gRPC metadata) sent with spans and API calls */
  headers?: Readonly<Record<string, string>>;
  /** base URL of the query API, for `addFeedback`; default: the endpoint's host, port 8081 */
  queryUrl?: string;
  /** base URL of the replay API; default: the endpoint's host, port 8082 */
  replayUrl?: string;
  /**
   * Custom prices by model (USD per token), for calls that give no `price` of their own. They
   * are written on the span as `cost_per_prompt_token` / `cost_per_completion_token`, which
   * the `costUsd` sampling condition and Lumina's processors both use.
   */
  prices?: PriceTable;
  /** record prompts and responses (`gen_ai.input.messages`, …); default true */
  recordContent?: boolean;
  /** more resource attributes (`deployment.environment.name`, …) when the SDK starts its own NodeSDK */
  resourceAttributes?: Readonly<Record<string, string>>;
  /**
   * true (default): add the SDK's processor to the registered global TracerProvider, or start a
   * NodeSDK when there is none. false: do neither; give `client.spanProcessor` to your own provider.
   */
  register?: boolean;
  /** export with this exporter instead of OTLP to `endpoint` (tests, custom backends) */
  spanExporter?: SpanExporter;
  /** settings of the batching span processor in front of the exporter */
  batch?: BufferConfig;
  /** time limit of each call to the query and replay APIs; default 10,000 ms */
  apiTimeoutMs?: number;
}

/** The options with defaults applied and checked. */
export interface ResolvedOptions {
  endpoint: string;
  serviceName: string;
  samplingRate: number;
  conditions: readonly SampleCondition[];
  /** headers for spans and API calls, `authorization` included when there is an API key */
  headers: Readonly<Record<string, string>>;
  queryUrl: string;
  replayUrl: string;
  prices: PriceTable;
  recordContent: boolean;
  resourceAttributes: Readonly<Record<string, string>>;
  register: boolean;
  spanExporter?: SpanExporter;
  batch: BufferConfig;
  apiTimeoutMs: number;
}

/** Lumina ingest's OTLP/HTTP port for SDKs (API.md). */
export const DEFAULT_ENDPOINT = 'http://127.0.0.1:9411/v1/traces';

function sameHost(endpoint: string, port: number): string {
  const url = new URL(endpoint);
  return `${url.protocol}//${url.hostname.includes(':') ? `[${url.hostname}]` : url.hostname}:${port}`;
}

/** Applies the defaults; throws `LuminaError('invalid_option')` on a bad value. */
export function resolveOptions(options: LuminaOptions): ResolvedOptions {
  if (typeof options.service_name !== 'string' || options.service_name.trim() === '') {
    throw new LuminaError('invalid_option', 'service_name is required');
  }
  const endpoint = options.endpoint ?? DEFAULT_ENDPOINT;
  for (const [model, price] of Object.entries(options.prices ?? {})) {
    if (!isValidPrice(price)) throw new LuminaError('invalid_option', `prices[${model}] needs two non-negative numbers`);
  }
  const headers: Record<string, string> = { ...options.headers };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  const conditions = options.alwaysSampleConditions;
  return {
    endpoint,
    serviceName: options.service_name,
    samplingRate: options.samplingRate ?? 1,
    conditions: conditions === undefined ? [] : Array.isArray(conditions) ? conditions : [conditions as SampleCondition],
    headers,
    queryUrl: options.queryUrl ?? sameHost(endpoint, 8081),
    replayUrl: options.replayUrl ?? sameHost(endpoint, 8082),
    prices: options.prices ?? {},
    recordContent: options.recordContent ?? true,
    resourceAttributes: options.resourceAttributes ?? {},
    register: options.register ?? true,
    spanExporter: options.spanExporter,
    batch: options.batch ?? {},
    apiTimeoutMs: options.apiTimeoutMs ?? 10_000,
  };
}
