import type { JsMsg } from '@nats-io/jetstream';
import type { Logger } from 'pino';
import { errorText } from '@lumina/runtime';
import type { ProcessorMetrics } from './metrics.js';
import { fail, newDelivery, type Delivery, type Stage } from './stage.js';

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

/** Runs per-delivery stages delivery by delivery, timing each stage over the whole batch. */
function runEach(stages: Stage[], batch: Delivery[], metrics: ProcessorMetrics): void {
  const seconds = stages.map(() => 0);
  for (const delivery of batch) {
    stages.forEach((stage, i) => {
      const started = performance.now();
      stage.handleOne!(delivery);
      seconds[i]! += (performance.now() - started) / 1000;
    });
  }
  stages.forEach((stage, i) => metrics.stageSeconds.observe({ stage: stage.name }, seconds[i]!));
}

async function runBatchStage(stage: Stage, batch: Delivery[], metrics: ProcessorMetrics, logger: Logger): Promise<void> {
  const stopStageTimer = metrics.stageSeconds.startTimer({ stage: stage.name });
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
export function pipeline(stages: Stage[], metrics: ProcessorMetrics, logger: Logger): (messages: JsMsg[]) => Promise<void> {
  const plan = steps(stages);
  return async (messages) => {
    const stopBatchTimer = metrics.batchSeconds.startTimer();
    const batch = messages.map(newDelivery);
    for (const step of plan) {
      if (step.kind === 'each') runEach(step.stages, batch, metrics);
      else await runBatchStage(step.stage, batch, metrics, logger);
    }
    logger.debug({ messages: messages.length, seconds: stopBatchTimer() }, 'batch processed');
  };
}
