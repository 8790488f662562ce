import type pg from 'pg';
import { contentFromEvents, mergeEventContent, orderedEvents, type EventContent, type EventContentField } from '@lumina/core';
import type { StoredLogEvent } from './pending.js';

export interface JoinOptions {
  /** pending events looked at per call */
  batch: number;
  /** an event whose span has not arrived this long after the event is dropped */
  orphanTtlSeconds: number;
  /** longest wait between two checks of a waiting event (the wait doubles from 1 s up to this) */
  maxRecheckSeconds: number;
}

export interface JoinResult {
  /** pending events looked at */
  taken: number;
  /** of those, merged into a stored span (a copy already merged counts too) */
  joined: number;
  /** spans whose content changed */
  spansUpdated: number;
  /** events dropped: their span never came within the TTL */
  expired: number;
}

interface PendingRow {
  project_id: string;
  trace_id: string;
  span_id: string;
  event_key: string;
  event: StoredLogEvent;
  expired: boolean;
}

interface SpanContentRow {
  project_id: string;
  trace_id: string;
  span_id: string;
  start_time: Date;
  prompt: string | null;
  response: string | null;
  system_prompt: string | null;
  finish_reason: string | null;
  tool_calls: EventContent['toolCalls'];
  log_events: StoredLogEvent[] | null;
  content_from_logs: EventContentField[] | null;
}

const TAKE_SQL = `
SELECT project_id, trace_id, span_id, event_key, event, received_at < now() - make_interval(secs => $2) AS expired
FROM pending_log_events
WHERE next_check_at <= now()
ORDER BY next_check_at
LIMIT $1
FOR UPDATE SKIP LOCKED`;

// No start_time bound: each day partition answers from its primary key's (project, trace, span) prefix.
const SPANS_SQL = `
SELECT s.project_id, s.trace_id, s.span_id, s.start_time, s.prompt, s.response, s.system_prompt, s.finish_reason,
  s.tool_calls, s.log_events, s.content_from_logs
FROM spans AS s
JOIN (SELECT DISTINCT * FROM unnest($1::text[], $2::text[], $3::text[]) AS k (project_id, trace_id, span_id)) AS k
  ON s.project_id = k.project_id AND s.trace_id = k.trace_id AND s.span_id = k.span_id
FOR UPDATE OF s`;

const UPDATE_SPAN_SQL = `
UPDATE spans SET prompt = $5, response = $6, system_prompt = $7, finish_reason = $8, tool_calls = $9::jsonb,
  log_events = $10::jsonb, content_from_logs = $11::text[]
WHERE project_id = $1 AND trace_id = $2 AND span_id = $3 AND start_time = $4`;

// The old search document goes now; the indexer writes the new one (and replaces, never duplicates).
const REINDEX_SQL = `
WITH gone AS (
  DELETE FROM span_search WHERE project_id = $1 AND trace_id = $2 AND span_id = $3 AND start_time = $4
)
INSERT INTO span_search_queue (project_id, trace_id, span_id, start_time) VALUES ($1, $2, $3, $4)`;

const DELETE_SQL = `
DELETE FROM pending_log_events AS p
USING unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS k (project_id, trace_id, span_id, event_key)
WHERE p.project_id = k.project_id AND p.trace_id = k.trace_id AND p.span_id = k.span_id AND p.event_key = k.event_key`;

const RESCHEDULE_SQL = `
UPDATE pending_log_events AS p
SET checks = p.checks + 1, next_check_at = now() + make_interval(secs => least(power(2, p.checks), $5))
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS k (project_id, trace_id, span_id, event_key)
WHERE p.project_id = k.project_id AND p.trace_id = k.trace_id AND p.span_id = k.span_id AND p.event_key = k.event_key`;

const spanKey = (row: { project_id: string; trace_id: string; span_id: string }) => `${row.project_id}/${row.trace_id}/${row.span_id}`;

function keyArrays(rows: readonly PendingRow[]): [string[], string[], string[], string[]] {
  return [rows.map((r) => r.project_id), rows.map((r) => r.trace_id), rows.map((r) => r.span_id), rows.map((r) => r.event_key)];
}

function storedContent(span: SpanContentRow): EventContent {
  return { prompt: span.prompt, response: span.response, systemPrompt: span.system_prompt, finishReason: span.finish_reason, toolCalls: span.tool_calls };
}

const sameContent = (a: EventContent, b: EventContent) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Merges one span's newly arrived events into it: the union (by key) of what it had and what
 * came, the content computed from all of them, and the span's own values kept. Returns null
 * when nothing new came (a redelivered or resent event).
 */
function mergeIntoSpan(span: SpanContentRow, arrived: readonly StoredLogEvent[]) {
  const known = new Map((span.log_events ?? []).map((event) => [event.key, event]));
  const before = known.size;
  for (const event of arrived) if (!known.has(event.key)) known.set(event.key, event);
  if (known.size === before) return null;
  const events = orderedEvents([...known.values()].map((event) => ({ ...event, timeUnixNano: event.time_unix_nano })));
  const fromEvents = contentFromEvents(events);
  const stored = storedContent(span);
  const { content, filledByEvents } = mergeEventContent(stored, span.content_from_logs ?? [], fromEvents);
  return { content, filledByEvents, events: events.map(({ timeUnixNano: _, ...event }) => event), searchChanged: content.prompt !== stored.prompt || content.response !== stored.response, changed: !sameContent(content, stored) };
}

/**
 * One pass of the join, in one transaction: takes up to `batch` due pending events (SKIP LOCKED,
 * so replicas share the work), merges those whose span is stored into it (row-locked, so two
 * passes never lose each other's events) and deletes them, drops the ones past the TTL, and
 * schedules the others' next check (1 s, 2 s, 4 s … up to maxRecheckSeconds; a span stored
 * meanwhile brings it forward, see the batch statement). Content never touches tokens, cost,
 * counts or status: nothing is counted twice.
 */
export async function joinPendingEvents(pool: pg.Pool, options: JoinOptions): Promise<JoinResult> {
  const client = await pool.connect();
  let failure: Error | undefined;
  try {
    await client.query('BEGIN');
    const pending = (await client.query<PendingRow>(TAKE_SQL, [options.batch, options.orphanTtlSeconds])).rows;
    if (pending.length === 0) {
      await client.query('COMMIT');
      return { taken: 0, joined: 0, spansUpdated: 0, expired: 0 };
    }
    const spans = (await client.query<SpanContentRow>(SPANS_SQL, [pending.map((r) => r.project_id), pending.map((r) => r.trace_id), pending.map((r) => r.span_id)])).rows;
    const bySpan = new Map(spans.map((span) => [spanKey(span), span]));
    const joined = pending.filter((row) => bySpan.has(spanKey(row)));
    const waiting = pending.filter((row) => !bySpan.has(spanKey(row)));
    const expired = waiting.filter((row) => row.expired);
    let spansUpdated = 0;
    for (const span of spans) {
      const merged = mergeIntoSpan(span, joined.filter((row) => spanKey(row) === spanKey(span)).map((row) => row.event));
      if (merged === null) continue;
      const { content } = merged;
      const key = [span.project_id, span.trace_id, span.span_id, span.start_time];
      await client.query(UPDATE_SPAN_SQL, [
        ...key,
        content.prompt,
        content.response,
        content.systemPrompt,
        content.finishReason,
        content.toolCalls === null ? null : JSON.stringify(content.toolCalls),
        JSON.stringify(merged.events),
        merged.filledByEvents,
      ]);
      if (merged.searchChanged) await client.query(REINDEX_SQL, key);
      if (merged.changed) spansUpdated += 1;
    }
    const done = [...joined, ...expired];
    if (done.length > 0) await client.query(DELETE_SQL, keyArrays(done));
    const later = waiting.filter((row) => !row.expired);
    if (later.length > 0) await client.query(RESCHEDULE_SQL, [...keyArrays(later), options.maxRecheckSeconds]);
    await client.query('COMMIT');
    return { taken: pending.length, joined: joined.length, spansUpdated, expired: expired.length };
  } catch (error) {
    failure = error instanceof Error ? error : new Error(String(error));
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release(failure);
  }
}
