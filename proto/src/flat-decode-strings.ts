/**
 * Short ASCII strings of OTLP requests repeat from span to span: attribute keys, model and
 * operation names, scope and service names. Decoding each through Buffer costs a native call
 * and a new string per occurrence; this table finds the string already decoded from the same
 * bytes instead, so repeats cost a hash over a few bytes and allocate nothing. Returning the
 * same string object also makes attribute keys cheap to store (V8 interns it once).
 */

/** Longer strings rarely repeat, and are decoded natively at little per-byte cost. */
export const MAX_CACHED_LENGTH = 40;
const SLOTS = 4096;

/** Most recently decoded string per hash slot; a collision just replaces the slot. */
const slots: string[] = new Array<string>(SLOTS).fill('');

/**
 * The ASCII string of `bytes[start, end)` (at most MAX_CACHED_LENGTH bytes), or undefined
 * when a byte is not ASCII (the caller decodes and validates it as UTF-8).
 */
export function cachedAscii(bytes: Uint8Array, buffer: Buffer, start: number, end: number): string | undefined {
  const slot = slotOf(bytes, start, end);
  const cached = slots[slot]!;
  // A hit compares every byte, so it also proves them all ASCII.
  if (cached.length === end - start && sameChars(cached, bytes, start)) return cached;
  for (let i = start; i < end; i++) if (bytes[i]! > 0x7f) return undefined;
  const text = buffer.toString('latin1', start, end);
  slots[slot] = text;
  return text;
}

/**
 * A hash of the length and the bytes at both ends, where repeated strings differ (keys by
 * their last words, ids like `user-42` by their last digits); reading them all costs more.
 */
function slotOf(bytes: Uint8Array, start: number, end: number): number {
  const length = end - start;
  if (length === 0) return 0;
  let hash = Math.imul(0x811c9dc5 ^ length, 0x01000193);
  hash = Math.imul(hash ^ bytes[start]!, 0x01000193);
  hash = Math.imul(hash ^ bytes[start + (length >> 1)]!, 0x01000193);
  hash = Math.imul(hash ^ bytes[end - 1]!, 0x01000193);
  hash = Math.imul(hash ^ bytes[end - 2 >= start ? end - 2 : start]!, 0x01000193);
  hash = Math.imul(hash ^ bytes[end - 3 >= start ? end - 3 : start]!, 0x01000193);
  return (hash ^ (hash >>> 15)) & (SLOTS - 1);
}

function sameChars(text: string, bytes: Uint8Array, start: number): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) !== bytes[start + i]) return false;
  return true;
}
