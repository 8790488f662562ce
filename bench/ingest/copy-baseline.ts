import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { daysAround, ensureSpanPartitions } from '@lumina/db';

const COLUMNS = `project_id, trace_id, span_id, parent_span_id, name, kind, service_name, start_time, end_time,
  latency_ms, status, status_message, is_llm, provider, model, operation, prompt_tokens, completion_tokens,
  cached_prompt_tokens, cost_usd, prompt, response, system_prompt, finish_reason, user_id, session_id, tags,
  attributes, resource`;

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * The rows the pipeline stored, COPYed into an empty database of the same schema: the rate of
 * a raw bulk load of exactly the same data, to compare the pipeline against.
 */
export async function copyBaselineRowsPerSecond(sourceUrl: string, targetUrl: string): Promise<{ rows: number; rowsPerSecond: number }> {
  const chunks: Buffer[] = [];
  await withClient(sourceUrl, async (client) => {
    const out = client.query(copyTo(`COPY (SELECT ${COLUMNS} FROM spans) TO STDOUT`));
    for await (const chunk of out) chunks.push(chunk as Buffer);
  });
  return withClient(targetUrl, async (client) => {
    await ensureSpanPartitions(client as unknown as pg.PoolClient, daysAround(new Date(), 2, 1));
    const started = performance.now();
    await pipeline(Readable.from(chunks), client.query(copyFrom(`COPY spans (${COLUMNS}) FROM STDIN`)));
    const seconds = (performance.now() - started) / 1000;
    const rows = Number((await client.query('SELECT count(*) AS n FROM spans')).rows[0].n);
    return { rows, rowsPerSecond: rows / seconds };
  });
}
