/** Head sampling by trace id: every span of a trace gets the same answer. */

const SCALE = 2 ** 52;

/**
 * True when the trace falls within `rate` (0..1). Reads the last 13 hex digits of the trace
 * id (52 random bits in W3C trace ids) as a fraction of 2^52, so the decision is the same for
 * every span of the trace and in every process that uses this function.
 */
export function traceIdWithinRate(traceId: string, rate: number): boolean {
  if (rate >= 1) return true;
  if (rate <= 0) return false;
  const fraction = Number.parseInt(traceId.slice(-13), 16);
  return Number.isFinite(fraction) && fraction < rate * SCALE;
}
