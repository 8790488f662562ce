import type pg from 'pg';
import type { Logger } from 'pino';
import { insertPendingEvents } from '@lumina/db';
import { errorText, isDatabaseUnavailable } from '@lumina/runtime';
import type { ProcessorMetrics } from './metrics.js';
import { fail, type Delivery, type Stage } from './stage.js';

export interface PersistLogEventsDeps {
  pool: pg.Pool;
  metrics: ProcessorMetrics;
  logger: Logger;
  isStopping: () => boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function insertAll(deliveries: Delivery[], deps: PersistLogEventsDeps): Promise<number> {
  const rows = deliveries.flatMap((delivery) => delivery.logEvents.map((event) => ({ projectId: delivery.projectId, event })));
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await insertPendingEvents(deps.pool, rows);
    } catch (error) {
      if (!isDatabaseUnavailable(error) || deps.isStopping()) throw error;
      if (attempt === 0) deps.logger.warn({ reason: errorText(error) }, 'database unavailable; holding the log events');
      for (const delivery of deliveries) delivery.message.working();
      await sleep(Math.min(250 * 2 ** attempt, 5000));
    }
  }
}

/**
 * Stage (logs stream): the batch's gen_ai events queued for the join in one statement (a
 * resent or redelivered event is one row, by its key); acknowledged only after that commits.
 */
export function persistLogEvents(deps: PersistLogEventsDeps): Stage {
  const store = async (deliveries: Delivery[]): Promise<void> => {
    try {
      const inserted = await insertAll(deliveries, deps);
      for (const delivery of deliveries) delivery.state = 'stored';
      deps.metrics.logEventsQueued.inc(inserted);
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        for (const delivery of deliveries) delivery.state = 'held';
        return;
      }
      if (deliveries.length === 1) return fail(deliveries[0]!, error);
      for (const delivery of deliveries) await store([delivery]);
    }
  };
  return {
    name: 'persist_logs',
    async run(batch) {
      const pending = batch.filter((delivery) => delivery.state === 'pending');
      if (pending.length > 0) await store(pending);
    },
  };
}
