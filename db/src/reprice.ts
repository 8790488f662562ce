import { checkoutClient } from './checkout.js';
/**
 * Repricing stored LLM calls after a price change or a new override (`npm run reprice`):
 * recomputes each call's cost with the given pricer and corrects the trace summaries and
 * rollups by exactly the difference, batch by batch, each batch one transaction.
 *
 * Idempotent: a call already at its new price changes nothing. Safe while ingest runs: a
 * batch locks its traces' summary rows first, then its spans, the order the processors'
 * writes take them in, so the two wait on each other instead of deadlocking, and a call
 * whose wrapper status changed meanwhile is read as it is now.
 */
import type pg from 'pg';
import type { Pricer } from '@lumina/core';

export interface RepriceOptions {
  /** start times from (inclusive) … to (exclusive) */
  from: Date;
  to: Date;
  /** only calls of this model (as stored) */
  model?: string;
  /** only this project; default every project */
  projectId?: string;
  /** calls per transaction; default 1000 */
  batchSize?: number;
}

export interface RepriceProgress {
  /** calls looked at so far */
  scanned: number;
  /** calls whose cost (or price source) changed */
  changed: number;
  /** the sum of the cost changes, USD */
  deltaUsd: number;
}

interface CallRow {
  project_id: string;
  trace_id: string;
  span_id: string;
  start_time: Date;
  start_us: string;
  service_name: string;
  provider: string | null;
  model: string | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  cached_prompt_tokens: number | null;
  cost_usd: number | null;
  price_source: string | null;
  price_version: string | null;
  custom_prompt: string | null;
  custom_completion: string | null;
}

interface Change {
  row: CallRow;
  costUsd: number | null;
  source: string | null;
  version: string | null;
  deltaUsd: number;
}

const NEXT_KEYS_SQL = `
SELECT project_id, trace_id, span_id, (extract(epoch FROM start_time) * 1e6)::bigint::text AS start_us
FROM spans
WHERE is_llm AND start_time >= $1 AND start_time < $2
  AND ($3::text IS NULL OR model = $3) AND ($4::text IS NULL OR project_id = $4)
  AND (start_time, project_id, trace_id, span_id) > (timestamptz 'epoch' + $5::bigint * interval '1 microsecond', $6, $7, $8)
ORDER BY start_time, project_id, trace_id, span_id
LIMIT $9`;

const LOCK_TRACES_SQL = `
SELECT 1 FROM traces t JOIN unnest($1::text[], $2::text[]) AS k (project_id, trace_id)
  ON t.project_id = k.project_id AND t.trace_id = k.trace_id
ORDER BY t.project_id, t.trace_id
FOR UPDATE OF t`;

const LOCK_CALLS_SQL = `
SELECT s.project_id, s.trace_id, s.span_id, s.start_time, (extract(epoch FROM s.start_time) * 1e6)::bigint::text AS start_us,
  s.service_name, s.provider, s.model, s.prompt_tokens, s.completion_tokens, s.cached_prompt_tokens, s.cost_usd,
  s.price_source, s.price_version,
  s.attributes->>'cost_per_prompt_token' AS custom_prompt, s.attributes->>'cost_per_completion_token' AS custom_completion
FROM spans s JOIN unnest($1::text[], $2::text[], $3::text[]) AS k (project_id, trace_id, span_id)
  ON s.project_id = k.project_id AND s.trace_id = k.trace_id AND s.span_id = k.span_id
WHERE s.is_llm
ORDER BY s.project_id, s.trace_id, s.span_id
FOR UPDATE OF s`;

const APPLY_SQL = `
WITH changes AS (
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::float8[], $6::text[], $7::text[], $8::float8[])
    AS c (project_id, trace_id, span_id, start_us, cost_usd, price_source, price_version, delta_usd)
),
spans_fixed AS (
  UPDATE spans s SET cost_usd = c.cost_usd, price_source = c.price_source, price_version = c.price_version
  FROM changes c
  WHERE s.project_id = c.project_id AND s.trace_id = c.trace_id AND s.span_id = c.span_id
    AND s.start_time = timestamptz 'epoch' + c.start_us * interval '1 microsecond'
  RETURNING s.project_id, s.trace_id, s.start_time, s.service_name, s.model, s.provider, c.delta_usd
),
traces_fixed AS (
  UPDATE traces t SET total_cost_usd = t.total_cost_usd + d.delta_usd, updated_at = now()
  FROM (SELECT project_id, trace_id, sum(delta_usd) AS delta_usd FROM spans_fixed GROUP BY project_id, trace_id) AS d
  WHERE t.project_id = d.project_id AND t.trace_id = d.trace_id
  RETURNING 1
),
rollups_fixed AS (
  INSERT INTO span_rollup_deltas (project_id, bucket_start, service_name, model, provider, span_count, root_span_count,
    llm_call_count, llm_error_count, cost_usd, prompt_tokens, completion_tokens, cached_prompt_tokens, latency_sum_ms,
    latency_max_ms, latency_buckets, latency_counts)
  SELECT project_id, date_bin('1 minute', start_time, timestamptz 'epoch'), service_name, coalesce(model, ''),
    coalesce(provider, ''), 0, 0, 0, 0, sum(delta_usd), 0, 0, 0, 0, NULL, '{}', '{}'
  FROM spans_fixed
  GROUP BY 1, 2, 3, 4, 5
  RETURNING 1
)
SELECT (SELECT count(*) FROM spans_fixed)::int AS changed, (SELECT count(*) FROM traces_fixed)::int AS traces`;

const numberOrNull = (value: string | null) => {
  if (value === null || value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : null;
};

/** The new price of one call; a change when its cost or price source differs from what is stored. */
function changeOf(row: CallRow, pricer: Pricer): Change | null {
  const priced = pricer.spanPrice({
    provider: row.provider,
    model: row.model,
    promptTokens: row.prompt_tokens,
    completionTokens: row.completion_tokens,
    cachedPromptTokens: row.cached_prompt_tokens,
    customPromptTokenPriceUsd: numberOrNull(row.custom_prompt),
    customCompletionTokenPriceUsd: numberOrNull(row.custom_completion),
    at: row.start_time,
  });
  const costUsd = priced?.costUsd ?? null;
  const source = priced?.source ?? null;
  const version = priced?.version ?? null;
  if (costUsd === row.cost_usd && source === row.price_source && version === row.price_version) return null;
  return { row, costUsd, source, version, deltaUsd: (costUsd ?? 0) - (row.cost_usd ?? 0) };
}

async function repriceBatch(client: pg.PoolClient, keys: { project_id: string; trace_id: string; span_id: string }[], pricer: Pricer): Promise<Change[]> {
  await client.query('BEGIN');
  try {
    const traces = [...new Map(keys.map((k) => [`${k.project_id}/${k.trace_id}`, k])).values()];
    await client.query(LOCK_TRACES_SQL, [traces.map((k) => k.project_id), traces.map((k) => k.trace_id)]);
    const { rows } = await client.query<CallRow>(LOCK_CALLS_SQL, [keys.map((k) => k.project_id), keys.map((k) => k.trace_id), keys.map((k) => k.span_id)]);
    const changes = rows.map((row) => changeOf(row, pricer)).filter((change): change is Change => change !== null);
    if (changes.length > 0) {
      const column = <T>(read: (change: Change) => T) => changes.map(read);
      await client.query(APPLY_SQL, [
        column((c) => c.row.project_id),
        column((c) => c.row.trace_id),
        column((c) => c.row.span_id),
        column((c) => c.row.start_us),
        column((c) => c.costUsd),
        column((c) => c.source),
        column((c) => c.version),
        column((c) => c.deltaUsd),
      ]);
    }
    await client.query('COMMIT');
    return changes;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** Reprices every LLM call in the window (see the file comment); `onBatch` hears the running totals. */
export async function repriceCalls(pool: pg.Pool, pricer: Pricer, options: RepriceOptions, onBatch?: (progress: RepriceProgress) => void): Promise<RepriceProgress> {
  const progress: RepriceProgress = { scanned: 0, changed: 0, deltaUsd: 0 };
  const batchSize = options.batchSize ?? 1000;
  let after: [string, string, string, string] = [String(BigInt(options.from.getTime()) * 1000n - 1n), '', '', ''];
  const client = await checkoutClient(pool);
  try {
    for (;;) {
      const { rows: keys } = await client.query<{ project_id: string; trace_id: string; span_id: string; start_us: string }>(NEXT_KEYS_SQL, [
        options.from,
        options.to,
        options.model ?? null,
        options.projectId ?? null,
        ...after,
        batchSize,
      ]);
      if (keys.length === 0) return progress;
      const changes = await repriceBatch(client, keys, pricer);
      progress.scanned += keys.length;
      progress.changed += changes.length;
      progress.deltaUsd += changes.reduce((sum, change) => sum + change.deltaUsd, 0);
      onBatch?.({ ...progress });
      const last = keys.at(-1)!;
      after = [last.start_us, last.project_id, last.trace_id, last.span_id];
    }
  } finally {
    client.release();
  }
}
