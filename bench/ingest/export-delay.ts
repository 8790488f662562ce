import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { bytesToHex, decodeTraceRequest } from '@lumina/proto';
import { realisticRequest } from './realistic-spans.js';

/** Spans of one probe trace: a root span and 3 LLM calls, sent in one request. */
const PROBE_SPANS = 4;
const POLL_MS = 10;
const GIVE_UP_MS = 60_000;

export interface ExportDelay {
  samples: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/**
 * Export → queryable delay: sends `samples` small LLM traces to `tracesUrl` (OTLP/HTTP
 * protobuf), one every `everyMs`, and times each from just before its request to the
 * moment Postgres holds all of its spans (polled every 10 ms for all probes at once).
 * Run on an idle platform, after the throughput pass.
 */
export async function measureExportDelay(tracesUrl: string, pool: pg.Pool, samples: number, headers: Record<string, string> = {}, everyMs = 100): Promise<ExportDelay> {
  const sentAt = new Map<string, number>();
  const delays: number[] = [];
  const sending = (async () => {
    for (let i = 0; i < samples; i += 1) {
      const body = realisticRequest(PROBE_SPANS, ['delay-probe'], Date.now(), PROBE_SPANS - 1);
      const traceId = bytesToHex(decodeTraceRequest(body).resourceSpans[0]!.scopeSpans[0]!.spans[0]!.traceId);
      sentAt.set(traceId, performance.now());
      const response = await fetch(tracesUrl, { method: 'POST', body, headers: { 'Content-Type': 'application/x-protobuf', ...headers } });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`${tracesUrl} answered ${response.status} to a delay probe`);
      await sleep(everyMs);
    }
  })();
  const deadline = performance.now() + GIVE_UP_MS + samples * everyMs;
  while (delays.length < samples) {
    if (performance.now() > deadline) throw new Error(`only ${delays.length} of ${samples} delay probes became queryable`);
    await sleep(POLL_MS);
    const pending = [...sentAt.keys()];
    if (pending.length === 0) continue;
    const { rows } = await pool.query<{ trace_id: string; n: string }>('SELECT trace_id, count(*) AS n FROM spans WHERE trace_id = ANY($1) GROUP BY trace_id', [pending]);
    const now = performance.now();
    for (const row of rows) {
      if (Number(row.n) < PROBE_SPANS) continue;
      delays.push(now - sentAt.get(row.trace_id)!);
      sentAt.delete(row.trace_id);
    }
  }
  await sending;
  delays.sort((a, b) => a - b);
  const at = (q: number) => delays[Math.min(delays.length - 1, Math.ceil(q * delays.length) - 1)]!;
  return { samples, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: delays.at(-1)! };
}
