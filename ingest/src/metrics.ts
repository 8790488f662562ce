import { createServiceRegistry, createStreamGauges } from '@lumina/runtime';
import { Counter, Histogram } from 'prom-client';

/** Prometheus metrics of one ingest instance (its own registry, so tests can run several). */
export function createIngestMetrics() {
  const registry = createServiceRegistry('ingest');
  return {
    registry,
    stream: createStreamGauges(registry),
    requests: new Counter({
      name: 'lumina_ingest_requests_total',
      help: 'OTLP export requests by transport and outcome (queue_full: refused with 503 while the queue is full)',
      labelNames: ['transport', 'outcome'] as const,
      registers: [registry],
    }),
    spansAccepted: new Counter({
      name: 'lumina_ingest_spans_accepted_total',
      help: 'Spans stored in JetStream',
      registers: [registry],
    }),
    spansOverLimit: new Counter({
      name: 'lumina_ingest_spans_over_daily_limit_total',
      help: 'Spans of new traces refused by the daily trace limit',
      registers: [registry],
    }),
    limitUnchecked: new Counter({
      name: 'lumina_ingest_daily_limit_unchecked_total',
      help: 'Requests admitted without checking the daily trace limit because Redis did not answer',
      registers: [registry],
    }),
    spansRejected: new Counter({
      name: 'lumina_ingest_spans_rejected_total',
      help: 'Spans rejected for malformed ids (OTLP partial success)',
      registers: [registry],
    }),
    logRecordsAccepted: new Counter({
      name: 'lumina_ingest_log_records_accepted_total',
      help: 'gen_ai event log records stored in JetStream',
      registers: [registry],
    }),
    logRecordsIgnored: new Counter({
      name: 'lumina_ingest_log_records_ignored_total',
      help: 'Valid log records not kept: not a gen_ai event, or tied to no span',
      registers: [registry],
    }),
    logRecordsOverLimit: new Counter({
      name: 'lumina_ingest_log_records_over_daily_limit_total',
      help: 'gen_ai event log records of new traces refused by the daily trace limit',
      registers: [registry],
    }),
    requestSeconds: new Histogram({
      name: 'lumina_ingest_request_duration_seconds',
      help: 'Time from request to JetStream ack',
      labelNames: ['transport'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
  };
}

export type IngestMetrics = ReturnType<typeof createIngestMetrics>;
