import { randomBytes } from 'node:crypto';

/** Stream, subject and consumer names of their own for one test, so runs never collide. */
export function uniqueQueueNames() {
  const id = randomBytes(4).toString('hex');
  return {
    SPANS_STREAM: `LUMINA_SPANS_T${id}`,
    SPANS_SUBJECT: `lumina.t${id}.spans.otlp`,
    DLQ_STREAM: `LUMINA_DLQ_T${id}`,
    DLQ_SUBJECT: `lumina.t${id}.dlq`,
    PROCESSOR_CONSUMER: `processors-t${id}`,
    FACTS_STREAM: `LUMINA_FACTS_T${id}`,
    FACTS_SUBJECT: `lumina.t${id}.facts`,
    ALERTER_CONSUMER: `alerter-t${id}`,
    LOGS_STREAM: `LUMINA_LOGS_T${id}`,
    LOGS_SUBJECT: `lumina.t${id}.logs.otlp`,
    PROCESSOR_LOGS_CONSUMER: `processors-logs-t${id}`,
  };
}
