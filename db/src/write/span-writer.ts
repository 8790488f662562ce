import { createHash } from 'node:crypto';
import { checkoutClient } from '../checkout.js';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { SpanRecord } from '@lumina/core';
import { ensureSpanPartitions, utcDay } from '../partitions.js';
import { CopyTextBuffers, type CopyTextBuffer } from './copy-text.js';
import { ALL_BATCH_PARTS, batchStatementSql, CREATE_STAGING_SQL, STAGING_TABLE, type BatchParts } from './batch-sql.js';
import { SPAN_INSERT_COLUMNS, stagingLineText } from './staging-columns.js';
import { appendDirectCopy, COPIED_TABLE, CREATE_COPIED_SQL } from './direct-copy.js';
import { SEARCH_COPY_SQL } from './search-copy.js';
import { addConventionCounts, type ConventionCount } from './convention-stats.js';
import { settleWrappers } from './settle-wrappers.js';

/** Shared by the writers of this process: a few batches' COPY text, kept between batches. */
// Three buffers per batch on the direct path (spans, narrow rows, search documents), held from the text's making (before a session is
// taken) to its COPY: 12 covers four batches in flight (PROCESSOR_CONCURRENCY, 2 by default).
const copyTextBuffers = new CopyTextBuffers({ keep: 12 });

export interface SpanWriter {
  /**
   * Writes the spans in one transaction; returns how many were new (the rest were
   * redeliveries) and how many counted wrappers stopped being counted. The mapping report's
   * counts are added in the same transaction when every span was new (a redelivered batch
   * was counted the first time).
   */
  write(spans: SpanRecord[], conventions?: readonly ConventionCount[], options?: WriteOptions): Promise<{ inserted: number; uncountedWrappers: number }>;
}

/** A first delivery's three COPY streams (direct-copy.ts); `search`: the search data holds rows. */
interface DirectTexts {
  spanText: CopyTextBuffer;
  copiedText: CopyTextBuffer;
  searchData: CopyTextBuffer;
  search: boolean;
}

export interface WriteOptions {
  /**
   * Some span may be stored already (a redelivered message): go straight to the staged,
   * idempotent path rather than try the direct COPY that would fail on it.
   */
  mayBeStored?: boolean;
}

const SPANS_COPY_SQL = `COPY spans (${SPAN_INSERT_COLUMNS.join(', ')}) FROM STDIN`;
const STAGING_COPY_SQL = `COPY ${STAGING_TABLE} FROM STDIN`;
const COPIED_COPY_SQL = `COPY ${COPIED_TABLE} FROM STDIN`;

/** COPY text into a table of the session. */
async function copyText(client: pg.PoolClient, sql: string, text: string | Buffer): Promise<void> {
  await pipeline(Readable.from([text]), client.query(copyFrom(sql)));
}

/** COPYs a batch into the session's staging table. */
async function copyIntoStaging(client: pg.PoolClient, spans: SpanRecord[]): Promise<void> {
  await copyTextBuffers.use(async (buffer) => {
    for (const span of spans) buffer.append(stagingLineText(span));
    await copyText(client, STAGING_COPY_SQL, buffer.contents());
  });
}

/** A statement prepared once per session under a name derived from its text. */
function preparedStatement(text: string): pg.QueryConfig {
  return { name: `lumina_batch_${createHash('sha256').update(text).digest('hex').slice(0, 16)}`, text };
}

/** A span of the batch is stored already (SQLSTATE 23505 on the spans key). */
function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === '23505';
}

/** A row routed to a day partition that is not there (SQLSTATE 23514 with this message). */
function isMissingPartition(error: unknown): boolean {
  const { code, message } = error as { code?: string; message?: string };
  return code === '23514' && typeof message === 'string' && message.startsWith('no partition of relation');
}

/**
 * Writes span batches idempotently on (trace_id, span_id), all of a batch in one transaction
 * with its trace summaries, rollups and search documents. A first delivery is COPYed straight
 * into `spans` (direct-copy.ts), the cheapest write Postgres has; a COPY that meets a span
 * stored already fails as a whole, is rolled back, and the batch takes the staged path: COPY
 * into a staging table, then one statement inserts only the new spans and folds only those.
 * Either way a span is counted once. Day partitions are created as needed. The caller
 * classifies failures (runtime's classifyDatabaseError).
 */
export function createSpanWriter(pool: pg.Pool, parts: BatchParts = ALL_BATCH_PARTS): SpanWriter {
  // Named, so each session parses and plans the long statement once, not per batch.
  const stagedSql = preparedStatement(batchStatementSql(parts));
  const copiedSql = preparedStatement(batchStatementSql(parts, true));
  const documents = parts.searchQueue && parts.searchDocuments;
  const knownDays = new Set<string>();
  const sessionsReady = new WeakSet<pg.PoolClient>();
  type Written = { inserted: number; uncountedWrappers: number };

  const finish = async (client: pg.PoolClient, spans: SpanRecord[], conventions: readonly ConventionCount[], sql: pg.QueryConfig): Promise<Written> => {
    const result = await client.query<{ inserted: number; open_traces: [string, string][] }>(sql);
    const inserted = result.rows[0]?.inserted ?? 0;
    const uncountedWrappers = await settleWrappers(client, result.rows[0]?.open_traces ?? []);
    if (inserted === spans.length) await addConventionCounts(client, conventions);
    return { inserted, uncountedWrappers };
  };
  /** COPYs a batch's prepared texts straight into the tables (a first delivery), then runs the statement over the narrow rows. */
  const writeDirect = async (client: pg.PoolClient, texts: DirectTexts, spans: SpanRecord[], conventions: readonly ConventionCount[]): Promise<Written> => {
    await copyText(client, SPANS_COPY_SQL, texts.spanText.contents());
    if (texts.search) await copyText(client, SEARCH_COPY_SQL, texts.searchData.contents());
    await copyText(client, COPIED_COPY_SQL, texts.copiedText.contents());
    return finish(client, spans, conventions, copiedSql);
  };
  const writeStaged = async (client: pg.PoolClient, spans: SpanRecord[], conventions: readonly ConventionCount[]): Promise<Written> => {
    await copyIntoStaging(client, spans);
    return finish(client, spans, conventions, stagedSql);
  };

  /**
   * One attempt on one session: the direct COPY of `texts` when given, falling back to the staged
   * path in the same session when a span is stored already.
   */
  const inSession = async (spans: SpanRecord[], conventions: readonly ConventionCount[], texts: DirectTexts | null): Promise<Written> => {
    const client = await checkoutClient(pool);
    let failure: Error | undefined;
    try {
      // Outside any transaction, so that a rolled-back direct attempt cannot take the tables with it.
      if (!sessionsReady.has(client)) {
        await client.query(CREATE_STAGING_SQL);
        await client.query(CREATE_COPIED_SQL);
        sessionsReady.add(client);
      }
      if (texts) {
        await client.query('BEGIN');
        try {
          const written = await writeDirect(client, texts, spans, conventions);
          await client.query('COMMIT');
          return written;
        } catch (error) {
          await client.query('ROLLBACK');
          if (!isUniqueViolation(error)) throw error;
        }
      }
      await client.query('BEGIN');
      const written = await writeStaged(client, spans, conventions);
      await client.query('COMMIT');
      return written;
    } catch (error) {
      // A session that failed mid-batch is dropped rather than reused (its temporary tables with it).
      failure = error instanceof Error ? error : new Error(String(error));
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release(failure);
    }
  };

  /**
   * A first delivery's COPY texts are built before a session is taken, so that with fewer
   * sessions than batches in flight (a pool of PROCESSOR_WRITE_CONCURRENCY) one batch's text is
   * made while another's is being written.
   */
  const writeOnce = (spans: SpanRecord[], conventions: readonly ConventionCount[], tryDirect: boolean): Promise<Written> => {
    if (!tryDirect) return inSession(spans, conventions, null);
    return copyTextBuffers.use((spanText) =>
      copyTextBuffers.use((copiedText) =>
        copyTextBuffers.use((searchData) => {
          const search = appendDirectCopy(spans, documents, spanText, copiedText, searchData);
          return inSession(spans, conventions, { spanText, copiedText, searchData, search });
        }),
      ),
    );
  };
  return {
    async write(spans, conventions = [], options = {}) {
      if (spans.length === 0) return { inserted: 0, uncountedWrappers: 0 };
      const tryDirect = !options.mayBeStored;
      const days = new Set(spans.map((span) => utcDay(Number(span.startTimeUnixNano / 1_000_000n))));
      const missing = [...days].filter((day) => !knownDays.has(day));
      if (missing.length > 0) {
        await ensureSpanPartitions(pool, missing);
        for (const day of missing) knownDays.add(day);
      }
      try {
        return await writeOnce(spans, conventions, tryDirect);
      } catch (error) {
        if (!isMissingPartition(error)) throw error;
        // Retention dropped a day this writer had seen (a late span for an expired day): make it again.
        for (const day of days) knownDays.delete(day);
        await ensureSpanPartitions(pool, days);
        for (const day of days) knownDays.add(day);
        return writeOnce(spans, conventions, tryDirect);
      }
    },
  };
}
