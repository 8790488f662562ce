import type { JsMsg } from '@nats-io/jetstream';
import type { Logger } from 'pino';
import { errorText } from '@lumina/runtime';
import type { ProcessorMetrics } from './metrics.js';
import { fail, newDelivery, type Delivery, type Stage } from './stage.js';

/** Which stream a pipeline reads: the spans' bulk subject or express lane, or the logs. */
export type Lane = 'bulk' | 'express' | 'logs';

/** Consecutive per-delivery stages run as one pass over the batch; the others run on their own. */
type Step = { kind: 'batch'; stage: Stage } | { kind: 'each'; stages: Stage[] };

function steps(stages: Stage[]): Step[] {
  const result: Step[] = [];
  for (const stage of stages) {
    const last = result.at(-1);
    if (stage.handleOne && last?.kind === 'each') last.stages.push(stage);
    else result.push(stage.handleOne ? { kind: 'each', stages: [stage] } : { kind: 'batch', stage });
  }
  return result;
}

/**
 * The longest a pass over a batch keeps the event loop before it lets other work run: an
 * express-lane batch, or another batch's database answer, waits at most about this long.
 */
const SLICE_MS = 5;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs per-delivery stages delivery by delivery, timing each stage over the whole batch, and
 * gives the event loop back between deliveries every SLICE_MS.
 */
async function runEach(stages: Stage[], batch: Delivery[], metrics: ProcessorMetrics, lane: Lane): Promise<void> {
  const seconds = stages.map(() => 0);
  let sliceStarted = performance.now();
  for (const delivery of batch) {
    if (performance.now() - sliceStarted > SLICE_MS) {
      await yieldToEventLoop();
      sliceStarted = performance.now();
    }
    stages.forEach((stage, i) => {
      const started = performance.now();
      stage.handleOne!(delivery);
      seconds[i]! += (performance.now() - started) / 1000;
    });
  }
  stages.forEach((stage, i) => metrics.stageSeconds.observe({ stage: stage.name, lane }, seconds[i]!));
}

async function runBatchStage(stage: Stage, batch: Delivery[], metrics: ProcessorMetrics, logger: Logger, lane: Lane): Promise<void> {
  const stopStageTimer = metrics.stageSeconds.startTimer({ stage: stage.name, lane });
  try {
    await stage.run(batch);
  } catch (error) {
    logger.error({ stage: stage.name, err: errorText(error) }, 'stage failed for the whole batch');
    for (const delivery of batch) if (delivery.state === 'pending') fail(delivery, error);
  } finally {
    stopStageTimer();
  }
}

/**
 * Runs a batch of stream messages through the stages in order. A stage that throws as a
 * whole fails the deliveries still pending, and the stages after it (acknowledge last) still
 * run, so every message is acked, retried or dead-lettered.
 */
export function pipeline(stages: Stage[], metrics: ProcessorMetrics, logger: Logger, lane: Lane = 'bulk'): (messages: JsMsg[]) => Promise<void> {
  const plan = steps(stages);
  return async (messages) => {
    const stopBatchTimer = metrics.batchSeconds.startTimer({ lane });
    const nowNanos = Date.now() * 1e6;
    for (const message of messages) {
      const arrivedNanos = message.info?.timestampNanos;
      if (arrivedNanos !== undefined) metrics.queueWaitSeconds.observe({ lane }, Math.max(0, nowNanos - arrivedNanos) / 1e9);
    }
    const batch = messages.map(newDelivery);
    for (const step of plan) {
      if (step.kind === 'each') await runEach(step.stages, batch, metrics, lane);
      else await runBatchStage(step.stage, batch, metrics, logger, lane);
    }
    logger.debug({ messages: messages.length, seconds: stopBatchTimer() }, 'batch processed');
  };
}
