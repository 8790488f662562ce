/**
 * Loads synthetic spans into the query bench database with COPY, then builds what the processors would have built as they
 * wrote: trace summaries (computed here per trace) and rollups (through the very CTE the
 * processors splice, db/src/rollup-sql.ts, and the compaction function).
 */
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { SpanRecord } from '@lumina/core';
import { SPAN_INSERT_COLUMNS, SPAN_ROLLUP_CTE, STAGING_COLUMNS, copyLine, ensureSpanPartitions, utcDay, type CopyValue } from '@lumina/db';
import { syntheticTraces } from './synthetic-spans.js';

export const TRACE_COPY_COLUMNS = [
  'project_id', 'trace_id', 'service_name', 'root_span_name', 'has_root', 'start_time', 'end_time', 'span_count',
  'llm_call_count', 'error_count', 'degraded_count', 'models', 'providers', 'total_cost_usd', 'prompt_tokens',
  'completion_tokens', 'user_id', 'session_id', 'tags',
] as const;

const micros = (nanos: bigint) => Number(nanos / 1000n);

/** µs since the epoch as ISO 8601 with all six fractional digits. */
function isoMicros(us: number): string {
  const ms = Math.floor(us / 1000);
  return `${new Date(ms).toISOString().slice(0, -1)}${String(us - ms * 1000).padStart(3, '0')}Z`;
}

/** A span as a COPY line of `spans`, in db's staging column order (timestamps as text). */
export function spanLine(span: SpanRecord): string {
  return copyLine(
    STAGING_COLUMNS.map((column) =>
      column.name === 'start_us' ? isoMicros(micros(span.startTimeUnixNano)) : column.name === 'end_us' ? isoMicros(micros(span.endTimeUnixNano)) : column.read(span),
    ),
  );
}

export function traceLine(spans: SpanRecord[]): string {
  const root = spans.find((span) => span.parentSpanId === null) as SpanRecord;
  const llm = spans.filter((span) => span.isLlm);
  const sum = (pick: (span: SpanRecord) => number | null) => spans.reduce((total, span) => total + (pick(span) ?? 0), 0);
  const row: Record<(typeof TRACE_COPY_COLUMNS)[number], CopyValue> = {
    project_id: root.projectId,
    trace_id: root.traceId,
    service_name: root.serviceName,
    root_span_name: root.name,
    has_root: true,
    start_time: isoMicros(Math.min(...spans.map((span) => micros(span.startTimeUnixNano)))),
    end_time: isoMicros(Math.max(...spans.map((span) => micros(span.endTimeUnixNano)))),
    span_count: spans.length,
    llm_call_count: llm.length,
    error_count: spans.filter((span) => span.status === 'error').length,
    degraded_count: spans.filter((span) => span.status === 'degraded').length,
    models: [...new Set(llm.map((span) => span.model ?? ''))].sort(),
    providers: [...new Set(llm.map((span) => span.provider ?? ''))].sort(),
    total_cost_usd: sum((span) => span.costUsd),
    prompt_tokens: sum((span) => span.promptTokens),
    completion_tokens: sum((span) => span.completionTokens),
    user_id: root.userId,
    session_id: root.sessionId,
    tags: root.tags,
  };
  return copyLine(TRACE_COPY_COLUMNS.map((column) => row[column]));
}

/** A COPY ... FROM STDIN on a connection of its own; write text lines, then end(). */
export async function copyInto(databaseUrl: string, table: string, columns: readonly string[]) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  return {
    async write(text: string) {
      if (!stream.write(text)) await once(stream, 'drain');
    },
    async end() {
      stream.end();
      await finished(stream);
      await client.end();
    },
  };
}

export interface LoadOptions {
  databaseUrl: string;
  spans: number;
  fromMs: number;
  toMs: number;
  promptBytes: [number, number];
  log: (message: string) => void;
}

/** COPYs about `spans` spans (whole traces) and their trace summaries. Returns the spans written. */
export async function copySpans(pool: pg.Pool, options: LoadOptions): Promise<number> {
  const days: string[] = [];
  for (let ms = options.fromMs; ms < options.toMs + 86_400_000; ms += 86_400_000) days.push(utcDay(ms));
  await ensureSpanPartitions(pool, days);
  const spanCopy = await copyInto(options.databaseUrl, 'spans', SPAN_INSERT_COLUMNS);
  const traceCopy = await copyInto(options.databaseUrl, 'traces', TRACE_COPY_COLUMNS);
  const traces = syntheticTraces({ seed: 42, fromMs: options.fromMs, toMs: options.toMs, promptBytes: options.promptBytes });
  const started = Date.now();
  let written = 0;
  let spanChunk = '';
  let traceChunk = '';
  while (written < options.spans) {
    const spans = traces.next().value as SpanRecord[];
    for (const span of spans) spanChunk += spanLine(span);
    traceChunk += traceLine(spans);
    written += spans.length;
    if (spanChunk.length > 1 << 20) {
      await Promise.all([spanCopy.write(spanChunk), traceCopy.write(traceChunk)]);
      spanChunk = '';
      traceChunk = '';
    }
    if (written % 500_000 < spans.length) options.log(`  copied ${written.toLocaleString()} spans (${Math.round(written / ((Date.now() - started) / 1000)).toLocaleString()}/s)`);
  }
  await Promise.all([spanCopy.write(spanChunk), traceCopy.write(traceChunk)]);
  await Promise.all([spanCopy.end(), traceCopy.end()]);
  return written;
}

/** Rollups as the processors would have written them: the rollup CTE over each hour of spans, then compaction. */
export async function buildRollups(pool: pg.Pool, fromMs: number, toMs: number, log: (message: string) => void): Promise<void> {
  const HOUR = 3_600_000;
  const sql = `WITH ins AS (SELECT * FROM spans WHERE start_time >= $1 AND start_time < $2),
${SPAN_ROLLUP_CTE}
SELECT 1`;
  for (let hour = Math.floor(fromMs / HOUR) * HOUR; hour < toMs; hour += HOUR) {
    await pool.query(sql, [new Date(hour), new Date(hour + HOUR)]);
    if ((hour / HOUR) % 24 === 23) {
      await pool.query('SELECT lumina_compact_span_rollups()');
      log(`  rollups up to ${new Date(hour + HOUR).toISOString()}`);
    }
  }
  await pool.query('SELECT lumina_compact_span_rollups()');
}
