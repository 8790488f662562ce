/** Deterministic lowercase hex ids for tests: traceId(7) is always the same 32 characters. */
export function traceId(n: number, salt = 0): string {
  return (salt.toString(16).padStart(8, '0') + n.toString(16).padStart(24, '0')).slice(-32);
}

export function spanId(n: number, salt = 0): string {
  return (salt.toString(16).padStart(4, '0') + n.toString(16).padStart(12, '0')).slice(-16);
}
