/** Writes finished results in batches: whatever finished while the previous batch was being written goes in the next. */
import type { Logger } from 'pino';
import { type Queryable, type ResultOutcome, writeOutcomes } from '@lumina/db';
import { errorText } from '@lumina/runtime';

export interface OutcomeWriter {
  push(outcome: ResultOutcome): void;
  /** Resolves once everything pushed so far is written (or, after close(), given up). */
  flush(): Promise<void>;
  /** claim tokens pushed and not yet written (their leases must be kept) */
  tokens(): string[];
  /** stops retrying a failing write: what is left is dropped (its leases run out and another replica redoes it) */
  close(): void;
}

const BATCH = 200;
const RETRY_MS = 1_000;

export function createOutcomeWriter(db: Queryable, logger: Logger): OutcomeWriter {
  const pending: ResultOutcome[] = [];
  let writing: Promise<void> | null = null;
  let closed = false;

  async function drain(): Promise<void> {
    while (pending.length > 0) {
      const batch = pending.splice(0, BATCH);
      try {
        const written = new Set(await writeOutcomes(db, batch));
        const lost = batch.filter((item) => !written.has(item.claimToken)).length;
        if (lost > 0) logger.warn({ lost }, 'results not written: their claim had run out and was taken over');
      } catch (error) {
        if (closed) {
          logger.error({ err: errorText(error), dropped: batch.length + pending.length }, 'results not written; they will be replayed again');
          pending.splice(0);
          return;
        }
        logger.warn({ err: errorText(error) }, 'writing results failed; retrying');
        pending.unshift(...batch);
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }

  function startWriting(): Promise<void> {
    writing ??= drain().finally(() => {
      writing = null;
      if (pending.length > 0 && !closed) void startWriting();
    });
    return writing;
  }

  return {
    push(outcome) {
      pending.push(outcome);
      void startWriting();
    },
    async flush() {
      while (writing !== null || (pending.length > 0 && !closed)) await startWriting();
    },
    tokens: () => pending.map((item) => item.claimToken),
    close() {
      closed = true;
    },
  };
}
