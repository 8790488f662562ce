import { inTransaction } from '../checkout.js';
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

// Every merged span in one statement (content_from_logs travels comma-joined: arrays of arrays must be rectangular).
const UPDATE_SPANS_SQL = `
UPDATE spans AS s SET prompt = u.prompt, response = u.response, system_prompt = u.system_prompt,
  finish_reason = u.finish_reason, tool_calls = u.tool_calls, log_events = u.log_events,
  content_from_logs = string_to_array(u.filled, ',')
FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::text[], $8::text[],
  $9::jsonb[], $10::jsonb[], $11::text[])
  AS u (project_id, trace_id, span_id, start_time, prompt, response, system_prompt, finish_reason, tool_calls, log_events, filled)
WHERE s.project_id = u.project_id AND s.trace_id = u.trace_id AND s.span_id = u.span_id AND s.start_time = u.start_time`;

// The old search documents go now; the indexer writes the new ones (and replaces, never duplicates).
const REINDEX_SQL = `
WITH keys AS (
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) AS k (project_id, trace_id, span_id, start_time)
),
gone AS (
  DELETE FROM span_search AS d USING keys AS k
  WHERE d.project_id = k.project_id AND d.trace_id = k.trace_id AND d.span_id = k.span_id AND d.start_time = k.start_time
)
INSERT INTO span_search_queue (project_id, trace_id, span_id, start_time) SELECT * FROM keys`;

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
  return inTransaction(pool, async (client) => {
    const pending = (await client.query<PendingRow>(TAKE_SQL, [options.batch, options.orphanTtlSeconds])).rows;
    if (pending.length === 0) return { taken: 0, joined: 0, spansUpdated: 0, expired: 0 };
    const spans = (await client.query<SpanContentRow>(SPANS_SQL, [pending.map((r) => r.project_id), pending.map((r) => r.trace_id), pending.map((r) => r.span_id)])).rows;
    const bySpan = new Map(spans.map((span) => [spanKey(span), span]));
    const joined = pending.filter((row) => bySpan.has(spanKey(row)));
    const waiting = pending.filter((row) => !bySpan.has(spanKey(row)));
    const expired = waiting.filter((row) => row.expired);
    const arrivedBySpan = new Map<string, StoredLogEvent[]>();
    for (const row of joined) arrivedBySpan.set(spanKey(row), [...(arrivedBySpan.get(spanKey(row)) ?? []), row.event]);
    const updates = spans.flatMap((span) => {
      const merged = mergeIntoSpan(span, arrivedBySpan.get(spanKey(span)) ?? []);
      return merged === null ? [] : [{ span, ...merged }];
    });
    if (updates.length > 0) {
      const column = <T>(read: (update: (typeof updates)[number]) => T) => updates.map(read);
      await client.query(UPDATE_SPANS_SQL, [
        column((u) => u.span.project_id),
        column((u) => u.span.trace_id),
        column((u) => u.span.span_id),
        column((u) => u.span.start_time),
        column((u) => u.content.prompt),
        column((u) => u.content.response),
        column((u) => u.content.systemPrompt),
        column((u) => u.content.finishReason),
        column((u) => (u.content.toolCalls === null ? null : JSON.stringify(u.content.toolCalls))),
        column((u) => JSON.stringify(u.events)),
        column((u) => u.filledByEvents.join(',')),
      ]);
    }
    const reindex = updates.filter((u) => u.searchChanged);
    if (reindex.length > 0) {
      await client.query(REINDEX_SQL, [reindex.map((u) => u.span.project_id), reindex.map((u) => u.span.trace_id), reindex.map((u) => u.span.span_id), reindex.map((u) => u.span.start_time)]);
    }
    const spansUpdated = updates.filter((u) => u.changed).length;
    const done = [...joined, ...expired];
    if (done.length > 0) await client.query(DELETE_SQL, keyArrays(done));
    const later = waiting.filter((row) => !row.expired);
    if (later.length > 0) await client.query(RESCHEDULE_SQL, [...keyArrays(later), options.maxRecheckSeconds]);
    return { taken: pending.length, joined: joined.length, spansUpdated, expired: expired.length };
  });
}
