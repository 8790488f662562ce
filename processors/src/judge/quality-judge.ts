import type { Logger } from 'pino';
import {
  buildQualityJudgePrompt,
  parseQualityJudgeReply,
  qualityJudgeCacheKey,
  withJudgeVerdict,
  type QualitySignals,
  type SpanRecord,
} from '@lumina/core';
import { applyJudgedQuality } from '@lumina/db';
import { errorText } from '@lumina/runtime';
import type pg from 'pg';
import type { JudgeClient } from './judge-client.js';
import type { JudgeStore, Verdict } from './judge-store.js';

/** What the judge needs of a stored call (copied out of the record, so the batch can go). */
export interface JudgeTask {
  projectId: string;
  traceId: string;
  spanId: string;
  startUs: number;
  prompt: string | null;
  systemPrompt: string | null;
  response: string;
  localScore: number;
  signals: QualitySignals;
}

export type JudgeOutcome = 'judged' | 'cache_hit' | 'over_budget' | 'dropped' | 'failed';

export interface QualityJudgeOptions {
  client: JudgeClient;
  store: JudgeStore;
  db: pg.Pool;
  logger: Logger;
  maxPerMinute: number;
  /** tasks waiting at most; more are dropped (counted) */
  queueMax: number;
  /** calls to the judge at once */
  concurrency: number;
  onOutcome?: (outcome: JudgeOutcome) => void;
  /** the clock of the budget (injectable for tests) */
  now?: () => number;
}

/** The judge tier off the ingest path: a bounded queue drained by a few workers. */
export interface QualityJudge {
  /** queues a stored borderline call; never waits */
  offer(task: JudgeTask): void;
  /** resolves when nothing is queued or being judged (tests, shutdown) */
  idle(): Promise<void>;
  /** stops taking tasks, aborts calls in flight, waits for the workers */
  stop(): Promise<void>;
}

/** A judge task from a stored record (null when the record has no score or no answer). */
export function judgeTask(record: SpanRecord): JudgeTask | null {
  if (record.qualityScore === null || record.response === null) return null;
  return {
    projectId: record.projectId,
    traceId: record.traceId,
    spanId: record.spanId,
    startUs: Number(record.startTimeUnixNano / 1000n),
    prompt: record.prompt,
    systemPrompt: record.systemPrompt,
    response: record.response,
    localScore: record.qualityScore,
    signals: record.qualitySignals ?? {},
  };
}

export function createQualityJudge(options: QualityJudgeOptions): QualityJudge {
  const queue: JudgeTask[] = [];
  const abort = new AbortController();
  const now = options.now ?? Date.now;
  let running = 0;
  let stopped = false;
  let idleWaiters: Array<() => void> = [];

  const settleIdle = () => {
    if (queue.length > 0 || running > 0) return;
    for (const resolve of idleWaiters.splice(0)) resolve();
  };

  async function verdictFor(task: JudgeTask, key: string): Promise<{ verdict: Verdict; outcome: JudgeOutcome } | { outcome: JudgeOutcome }> {
    const cached = await options.store.cached(key);
    if (cached) return { verdict: cached, outcome: 'cache_hit' };
    if (!(await options.store.takeBudget(options.maxPerMinute, now()))) return { outcome: 'over_budget' };
    const reply = parseQualityJudgeReply(await options.client.ask(buildQualityJudgePrompt(task), abort.signal));
    if (!reply.ok) throw reply.error;
    await options.store.remember(key, reply.verdict);
    return { verdict: reply.verdict, outcome: 'judged' };
  }

  async function judge(task: JudgeTask): Promise<JudgeOutcome> {
    const key = qualityJudgeCacheKey(task, options.client.model);
    const result = await verdictFor(task, key);
    if (!('verdict' in result)) return result.outcome;
    const settled = withJudgeVerdict(task.localScore, task.signals, result.verdict, options.client.model);
    await applyJudgedQuality(options.db, { ...task, score: settled.score, signals: { judge: settled.signals.judge } });
    return result.outcome;
  }

  async function work(): Promise<void> {
    running += 1;
    try {
      for (let task = queue.shift(); task && !stopped; task = queue.shift()) {
        const outcome = await judge(task).catch((error: unknown) => {
          if (!stopped) options.logger.warn({ err: errorText(error), traceId: task!.traceId, spanId: task!.spanId }, 'quality judge failed; the local score stays');
          return 'failed' as const;
        });
        options.onOutcome?.(outcome);
      }
    } finally {
      running -= 1;
      settleIdle();
    }
  }

  return {
    offer(task) {
      if (stopped) return;
      if (queue.length >= options.queueMax) {
        options.onOutcome?.('dropped');
        return;
      }
      queue.push(task);
      if (running < options.concurrency) void work();
    },
    idle() {
      if (queue.length === 0 && running === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    async stop() {
      stopped = true;
      queue.length = 0;
      abort.abort();
      await this.idle();
      idleWaiters = [];
    },
  };
}
