/** Plain-text tables of the CLI: sets, a set's summary, and its calls compared. */

type Cell = string | number | null | undefined;

const text = (value: Cell) => (value === null || value === undefined ? '–' : String(value));

function clip(value: string, width: number): string {
  const flat = value.replace(/\s+/g, ' ');
  return flat.length <= width ? flat : `${flat.slice(0, width - 1).trimEnd()}…`;
}

/** Columns padded to their widest cell (each at most `maxWidth`), a rule under the header. */
export function renderTable(header: string[], rows: Cell[][], maxWidth = 40): string {
  const cells = [header, ...rows.map((row) => row.map((cell) => clip(text(cell), maxWidth)))];
  const widths = header.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  const line = (row: string[]) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return [line(cells[0] as string[]), widths.map((width) => '─'.repeat(width)).join('  '), ...cells.slice(1).map((row) => line(row as string[]))].join('\n');
}

const usd = (value: number | null | undefined) => (value === null || value === undefined ? '–' : `$${value.toFixed(6)}`);
const ms = (value: number | null | undefined) => (value === null || value === undefined ? '–' : `${Math.round(value)} ms`);
const pct = (value: number | null | undefined) => (value === null || value === undefined ? '–' : `${value >= 0 ? '+' : ''}${value.toFixed(1)}%`);
const score = (value: number | null | undefined) => (value === null || value === undefined ? '–' : value.toFixed(3));

/** What the API answers for a set (the fields the CLI shows). */
export interface SetView {
  replay_id: string;
  name: string;
  status: string;
  mode: string | null;
  total_traces: number;
  total_calls: number;
  completed_calls: number;
  failed_calls: number;
  created_at: string;
  summary: Record<string, number | null>;
}

export function setsTable(sets: SetView[]): string {
  return renderTable(
    ['replay_id', 'name', 'status', 'mode', 'traces', 'calls', 'failed', 'regressions', 'created'],
    sets.map((set) => [set.replay_id, set.name, set.status, set.mode, set.total_traces, `${set.completed_calls}/${set.total_calls}`, set.failed_calls, set.summary.regressions, set.created_at]),
  );
}

export function summaryTable(set: SetView): string {
  const s = set.summary;
  return renderTable(
    ['', 'original', 'replay', 'change'],
    [
      ['cost', usd(s.original_cost_usd), usd(s.replay_cost_usd), pct(s.cost_delta_pct)],
      ['avg latency', ms(s.original_avg_latency_ms), ms(s.replay_avg_latency_ms), pct(s.latency_delta_pct)],
      ['avg hash similarity', '', score(s.avg_hash_similarity), ''],
      ['avg semantic score', '', score(s.avg_semantic_score), ''],
      ['regressions', '', `${s.regressions} (score < ${s.regression_threshold})`, ''],
      ['failed calls', '', text(s.failed_calls), ''],
      ['judged calls', '', text(s.judged_calls), ''],
    ],
  );
}

/** One result of the diff (the fields the CLI shows). */
export interface ResultView {
  trace_id: string;
  span_id: string;
  status: string;
  error: { code: string; message: string } | null;
  original_model: string | null;
  replay_model: string | null;
  original_cost_usd: number | null;
  replay_cost_usd: number | null;
  original_latency_ms: number | null;
  replay_latency_ms: number | null;
  hash_similarity: number | null;
  semantic_score: number | null;
  semantic_tier: string | null;
  regression: boolean;
  diff_summary: string | null;
}

/** The calls compared, in the diff's review order (regressions first). */
export function resultsTable(results: ResultView[]): string {
  return renderTable(
    ['', 'trace/span', 'model', 'semantic', 'hash', 'cost', 'latency', 'diff or error'],
    results.map((r) => [
      r.regression ? '✗' : r.status === 'failed' ? '!' : '✓',
      `${r.trace_id.slice(0, 8)}…/${r.span_id}`,
      `${text(r.original_model)} → ${text(r.replay_model)}`,
      r.semantic_score === null ? '–' : `${score(r.semantic_score)} (${r.semantic_tier})`,
      score(r.hash_similarity),
      `${usd(r.original_cost_usd)} → ${usd(r.replay_cost_usd)}`,
      `${ms(r.original_latency_ms)} → ${ms(r.replay_latency_ms)}`,
      r.error ? `${r.error.code}: ${r.error.message}` : r.diff_summary,
    ]),
    60,
  );
}
