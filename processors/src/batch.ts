import type { JsMsg } from '@nats-io/jetstream';
import type { Logger } from 'pino';
import type { SpanRecord } from '@lumina/core';
import type { DeadLetter } from './dead-letter.js';
import { isDatabaseUnavailable } from './database-errors.js';
import { decodeSpansMessage } from './decode.js';
import { enrichSpan, type Pricer } from './enrich.js';
import { flattenTraceRequest } from './flatten.js';
import type { ProcessorMetrics } from './metrics.js';
import type { SpanWriter } from './persist.js';

export interface BatchDeps {
  writer: SpanWriter;
  pricer: Pricer;
  deadLetter: DeadLetter;
  metrics: ProcessorMetrics;
  logger: Logger;
  projectId: string;
  maxDeliveries: number;
  isStopping: () => boolean;
}

interface Prepared {
  message: JsMsg;
  spans: SpanRecord[];
}

const RETRY_DELAY_MS = 2000;
const MAX_BACKOFF_MS = 5000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** A message that could not be processed: retried later, or dead-lettered once out of deliveries. */
async function rejectMessage(message: JsMsg, error: unknown, deps: BatchDeps): Promise<void> {
  const reason = errorText(error);
  if (message.info.deliveryCount >= deps.maxDeliveries) {
    await deps.deadLetter.send(message, reason);
    deps.metrics.messagesDeadLettered.inc();
    deps.logger.warn({ seq: message.seq, deliveries: message.info.deliveryCount, reason }, 'payload dead-lettered');
  } else {
    message.nak(RETRY_DELAY_MS);
    deps.logger.warn({ seq: message.seq, deliveries: message.info.deliveryCount, reason }, 'payload failed; will retry');
  }
}

function prepare(message: JsMsg, deps: BatchDeps): Prepared {
  const flat = flattenTraceRequest(decodeSpansMessage(message.data));
  return { message, spans: flat.map((span) => enrichSpan(span, deps.projectId, deps.pricer)) };
}

/** Retries the same write while Postgres is away (keeping the messages ours), until it commits. */
async function writeUntilAvailable(spans: SpanRecord[], messages: JsMsg[], deps: BatchDeps): Promise<number> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return (await deps.writer.write(spans)).inserted;
    } catch (error) {
      if (!isDatabaseUnavailable(error) || deps.isStopping()) throw error;
      if (attempt === 0) deps.logger.warn({ reason: errorText(error) }, 'database unavailable; holding the batch');
      for (const message of messages) message.working();
      await sleep(Math.min(250 * 2 ** attempt, MAX_BACKOFF_MS));
    }
  }
}

function countLlmUsage(spans: SpanRecord[], metrics: ProcessorMetrics): void {
  for (const span of spans) {
    if (!span.isLlm) continue;
    const labels = { service: span.serviceName, model: span.model ?? '', provider: span.provider ?? '' };
    metrics.llmCalls.inc(labels);
    if (span.costUsd !== null) metrics.llmCostUsd.inc(labels, span.costUsd);
    if (span.promptTokens !== null) metrics.llmTokens.inc({ ...labels, kind: 'prompt' }, span.promptTokens);
    if (span.completionTokens !== null) metrics.llmTokens.inc({ ...labels, kind: 'completion' }, span.completionTokens);
  }
}

/** Writes prepared messages in one transaction and acks them after the commit; isolates bad ones. */
async function persistAndAck(prepared: Prepared[], deps: BatchDeps): Promise<void> {
  const spans = prepared.flatMap((item) => item.spans);
  const messages = prepared.map((item) => item.message);
  try {
    const inserted = await writeUntilAvailable(spans, messages, deps);
    for (const message of messages) message.ack();
    deps.logger.debug({ messages: messages.length, spans: spans.length, inserted }, 'batch committed');
    deps.metrics.spansStored.inc(inserted);
    deps.metrics.spansRedelivered.inc(spans.length - inserted);
    if (inserted === spans.length) countLlmUsage(spans, deps.metrics);
  } catch (error) {
    if (isDatabaseUnavailable(error)) {
      for (const message of messages) message.nak(RETRY_DELAY_MS);
      return;
    }
    if (prepared.length === 1) return rejectMessage(prepared[0]!.message, error, deps);
    // One bad payload must not hold back the others: write each on its own.
    for (const item of prepared) await persistAndAck([item], deps);
  }
}

/** Decode → normalize → enrich → persist → ack, for one batch of stream messages. */
export async function processBatch(messages: JsMsg[], deps: BatchDeps): Promise<void> {
  const stopTimer = deps.metrics.batchSeconds.startTimer();
  const prepareStarted = performance.now();
  const prepared: Prepared[] = [];
  for (const message of messages) {
    try {
      prepared.push(prepare(message, deps));
    } catch (error) {
      await rejectMessage(message, error, deps);
    }
  }
  const prepareMs = performance.now() - prepareStarted;
  if (prepared.length > 0) await persistAndAck(prepared, deps);
  deps.logger.debug({ prepareMs: Math.round(prepareMs), seconds: stopTimer() }, 'batch processed');
}
