import { inTransaction } from '../checkout.js';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { SpanRecord } from '@lumina/core';
import { ensureSpanPartitions, utcDay } from '../partitions.js';
import { CopyTextBuffers } from './copy-text.js';
import { ALL_BATCH_PARTS, batchStatementSql, CREATE_STAGING_SQL, STAGING_TABLE, type BatchParts } from './batch-sql.js';
import { stagingLineText } from './staging-columns.js';
import { addConventionCounts, type ConventionCount } from './convention-stats.js';
import { settleWrappers } from './settle-wrappers.js';

/** A span record as a COPY line in staging-column order. */
export function stagingLine(span: SpanRecord): string {
  return stagingLineText(span);
}

/** Shared by the writers of this process: a few batches' COPY text, kept between batches. */
const copyTextBuffers = new CopyTextBuffers();

export interface SpanWriter {
  /**
   * Writes the spans in one transaction; returns how many were new (the rest were
   * redeliveries) and how many counted wrappers stopped being counted. The mapping report's
   * counts are added in the same transaction when every span was new (a redelivered batch
   * was counted the first time).
   */
  write(spans: SpanRecord[], conventions?: readonly ConventionCount[]): Promise<{ inserted: number; uncountedWrappers: number }>;
}

/** COPYs a batch into the session's staging table (created on the session's first batch). */
async function copyIntoStaging(client: pg.PoolClient, spans: SpanRecord[], sessionsWithStaging: WeakSet<pg.PoolClient>): Promise<void> {
  if (!sessionsWithStaging.has(client)) {
    await client.query(CREATE_STAGING_SQL);
    sessionsWithStaging.add(client);
  }
  await copyTextBuffers.use(async (buffer) => {
    for (const span of spans) buffer.append(stagingLineText(span));
    await pipeline(Readable.from([buffer.contents()]), client.query(copyFrom(`COPY ${STAGING_TABLE} FROM STDIN`)));
  });
}

/** A row routed to a day partition that is not there (SQLSTATE 23514 with this message). */
function isMissingPartition(error: unknown): boolean {
  const { code, message } = error as { code?: string; message?: string };
  return code === '23514' && typeof message === 'string' && message.startsWith('no partition of relation');
}

/**
 * Writes span batches idempotently on (trace_id, span_id): COPY into a staging table (cheaper
 * to parse than JSON), then one statement inserts the new spans and folds them into the trace
 * summaries, rollups and search queue, all in one transaction. Day partitions are created as
 * needed. The caller classifies failures (runtime's classifyDatabaseError).
 */
export function createSpanWriter(pool: pg.Pool, parts: BatchParts = ALL_BATCH_PARTS): SpanWriter {
  const sql = batchStatementSql(parts);
  const knownDays = new Set<string>();
  const sessionsWithStaging = new WeakSet<pg.PoolClient>();
  const writeOnce = async (spans: SpanRecord[], conventions: readonly ConventionCount[]): Promise<{ inserted: number; uncountedWrappers: number }> => {
    // A session that fails mid-batch is dropped rather than reused (its staging table with it).
    return inTransaction(pool, async (client) => {
      await copyIntoStaging(client, spans, sessionsWithStaging);
      const result = await client.query<{ inserted: number; open_traces: [string, string][] }>(sql);
      const inserted = result.rows[0]?.inserted ?? 0;
      const uncountedWrappers = await settleWrappers(client, result.rows[0]?.open_traces ?? []);
      if (inserted === spans.length) await addConventionCounts(client, conventions);
      return { inserted, uncountedWrappers };
    });
  };
  return {
    async write(spans, conventions = []) {
      if (spans.length === 0) return { inserted: 0, uncountedWrappers: 0 };
      const days = new Set(spans.map((span) => utcDay(Number(span.startTimeUnixNano / 1_000_000n))));
      const missing = [...days].filter((day) => !knownDays.has(day));
      if (missing.length > 0) {
        await ensureSpanPartitions(pool, missing);
        for (const day of missing) knownDays.add(day);
      }
      try {
        return await writeOnce(spans, conventions);
      } catch (error) {
        if (!isMissingPartition(error)) throw error;
        // Retention dropped a day this writer had seen (a late span for an expired day): make it again.
        for (const day of days) knownDays.delete(day);
        await ensureSpanPartitions(pool, days);
        for (const day of days) knownDays.add(day);
        return writeOnce(spans, conventions);
      }
    },
  };
}
