import type { StreamFill } from '@lumina/runtime';

/** Share of the byte or message limit above which the queue counts as full for readiness. */
const FULL_SHARE = 0.99;
/** How long a refusal alone keeps the queue "full" (a few stream readings), unless a message is stored. */
const REFUSAL_MEMORY_MS = 3_000;

/**
 * Whether the spans queue can take more: JetStream itself refuses a message that does not fit
 * (discard new); this adds the backlog age limit, and remembers a refusal until a message is
 * stored again (or for a few seconds), so that `/ready` turns false as soon as the queue is full.
 */
export function queueFullness(maxBacklogAgeSeconds: number, now: () => number = Date.now) {
  let refusedAt: number | null = null;
  const tooOld = (fill: StreamFill | null): string | null =>
    maxBacklogAgeSeconds > 0 && fill !== null && fill.messages > 0 && fill.backlogAgeSeconds > maxBacklogAgeSeconds
      ? `the span queue holds spans waiting for ${Math.round(fill.backlogAgeSeconds)} s, over its limit of ${maxBacklogAgeSeconds} s; retry later`
      : null;
  return {
    tooOld,
    /** Why the queue counts as full, or null. */
    full(fill: StreamFill | null): string | null {
      if (refusedAt !== null && now() - refusedAt < REFUSAL_MEMORY_MS) return 'the span queue is full: it refused the last message';
      if (fill === null) return null;
      if (fill.maxBytes > 0 && fill.bytes >= fill.maxBytes * FULL_SHARE) return `the span queue holds ${fill.bytes} of ${fill.maxBytes} bytes`;
      if (fill.maxMessages > 0 && fill.messages >= fill.maxMessages * FULL_SHARE) return `the span queue holds ${fill.messages} of ${fill.maxMessages} messages`;
      return tooOld(fill);
    },
    refused() {
      refusedAt = now();
    },
    stored() {
      refusedAt = null;
    },
  };
}
