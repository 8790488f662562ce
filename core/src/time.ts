/** Latency in ms between two unix-nano timestamps, never negative. */
export function latencyMs(startUnixNano: bigint, endUnixNano: bigint): number {
  const diff = endUnixNano - startUnixNano;
  return diff > 0n ? Number(diff / 1000n) / 1000 : 0;
}
