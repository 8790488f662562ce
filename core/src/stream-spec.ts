/**
 * JetStream stream settings as plain data, so every service that touches a stream agrees on
 * them. A queue of Lumina's never discards what it acknowledged (API.md "Ingest"):
 * - the spans stream is a work queue: a message leaves it when the processors ack it after the
 *   commit, so its bytes and messages are exactly the unprocessed backlog, and JetStream never
 *   expires it by age; when it is full it refuses new messages (`discard: new`) and ingest
 *   answers 503 with Retry-After, which every OTLP exporter retries;
 * - the dead-letter stream keeps what failed until someone looks (no age limit), and refuses
 *   new entries when full: the processors then hold the failing message instead of dropping it.
 * Sizes in bytes, durations in nanoseconds, as JetStream counts them.
 */
import { expressSubject } from './names.js';

export type StreamRetention = 'workqueue' | 'limits';

/** A limit the operator may set; `explicit` says it came from their configuration, not our default. */
export interface StreamLimit {
  value: number;
  explicit: boolean;
}

export interface StreamSpec {
  name: string;
  subjects: string[];
  retention: StreamRetention;
  maxBytes: StreamLimit;
  /** -1: no limit */
  maxMsgs: StreamLimit;
  /** copies JetStream keeps on a cluster's servers (1 on a single server; 3 survives the loss of one) */
  replicas: StreamLimit;
  duplicateWindowNanos: number;
}

/** What the operator configured for a stream; unset fields take our defaults. */
export interface StreamLimitSettings {
  maxBytes?: number | undefined;
  maxMsgs?: number | undefined;
  replicas?: number | undefined;
}

const SECOND_NANOS = 1_000_000_000;
const GIB = 1024 ** 3;

/** Defaults sized for one machine with tens of GB free: 8 GiB is hours of backlog at 1,000 spans/s. */
export const SPANS_STREAM_DEFAULTS = { maxBytes: 8 * GIB, maxMsgs: 10_000_000 } as const;
/** gen_ai events sent as OTLP logs: a smaller queue (JetStream reserves a stream's max_bytes on disk). */
export const LOGS_STREAM_DEFAULTS = { maxBytes: 1 * GIB, maxMsgs: 1_000_000 } as const;
export const DLQ_STREAM_DEFAULTS = { maxBytes: 1 * GIB, maxMsgs: 1_000_000 } as const;
/** One copy: what a single server can hold. A cluster sets NATS_STREAM_REPLICAS (3 survives losing a server). */
export const STREAM_REPLICAS_DEFAULT = 1;

function limit(configured: number | undefined, fallback: number): StreamLimit {
  return configured === undefined ? { value: fallback, explicit: false } : { value: configured, explicit: true };
}

/** The spans queue: a work queue on the bulk subject and its express lane, 2 min duplicate window (a client's retry is stored once). */
export function spansStreamSpec(name: string, subject: string, settings: StreamLimitSettings = {}): StreamSpec {
  return {
    name,
    // the bulk subject and its express lane (small exports)
    subjects: [subject, expressSubject(subject)],
    retention: 'workqueue',
    maxBytes: limit(settings.maxBytes, SPANS_STREAM_DEFAULTS.maxBytes),
    maxMsgs: limit(settings.maxMsgs, SPANS_STREAM_DEFAULTS.maxMsgs),
    replicas: limit(settings.replicas, STREAM_REPLICAS_DEFAULT),
    duplicateWindowNanos: 120 * SECOND_NANOS,
  };
}

/** The logs queue (gen_ai events): the spans queue's rules, with its own default size. */
export function logsStreamSpec(name: string, subject: string, settings: StreamLimitSettings = {}): StreamSpec {
  return {
    ...spansStreamSpec(name, subject, settings),
    subjects: [subject],
    maxBytes: limit(settings.maxBytes, LOGS_STREAM_DEFAULTS.maxBytes),
    maxMsgs: limit(settings.maxMsgs, LOGS_STREAM_DEFAULTS.maxMsgs),
  };
}

/** The dead-letter queue: kept until purged, so that someone can look at what failed and why. */
export function deadLetterStreamSpec(name: string, subject: string, settings: StreamLimitSettings = {}): StreamSpec {
  return {
    name,
    subjects: [subject],
    retention: 'limits',
    maxBytes: limit(settings.maxBytes, DLQ_STREAM_DEFAULTS.maxBytes),
    maxMsgs: limit(settings.maxMsgs, DLQ_STREAM_DEFAULTS.maxMsgs),
    replicas: limit(settings.replicas, STREAM_REPLICAS_DEFAULT),
    duplicateWindowNanos: 120 * SECOND_NANOS,
  };
}

/** The JetStream stream configuration (JSON field names of the JetStream API) for a new stream. */
export function jetStreamConfig(spec: StreamSpec) {
  return {
    name: spec.name,
    subjects: spec.subjects,
    storage: 'file',
    retention: spec.retention,
    discard: 'new',
    max_age: 0,
    max_bytes: spec.maxBytes.value,
    max_msgs: spec.maxMsgs.value,
    num_replicas: spec.replicas.value,
    duplicate_window: spec.duplicateWindowNanos,
  } as const;
}
