import { cpus } from 'node:os';
import { isProcessorsProcess } from '../../scripts/start/processor-replicas.js';
import type { ExportDelay } from './export-delay.js';
import type { SearchLag } from './search-lag.js';

export interface RunResult {
  /** spans/s the first hop (ingest, or the collector) acknowledged */
  accepted: number;
  endToEnd: number;
  seconds: number;
  rssMiB: Record<string, number>;
  /** CPU seconds of each process from the first request to the last span stored */
  cpuSeconds: Record<string, number>;
  /** the same until the search indexer caught up (whole platform only) */
  cpuSecondsWithIndexing: Record<string, number> | null;
  /** the search indexer's lag at the end (whole platform only) */
  searchLag: SearchLag | null;
  /** export → queryable delay of small LLM traces on the idle platform afterwards */
  delay: ExportDelay;
}

/** One measured path: straight to ingest, or through a collector. */
export interface PathResult {
  label: string;
  result: RunResult;
}

export interface Report {
  totalSpans: number;
  payloadMiB: number;
  perRequest: number;
  concurrency: number;
  /** direct first, then each collector */
  paths: PathResult[];
  copy: { rows: number; rowsPerSecond: number };
  notes: string[];
}

const rate = (value: number) => `${value.toFixed(0)} spans/s`;
const listOf = (values: Record<string, number>, digits: number) => Object.entries(values).map(([name, value]) => `${name} ${value.toFixed(digits)}`).join(', ');
const COLUMN = 34;
/** µs of CPU per span from CPU seconds over `spans`, with the processors processes' sum and the platform's total (the load generator left out). */
function perSpan(seconds: Record<string, number>, spans: number): Record<string, number> {
  const micros = Object.fromEntries(Object.entries(seconds).map(([name, value]) => [name, (value * 1e6) / spans]));
  const platform = Object.entries(micros).filter(([name]) => name !== 'load generator');
  const replicas = platform.filter(([name]) => isProcessorsProcess(name));
  const processorsTotal: Record<string, number> = replicas.length > 1 ? { 'processors, all processes': replicas.reduce((sum, [, value]) => sum + value, 0) } : {};
  return { ...micros, ...processorsTotal, 'platform total': platform.reduce((sum, [, value]) => sum + value, 0) };
}

/** The bench's printout: one column per path, with each collector's ratio to direct. */
export function formatReport({ totalSpans, payloadMiB, perRequest, concurrency, paths, copy, notes }: Report): string {
  const direct = paths[0]!.result;
  const row = (label: string, cell: (result: RunResult) => string) => `  ${label.padEnd(30)}${paths.map((path) => cell(path.result).padEnd(COLUMN)).join('')}`.trimEnd();
  const vsDirect = (value: number, base: number, result: RunResult) => (result === direct ? '' : ` (×${(value / base).toFixed(2)})`);
  return [
    `bench:ingest  ${new Date().toISOString()}  node ${process.version}, ${cpus().length} cores`,
    `  spans                         ${totalSpans} (${payloadMiB.toFixed(1)} MiB OTLP protobuf, ${perRequest} spans/request, ${concurrency} in flight)`,
    `  ${''.padEnd(30)}${paths.map((path) => path.label.padEnd(COLUMN)).join('')}`.trimEnd(),
    row('accepted (first hop)', (r) => `${rate(r.accepted)}${vsDirect(r.accepted, direct.accepted, r)}`),
    row('end to end (sent → stored)', (r) => `${rate(r.endToEnd)}${vsDirect(r.endToEnd, direct.endToEnd, r)}`),
    row('  seconds', (r) => r.seconds.toFixed(2)),
    row('ratio end to end / COPY', (r) => (r.endToEnd / copy.rowsPerSecond).toFixed(2)),
    row('export → queryable p50', (r) => (r.delay.samples > 0 ? `${r.delay.p50Ms.toFixed(0)} ms` : 'n/a (--delay-samples 0)')),
    row('export → queryable p99 (max)', (r) => (r.delay.samples > 0 ? `${r.delay.p99Ms.toFixed(0)} ms (${r.delay.maxMs.toFixed(0)}), n=${r.delay.samples}` : 'n/a')),
    row('search index lag at the end', (r) => (r.searchLag ? `${r.searchLag.queuedAtStored} spans, caught up ${r.searchLag.catchUpSeconds.toFixed(1)} s later` : 'n/a (no upkeep)')),
    `  raw COPY of the same rows     ${copy.rowsPerSecond.toFixed(0)} rows/s (${copy.rows} rows)`,
    '  peak RSS (MiB)',
    ...paths.map((path) => `    ${path.label.padEnd(28)}${listOf(path.result.rssMiB, 0)}`),
    '  CPU seconds, sent → stored',
    ...paths.map((path) => `    ${path.label.padEnd(28)}${listOf(path.result.cpuSeconds, 1)}`),
    '  CPU µs per span, sent → stored',
    ...paths.map((path) => `    ${path.label.padEnd(28)}${listOf(perSpan(path.result.cpuSeconds, totalSpans), 0)}`),
    ...(paths.some((path) => path.result.cpuSecondsWithIndexing)
      ? [
          '  CPU µs per span, sent → stored and search-indexed',
          ...paths.flatMap((path) => (path.result.cpuSecondsWithIndexing ? [`    ${path.label.padEnd(28)}${listOf(perSpan(path.result.cpuSecondsWithIndexing, totalSpans), 0)}`] : [])),
        ]
      : []),
    ...notes.map((note) => `  ${note}`),
  ].join('\n');
}
