/**
 * The facts stream: a feed for the alerter, not a store of record (the spans are in Postgres).
 * It never pushes back on the processors: when full or old, the oldest facts go (`discard:
 * old`, 24 h), so alerting can never stop ingestion.
 */
export function factsStreamConfig(name: string, subject: string, maxBytes = 1024 ** 3) {
  return {
    name,
    subjects: [subject],
    storage: 'file',
    retention: 'limits',
    discard: 'old',
    max_age: 24 * 3600 * 1_000_000_000,
    max_bytes: maxBytes,
    max_msgs: -1,
    duplicate_window: 120 * 1_000_000_000,
  } as const;
}
