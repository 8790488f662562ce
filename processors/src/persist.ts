import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { ensureSpanPartitions, utcDay } from '@lumina/db';
import type { SpanRecord } from '@lumina/core';
import { copyLine } from './copy-text.js';
import { CREATE_STAGING_SQL, persistBatchSql, STAGING_TABLE } from './persist-sql.js';
import { STAGING_COLUMNS } from './staging-columns.js';

/** A span record as a COPY line in staging-column order. */
function stagingLine(span: SpanRecord): string {
  return copyLine(STAGING_COLUMNS.map((column) => column.read(span)));
}

export interface SpanWriter {
  /** Writes the spans in one transaction; returns how many were new (the rest were redeliveries). */
  write(spans: SpanRecord[]): Promise<{ inserted: number }>;
}

/** COPYs a batch into the session's staging table (created on first use). */
async function stage(client: pg.PoolClient, spans: SpanRecord[], prepared: WeakSet<pg.PoolClient>): Promise<void> {
  if (!prepared.has(client)) {
    await client.query(CREATE_STAGING_SQL);
    prepared.add(client);
  }
  const lines = spans.map(stagingLine);
  await pipeline(Readable.from([lines.join('')]), client.query(copyFrom(`COPY ${STAGING_TABLE} FROM STDIN`)));
}

/**
 * Writes span batches idempotently on (trace_id, span_id): COPY into a staging table (cheaper
 * to parse than JSON), then one statement inserts the new spans and folds them into the trace
 * summaries and rollups, all in one transaction. Day partitions are created as needed.
 */
export function createSpanWriter(pool: pg.Pool, extraCtes: string[] = []): SpanWriter {
  const sql = persistBatchSql(extraCtes);
  const knownDays = new Set<string>();
  const prepared = new WeakSet<pg.PoolClient>();
  return {
    async write(spans) {
      if (spans.length === 0) return { inserted: 0 };
      const days = new Set(spans.map((span) => utcDay(Number(span.startTimeUnixNano / 1_000_000n))));
      const missing = [...days].filter((day) => !knownDays.has(day));
      if (missing.length > 0) {
        await ensureSpanPartitions(pool, missing);
        for (const day of missing) knownDays.add(day);
      }
      const client = await pool.connect();
      let failure: Error | undefined;
      try {
        await client.query('BEGIN');
        await stage(client, spans, prepared);
        const result = await client.query<{ inserted: number }>(sql);
        await client.query('COMMIT');
        return { inserted: result.rows[0]?.inserted ?? 0 };
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        // A session that failed mid-batch is dropped rather than reused.
        client.release(failure);
      }
    },
  };
}
