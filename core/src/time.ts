/** Nanoseconds since the epoch to milliseconds with sub-ms precision kept. */
export function nanosToMillis(nanos: bigint): number {
  return Number(nanos / 1000n) / 1000;
}

/** Latency in ms between two unix-nano timestamps, never negative. */
export function latencyMs(startUnixNano: bigint, endUnixNano: bigint): number {
  const diff = endUnixNano - startUnixNano;
  return diff > 0n ? Number(diff / 1000n) / 1000 : 0;
}

/** Nanoseconds since the epoch as an ISO 8601 UTC string (ms precision). */
export function nanosToIso(nanos: bigint): string {
  return new Date(Number(nanos / 1_000_000n)).toISOString();
}
