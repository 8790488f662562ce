import { setFlagsFromString } from 'node:v8';

/**
 * Caps how far V8 lets the heap grow past what survived the last full collection before it
 * collects again (V8's --heap-growing-percent, read at every collection, so it takes effect when
 * set at start-up). With a large heap limit V8 allows up to 4× (300%): the processors keep
 * ~40-65 MiB alive but make garbage fast (decoded payloads, records, COPY text), so their heap
 * reached ~260 MiB and their RSS 420-550 MiB before each full collection. 0 leaves V8's
 * own heuristic. A process-wide setting: called by main.ts only, never by tests.
 */
export function limitHeapGrowth(percent: number): void {
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${Math.round(percent)}`);
}
