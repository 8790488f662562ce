import { Counter, Gauge, Histogram } from 'prom-client';
import { createServiceRegistry, createStreamGauges } from '@lumina/runtime';

/** Prometheus metrics of one processor replica (its own registry, so tests can run several). */
export function createProcessorMetrics() {
  const registry = createServiceRegistry('processor');
  const llmLabels = ['service', 'model', 'provider'] as const;
  return {
    registry,
    stream: createStreamGauges(registry),
    logEventsQueued: new Counter({ name: 'lumina_log_events_queued_total', help: 'gen_ai log events newly queued for the join (copies skipped)', registers: [registry] }),
    logEventsJoined: new Counter({ name: 'lumina_log_events_joined_total', help: 'gen_ai log events merged into their stored span', registers: [registry] }),
    logEventsExpired: new Counter({
      name: 'lumina_log_events_expired_total',
      help: 'gen_ai log events dropped because their span did not arrive within LOG_EVENT_ORPHAN_TTL_SECONDS',
      registers: [registry],
    }),
    spansStored: new Counter({ name: 'lumina_spans_stored_total', help: 'Spans newly stored', registers: [registry] }),
    spansRedelivered: new Counter({
      name: 'lumina_spans_redelivered_total',
      help: 'Spans seen again and skipped (already stored)',
      registers: [registry],
    }),
    alertFactsPublished: new Counter({
      name: 'lumina_alert_facts_published_total',
      help: 'Facts of stored LLM calls published for the alerter',
      registers: [registry],
    }),
    messagesDeadLettered: new Counter({
      name: 'lumina_messages_dead_lettered_total',
      help: 'Payloads sent to the dead-letter subject',
      registers: [registry],
    }),
    deadLetterRefusals: new Counter({
      name: 'lumina_dead_letter_refusals_total',
      help: 'Payloads the dead-letter stream refused (full or away): held in the spans stream, retried later',
      registers: [registry],
    }),
    batchSeconds: new Histogram({
      name: 'lumina_processor_batch_duration_seconds',
      help: 'Time to run one batch through every stage, by lane (bulk, express, logs)',
      labelNames: ['lane'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    queueWaitSeconds: new Histogram({
      name: 'lumina_processor_queue_wait_seconds',
      help: "Time from a message's arrival in the stream to its batch starting, by lane (bulk, express, logs)",
      labelNames: ['lane'] as const,
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers: [registry],
    }),
    stageSeconds: new Histogram({
      name: 'lumina_processor_stage_duration_seconds',
      help: 'Time one stage took over one batch, by lane (bulk, express, logs)',
      labelNames: ['stage', 'lane'] as const,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    consumerPending: new Gauge({
      name: 'lumina_consumer_pending_messages',
      help: 'Messages in the stream not yet delivered to the processors (consumer lag), by lane (bulk, express)',
      labelNames: ['lane'] as const,
      registers: [registry],
    }),
    consumerAckPending: new Gauge({
      name: 'lumina_consumer_ack_pending_messages',
      help: 'Messages delivered and not yet acknowledged, by lane (bulk, express)',
      labelNames: ['lane'] as const,
      registers: [registry],
    }),
    llmCostUsd: new Counter({ name: 'lumina_llm_cost_usd_total', help: 'LLM cost in USD', labelNames: llmLabels, registers: [registry] }),
    llmCalls: new Counter({ name: 'lumina_llm_calls_total', help: 'LLM calls', labelNames: llmLabels, registers: [registry] }),
    qualityScores: new Histogram({
      name: 'lumina_llm_quality_score',
      help: 'Quality scores of LLM calls as stored (before any judge)',
      labelNames: ['service'] as const,
      buckets: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
      registers: [registry],
    }),
    qualityJudgements: new Counter({
      name: 'lumina_quality_judge_total',
      help: 'Borderline calls offered to the quality judge, by outcome (judged, cache_hit, over_budget, dropped, failed)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    llmTokens: new Counter({
      name: 'lumina_llm_tokens_total',
      help: 'LLM tokens by kind (prompt, completion)',
      labelNames: [...llmLabels, 'kind'] as const,
      registers: [registry],
    }),
  };
}

export type ProcessorMetrics = ReturnType<typeof createProcessorMetrics>;
