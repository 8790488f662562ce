import { cpus } from 'node:os';

export interface RunResult {
  /** spans/s the first hop (ingest, or the collector) acknowledged */
  accepted: number;
  endToEnd: number;
  seconds: number;
  rssMiB: Record<string, number>;
  cpuSeconds: Record<string, number>;
}

export interface Report {
  totalSpans: number;
  payloadMiB: number;
  perRequest: number;
  concurrency: number;
  direct: RunResult;
  copy: { rows: number; rowsPerSecond: number };
  /** The same load through the stock collector, when --via stock. */
  viaCollector: RunResult | null;
  collectorNote: string;
}

const rate = (value: number) => `${value.toFixed(0)} spans/s`;
const listOf = (values: Record<string, number>, digits: number) => Object.entries(values).map(([name, value]) => `${name} ${value.toFixed(digits)}`).join(', ');
const row = (label: string, direct: string, via?: string, ratio?: string) => `  ${label.padEnd(28)}${direct.padEnd(30)}${via === undefined ? '' : via.padEnd(32)}${ratio ?? ''}`;

/** The bench's printout: direct to ingest, and beside it (with ratios) through the collector. */
export function formatReport({ totalSpans, payloadMiB, perRequest, concurrency, direct, copy, viaCollector: via, collectorNote }: Report): string {
  const ratio = (a: number, b: number) => (a / b).toFixed(2);
  const endToEnd = (result: RunResult) => `${rate(result.endToEnd)} (${result.seconds.toFixed(2)} s)`;
  return [
    `bench:ingest  ${new Date().toISOString()}  node ${process.version}, ${cpus().length} cores`,
    `  spans                       ${totalSpans} (${payloadMiB.toFixed(1)} MiB OTLP protobuf, ${perRequest} spans/request, ${concurrency} in flight)`,
    via ? row('', 'direct to ingest', 'via stock collector', 'collector / direct') : row('', 'direct to ingest'),
    row('accepted (first hop)', rate(direct.accepted), via ? rate(via.accepted) : undefined, via ? ratio(via.accepted, direct.accepted) : undefined),
    row('end to end (sent → stored)', endToEnd(direct), via ? endToEnd(via) : undefined, via ? ratio(via.endToEnd, direct.endToEnd) : undefined),
    `  raw COPY of the same rows   ${copy.rowsPerSecond.toFixed(0)} rows/s   (${copy.rows} rows)`,
    `  ratio end-to-end / COPY     direct ${ratio(direct.endToEnd, copy.rowsPerSecond)}${via ? `, via collector ${ratio(via.endToEnd, copy.rowsPerSecond)}` : ''}`,
    `  peak RSS (MiB)              direct: ${listOf(direct.rssMiB, 0)}${via ? `; via collector: ${listOf(via.rssMiB, 0)}` : ''}`,
    `  CPU seconds while running   direct: ${listOf(direct.cpuSeconds, 1)}`,
    ...(via ? [`                              via collector: ${listOf(via.cpuSeconds, 1)}`, `  collector                   ${collectorNote}`] : []),
  ].join('\n');
}
