import { setTimeout as sleep } from 'node:timers/promises';
import { bytesToHex, decodeTraceRequest } from '@lumina/proto';
import { realisticRequest } from '../ingest/realistic-spans.js';

/** How often each outstanding probe is asked for through the query API. */
const POLL_MS = 25;
const GIVE_UP_MS = 120_000;

export interface Delays {
  samples: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** probes still not queryable after GIVE_UP_MS (counted in the percentiles at GIVE_UP_MS, a lower bound) */
  timedOut: number;
}

/** A probe's delay when it was given up on: a lower bound, so the run still reports. */
export const GAVE_UP_MS = GIVE_UP_MS;

/** p50/p99/max of delays in ms (nearest rank). */
export function summarize(delays: number[]): Delays {
  const sorted = [...delays].sort((a, b) => a - b);
  const timedOut = sorted.filter((delay) => delay >= GIVE_UP_MS).length;
  if (sorted.length === 0) return { samples: 0, p50Ms: Number.NaN, p99Ms: Number.NaN, maxMs: Number.NaN, timedOut };
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { samples: sorted.length, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: sorted.at(-1)!, timedOut };
}

/** A user's view of freshness: small LLM calls exported on a timer and polled by id until the query API returns them. */
export interface Prober {
  /** starts recording the delays of the probes sent from now on under `phase` */
  phase(name: string | null): void;
  /** delays of the probes sent in `phase` (ms), once each became queryable */
  delays(phase: string): number[];
  /** stops sending; waits until every probe sent became queryable */
  stop(): Promise<void>;
}

/**
 * Every `everyMs`, exports one LLM call as its own trace (OTLP/HTTP protobuf to `tracesUrl`)
 * and polls `GET {queryUrl}/api/traces/{id}` every 25 ms until it answers 200; the delay runs
 * from just before the export to that answer. Probes sent while no phase is set are waited
 * for but not recorded.
 */
export function startProber(tracesUrl: string, queryUrl: string, everyMs = 250): Prober {
  let current: string | null = null;
  let stopping = false;
  const recorded = new Map<string, number[]>();
  const waits = new Set<Promise<void>>();
  const probe = async (phase: string | null) => {
    const body = realisticRequest(1, ['freshness-probe'], Date.now(), 0);
    const traceId = bytesToHex(decodeTraceRequest(body).resourceSpans[0]!.scopeSpans[0]!.spans[0]!.traceId);
    const sentAt = performance.now();
    const response = await fetch(tracesUrl, { method: 'POST', body, headers: { 'Content-Type': 'application/x-protobuf' } });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${tracesUrl} answered ${response.status} to a freshness probe`);
    let delay = GIVE_UP_MS;
    for (;;) {
      const found = await fetch(`${queryUrl}/api/traces/${traceId}`).then(async (answer) => (await answer.arrayBuffer(), answer.status));
      if (found === 200) {
        delay = performance.now() - sentAt;
        break;
      }
      if (found !== 404) throw new Error(`the query API answered ${found} for probe ${traceId}`);
      // A platform behind by minutes still gets its report: the probe counts as GIVE_UP_MS.
      if (performance.now() - sentAt > GIVE_UP_MS) break;
      await sleep(POLL_MS);
    }
    if (phase !== null) recorded.set(phase, [...(recorded.get(phase) ?? []), delay]);
  };
  const sending = (async () => {
    while (!stopping) {
      const wait = probe(current);
      waits.add(wait);
      void wait.finally(() => waits.delete(wait)).catch(() => {});
      await sleep(everyMs);
    }
  })();
  return {
    phase(name) {
      current = name;
    },
    delays: (phase) => recorded.get(phase) ?? [],
    async stop() {
      stopping = true;
      await sending;
      await Promise.all(waits);
    },
  };
}
