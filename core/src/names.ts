/**
 * The names where services meet: NATS streams and subjects, Postgres tables.
 * Services never import each other; they share these constants instead.
 */
export const SPANS_STREAM = 'LUMINA_SPANS';
export const SPANS_SUBJECT = 'lumina.spans.otlp';
/** gen_ai events sent as OTLP log records: a work queue of their own, joined to spans by the processors. */
export const LOGS_STREAM = 'LUMINA_LOGS';
export const LOGS_SUBJECT = 'lumina.logs.otlp';
export const LOGS_CONSUMER = 'lumina-processors-logs';
export const DLQ_STREAM = 'LUMINA_DLQ';
export const DLQ_SUBJECT = 'lumina.dlq';
export const PROCESSORS_CONSUMER = 'lumina-processors';
export const DEFAULT_PROJECT_ID = 'default';

/** Header of every message on the spans subject: the project its spans belong to (absent: the default project). */
export const PROJECT_ID_HEADER = 'Lumina-Project-Id';

/** Header carrying the reason a payload was dead-lettered. */
export const DLQ_REASON_HEADER = 'Lumina-Dlq-Reason';

/** Facts of stored LLM calls, one message per committed batch (processors → alerter). */
export const FACTS_STREAM = 'LUMINA_FACTS';
export const FACTS_SUBJECT = 'lumina.alerts.facts';
export const ALERTER_CONSUMER = 'lumina-alerter';

/**
 * The express lane of a spans subject: small exports (a quiet app's few spans) are published
 * here and read by a consumer of their own, so they are not queued behind bulk traffic.
 */
export const expressSubject = (spansSubject: string) => `${spansSubject}.express`;
/** The durable consumer of the express lane that the replicas of `consumer` share. */
export const expressConsumer = (consumer: string) => `${consumer}-express`;
