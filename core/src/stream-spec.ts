/**
 * JetStream stream settings as plain data, so every service that touches a stream
 * agrees on them. Durations in nanoseconds, as JetStream counts them.
 */
export interface StreamSpec {
  name: string;
  subjects: string[];
  maxAgeNanos: number;
  maxBytes: number;
  maxMsgs: number;
  duplicateWindowNanos: number;
}

const SECOND_NANOS = 1_000_000_000;
const HOUR_NANOS = 3600 * SECOND_NANOS;

/** The spans queue: 24 h / 1 GB / 1 M messages, discard old, 2 min duplicate window. */
export function spansStreamSpec(name: string, subject: string): StreamSpec {
  return {
    name,
    subjects: [subject],
    maxAgeNanos: 24 * HOUR_NANOS,
    maxBytes: 1024 ** 3,
    maxMsgs: 1_000_000,
    duplicateWindowNanos: 120 * SECOND_NANOS,
  };
}

/** The dead-letter queue: kept a week so that someone can look at what failed and why. */
export function deadLetterStreamSpec(name: string, subject: string): StreamSpec {
  return {
    name,
    subjects: [subject],
    maxAgeNanos: 7 * 24 * HOUR_NANOS,
    maxBytes: 1024 ** 3,
    maxMsgs: 1_000_000,
    duplicateWindowNanos: 120 * SECOND_NANOS,
  };
}

/** The JetStream stream configuration (JSON field names of the JetStream API) for a spec. */
export function jetStreamConfig(spec: StreamSpec) {
  return {
    name: spec.name,
    subjects: spec.subjects,
    storage: 'file',
    retention: 'limits',
    discard: 'old',
    max_age: spec.maxAgeNanos,
    max_bytes: spec.maxBytes,
    max_msgs: spec.maxMsgs,
    duplicate_window: spec.duplicateWindowNanos,
  } as const;
}
