import { setTimeout as sleep } from 'node:timers/promises';
import { realisticRequest } from '../ingest/realistic-spans.js';
import { postUntilTaken } from '../ingest/send-and-store.js';

/** Background traffic at a steady rate, as many apps exporting at once would send it. */
export interface SteadyLoad {
  /** spans ingest acknowledged so far */
  accepted(): number;
  /** the most requests ever due but not sent yet, because `maxInFlight` were already out (ingest could not keep up) */
  mostBehind(): number;
  stop(): Promise<void>;
}

/**
 * Sends realistic LLM spans (root + 3 calls per trace, fresh ids every request) to `url` at
 * `spansPerSecond`, `perRequest` spans a request, open loop: requests fall due on a schedule,
 * whatever the answers take, with at most `maxInFlight` out at once.
 */
export function startSteadyLoad(url: string, spansPerSecond: number, perRequest = 100, maxInFlight = 16): SteadyLoad {
  let stopping = false;
  let sent = 0;
  let accepted = 0;
  let mostBehind = 0;
  let inFlight = 0;
  const started = performance.now();
  const outstanding = new Set<Promise<void>>();
  const loop = (async () => {
    while (!stopping) {
      const due = Math.floor((((performance.now() - started) / 1000) * spansPerSecond) / perRequest);
      while (sent < due && !stopping) {
        if (inFlight >= maxInFlight) {
          mostBehind = Math.max(mostBehind, due - sent);
          break;
        }
        sent += 1;
        inFlight += 1;
        const body = realisticRequest(perRequest, ['checkout', 'support-bot', 'search'], Date.now(), 3);
        const request = postUntilTaken(url, body, {})
          .then(() => {
            accepted += perRequest;
          })
          .finally(() => {
            inFlight -= 1;
            outstanding.delete(request);
          });
        outstanding.add(request);
      }
      await sleep(10);
    }
  })();
  return {
    accepted: () => accepted,
    mostBehind: () => mostBehind,
    async stop() {
      stopping = true;
      await loop;
      await Promise.all(outstanding);
    },
  };
}

/** Sends `spans` realistic spans as fast as ingest takes them (`concurrency` requests in flight). */
export async function sendBurst(url: string, spans: number, perRequest = 200, concurrency = 4): Promise<void> {
  let left = Math.ceil(spans / perRequest);
  const worker = async () => {
    while (left > 0) {
      left -= 1;
      await postUntilTaken(url, realisticRequest(perRequest, ['burst'], Date.now(), 3), {});
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
