import type { Logger } from 'pino';
import type { SpanRecord } from '@lumina/core';
import type { SpanWriter } from '@lumina/db';
import { errorText, isDatabaseUnavailable } from '@lumina/runtime';
import type { ProcessorMetrics } from './metrics.js';
import { conventionCounts } from './conventions.js';
import { fail, type Delivery, type Stage } from './stage.js';

export interface PersistDeps {
  writer: SpanWriter;
  metrics: ProcessorMetrics;
  logger: Logger;
  isStopping: () => boolean;
}

const MAX_BACKOFF_MS = 5000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Retries the same write while Postgres is away, keeping the messages ours (`working()`), until
 * it commits; an outage never counts against a message. Gives up only when the service stops.
 */
async function writeWhileUnavailable(spans: SpanRecord[], deliveries: Delivery[], deps: PersistDeps): Promise<number> {
  const conventions = conventionCounts(deliveries.flatMap((delivery) => delivery.spans));
  // A redelivered message may have been stored before its acknowledgement was lost.
  const mayBeStored = deliveries.some((delivery) => delivery.message.redelivered);
  for (let attempt = 0; ; attempt += 1) {
    try {
      return (await deps.writer.write(spans, conventions, { mayBeStored })).inserted;
    } catch (error) {
      if (!isDatabaseUnavailable(error) || deps.isStopping()) throw error;
      if (attempt === 0) deps.logger.warn({ reason: errorText(error) }, 'database unavailable; holding the batch');
      for (const delivery of deliveries) delivery.message.working();
      await sleep(Math.min(250 * 2 ** attempt, MAX_BACKOFF_MS));
    }
  }
}

/** One label set's sums over a batch. */
interface LlmUsageSums {
  labels: { service: string; model: string; provider: string };
  calls: number;
  costUsd: number;
  costed: boolean;
  promptTokens: number | null;
  completionTokens: number | null;
}

/** The batch's LLM calls summed per (service, model, provider): prom-client hashes labels on every inc, so one inc per label set. */
function llmUsageSums(spans: SpanRecord[]): Map<string, LlmUsageSums> {
  const sums = new Map<string, LlmUsageSums>();
  for (const span of spans) {
    if (!span.isLlm) continue;
    const model = span.model ?? '';
    const provider = span.provider ?? '';
    const key = `${span.serviceName}\u0000${model}\u0000${provider}`;
    let sum = sums.get(key);
    if (!sum) {
      sum = { labels: { service: span.serviceName, model, provider }, calls: 0, costUsd: 0, costed: false, promptTokens: null, completionTokens: null };
      sums.set(key, sum);
    }
    sum.calls += 1;
    if (span.costUsd !== null) {
      sum.costUsd += span.costUsd;
      sum.costed = true;
    }
    if (span.promptTokens !== null) sum.promptTokens = (sum.promptTokens ?? 0) + span.promptTokens;
    if (span.completionTokens !== null) sum.completionTokens = (sum.completionTokens ?? 0) + span.completionTokens;
  }
  return sums;
}

function countLlmUsage(spans: SpanRecord[], metrics: ProcessorMetrics): void {
  for (const { labels, calls, costUsd, costed, promptTokens, completionTokens } of llmUsageSums(spans).values()) {
    metrics.llmCalls.inc(labels, calls);
    if (costed) metrics.llmCostUsd.inc(labels, costUsd);
    if (promptTokens !== null) metrics.llmTokens.inc({ ...labels, kind: 'prompt' }, promptTokens);
    if (completionTokens !== null) metrics.llmTokens.inc({ ...labels, kind: 'completion' }, completionTokens);
  }
  // A histogram needs each value (observations are not summed).
  for (const span of spans) if (span.isLlm && span.qualityScore !== null) metrics.qualityScores.observe({ service: span.serviceName }, span.qualityScore);
}

/** Writes deliveries in one transaction; on a data error, each on its own so that one bad payload fails alone. */
async function storeDeliveries(deliveries: Delivery[], deps: PersistDeps): Promise<void> {
  const spans = deliveries.flatMap((delivery) => delivery.spans.map((span) => span.record));
  try {
    const inserted = await writeWhileUnavailable(spans, deliveries, deps);
    for (const delivery of deliveries) delivery.state = 'stored';
    deps.logger.debug({ messages: deliveries.length, spans: spans.length, inserted }, 'batch committed');
    deps.metrics.spansStored.inc(inserted);
    deps.metrics.spansRedelivered.inc(spans.length - inserted);
    if (inserted === spans.length) countLlmUsage(spans, deps.metrics);
  } catch (error) {
    if (isDatabaseUnavailable(error)) {
      for (const delivery of deliveries) delivery.state = 'held';
      return;
    }
    if (deliveries.length === 1) return fail(deliveries[0]!, error);
    for (const delivery of deliveries) await storeDeliveries([delivery], deps);
  }
}

/** Stage: the batch's spans written idempotently through db's batch statement, in one transaction. */
export function persist(deps: PersistDeps): Stage {
  return {
    name: 'persist',
    async run(batch) {
      const pending = batch.filter((delivery) => delivery.state === 'pending');
      if (pending.length > 0) await storeDeliveries(pending, deps);
    },
  };
}
