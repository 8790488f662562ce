import { queryRows } from '../../../test/support/sql.js';

/** What Postgres holds: spans, the trace summaries' span counts, traces. */
export interface StoredCounts {
  spans: number;
  spanCountSum: number;
  traces: number;
}

export async function storedCounts(databaseUrl: string): Promise<StoredCounts> {
  const [spans] = await queryRows<{ n: string }>(databaseUrl, 'SELECT count(*) AS n FROM spans');
  const [traces] = await queryRows<{ sum: string | null; n: string }>(databaseUrl, 'SELECT sum(span_count) AS sum, count(*) AS n FROM traces');
  return { spans: Number(spans!.n), spanCountSum: Number(traces!.sum ?? 0), traces: Number(traces!.n) };
}
