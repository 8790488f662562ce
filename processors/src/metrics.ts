import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one processor replica (its own registry, so tests can run several). */
export function createProcessorMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'lumina_processor_' });
  const llmLabels = ['service', 'model', 'provider'] as const;
  return {
    registry,
    spansStored: new Counter({ name: 'lumina_spans_stored_total', help: 'Spans newly stored', registers: [registry] }),
    spansRedelivered: new Counter({
      name: 'lumina_spans_redelivered_total',
      help: 'Spans seen again and skipped (already stored)',
      registers: [registry],
    }),
    messagesDeadLettered: new Counter({
      name: 'lumina_messages_dead_lettered_total',
      help: 'Payloads sent to the dead-letter subject',
      registers: [registry],
    }),
    batchSeconds: new Histogram({
      name: 'lumina_processor_batch_duration_seconds',
      help: 'Time to decode, enrich and commit one batch',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    consumerPending: new Gauge({
      name: 'lumina_consumer_pending_messages',
      help: 'Messages in the stream not yet delivered to the processors (consumer lag)',
      registers: [registry],
    }),
    consumerAckPending: new Gauge({
      name: 'lumina_consumer_ack_pending_messages',
      help: 'Messages delivered and not yet acknowledged',
      registers: [registry],
    }),
    llmCostUsd: new Counter({ name: 'lumina_llm_cost_usd_total', help: 'LLM cost in USD', labelNames: llmLabels, registers: [registry] }),
    llmCalls: new Counter({ name: 'lumina_llm_calls_total', help: 'LLM calls', labelNames: llmLabels, registers: [registry] }),
    llmTokens: new Counter({
      name: 'lumina_llm_tokens_total',
      help: 'LLM tokens by kind (prompt, completion)',
      labelNames: [...llmLabels, 'kind'] as const,
      registers: [registry],
    }),
  };
}

export type ProcessorMetrics = ReturnType<typeof createProcessorMetrics>;
