import type { StreamFill } from '@lumina/runtime';

/**
 * Bytes JetStream's file store counts for one message beyond its payload: a fixed record
 * header and hash (30), the subject, and the message headers (the dedupe id and the project id,
 * well under 256 bytes). An estimate on the high side: it may refuse a message a little early,
 * never let one through that does not fit.
 */
export function storedRecordBytes(payloadBytes: number, subject: string, projectId: string): number {
  return 30 + subject.length + 256 + projectId.length + payloadBytes;
}

/**
 * The stream's byte limit as ingest must keep it. nats-server (2.9) checks a `discard: new`
 * stream's byte limit against the payload and headers only, then stores the whole record: a
 * message that fits by the first count but not the second is acknowledged, and the store makes
 * room by deleting the oldest message, one that was acknowledged before. So ingest refuses a
 * message itself unless its record fits under the limit, counting from the last reading of the
 * stream plus what this process stored since and has in flight (processors' acks only free
 * room, so the count errs on the side of refusing until the next reading).
 */
export function streamByteBudget() {
  let reading: StreamFill | null = null;
  let storedSinceReading = 0;
  let inFlight = 0;
  return {
    /** Reserves room for a record of `recordBytes`; or why it does not fit (nothing reserved). */
    reserve(fill: StreamFill | null, recordBytes: number): string | null {
      if (fill !== reading) {
        reading = fill;
        storedSinceReading = 0;
      }
      if (fill !== null && fill.maxBytes > 0) {
        const projected = fill.bytes + storedSinceReading + inFlight + recordBytes;
        if (projected > fill.maxBytes) return `the span queue is full: about ${projected - recordBytes} of its ${fill.maxBytes} bytes are taken and the message needs ${recordBytes}; retry later`;
      }
      inFlight += recordBytes;
      return null;
    },
    /** The publish of a reserved record ended: `stored` when JetStream kept a new message. */
    settle(recordBytes: number, stored: boolean): void {
      inFlight -= recordBytes;
      if (stored) storedSinceReading += recordBytes;
    },
  };
}
