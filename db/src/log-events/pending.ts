import type pg from 'pg';
import type { GenAiLogEvent } from '@lumina/core';

/** A gen_ai event as it waits in pending_log_events and as it is kept in spans.log_events. */
export interface StoredLogEvent {
  key: string;
  name: string;
  time_unix_nano: string;
  position: number;
  attributes: GenAiLogEvent['attributes'];
  body: GenAiLogEvent['body'];
}

export function storedLogEvent(event: GenAiLogEvent): StoredLogEvent {
  return { key: event.key, name: event.name, time_unix_nano: event.timeUnixNano, position: event.position, attributes: event.attributes, body: event.body };
}

const INSERT_PENDING_SQL = `
INSERT INTO pending_log_events (project_id, trace_id, span_id, event_key, event)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[])
ON CONFLICT DO NOTHING`;

/**
 * Queues gen_ai events for the join (one statement); a copy already queued is skipped by its
 * key. Returns how many were new. The join job (joinPendingEvents) merges them into their spans.
 */
export async function insertPendingEvents(db: pg.Pool | pg.PoolClient, events: readonly { projectId: string; event: GenAiLogEvent }[]): Promise<number> {
  if (events.length === 0) return 0;
  const result = await db.query(INSERT_PENDING_SQL, [
    events.map((e) => e.projectId),
    events.map((e) => e.event.traceId),
    events.map((e) => e.event.spanId),
    events.map((e) => e.event.key),
    events.map((e) => JSON.stringify(storedLogEvent(e.event))),
  ]);
  return result.rowCount ?? 0;
}
