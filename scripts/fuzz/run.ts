import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkValidExportStored, type FinalExportResult } from './final-export.js';
import { startFuzzPlatform, type DeadLetterMessage, type ProcessExit } from './platform.js';
import { Random } from './random.js';
import { grpcClients, type Outcome } from './send.js';
import { chooseTarget, describeInput, TARGETS, type Target } from './targets.js';

export interface FuzzOptions {
  seed: string;
  count: number;
  concurrency: number;
  /** per request */
  timeoutMs: number;
  /** how long the valid export after the storm may take to be stored */
  finalTimeoutMs: number;
  /** replay only these input numbers (from a failure's report) */
  only?: number[];
  natsUrl: string;
  serverUrl: string;
  redisUrl: string;
  progress?: (done: number, total: number) => void;
  /** writes each dead-lettered payload here as <seq>.bin with its reason in <seq>.txt (--dlq-dir) */
  dlqDir?: string;
  /** called with each input's outcome as it arrives (--verbose) */
  onOutcome?: (index: number, target: string, outcome: Outcome, input: () => string) => void;
}

export interface Failure {
  index: number;
  target: string;
  outcome: string;
  input: string;
}

export interface FuzzReport {
  seed: string;
  inputs: number;
  seconds: number;
  /** target → outcome label → count */
  counts: Map<string, Map<string, number>>;
  crashes: ProcessExit[];
  /** inputs whose answer was a crash sign, a 5xx other than 503, or a timeout (first 20 of each label) */
  failures: Failure[];
  failureCount: { crash: number; serverError: number };
  nonstandardBodies: Failure[];
  /** the processors' dead-letter counter */
  deadLettered: number;
  /** reason → payloads the processors dead-lettered for it (read from the run's DLQ stream) */
  deadLetterReasons: Map<string, number>;
  errorLines: Map<string, string[]>;
  finalExport: FinalExportResult;
  passed: boolean;
}

async function deadLettered(processorUrl: string): Promise<number> {
  const text = await fetch(`${processorUrl}/metrics`).then((r) => r.text(), () => '');
  return [...text.matchAll(/^lumina_messages_dead_lettered_total(?:\{[^}]*\})? (\S+)$/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
}

async function writeDeadLetters(dir: string, messages: DeadLetterMessage[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const message of messages) {
    await writeFile(join(dir, `${message.seq}.bin`), message.payload);
    await writeFile(join(dir, `${message.seq}.txt`), `${message.contentType}\n${message.reason}\n`);
  }
}

/**
 * Starts the platform, sends `count` generated inputs (input i drawn from its own generator,
 * seeded `seed:i`) with `concurrency` in flight, then a valid export, and reports.
 */
export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const platform = await startFuzzPlatform(options);
  const clients = grpcClients(platform.ingestGrpcAddress);
  const urls = { ingestHttpUrl: platform.ingestHttpUrl, queryUrl: platform.queryUrl, replayUrl: platform.replayUrl, grpc: clients };
  const counts = new Map<string, Map<string, number>>(TARGETS.map((target) => [target.name, new Map()]));
  const failures: Failure[] = [];
  const nonstandardBodies: Failure[] = [];
  const failureCount = { crash: 0, serverError: 0 };
  const indexes = options.only ?? Array.from({ length: options.count }, (_, i) => i);
  const nowMs = Date.now();
  let next = 0;
  let done = 0;

  const record = (index: number, target: string, outcome: Outcome, describe: () => string) => {
    const byLabel = counts.get(target)!;
    byLabel.set(outcome.label, (byLabel.get(outcome.label) ?? 0) + 1);
    if (outcome.crash) failureCount.crash += 1;
    if (outcome.serverError) failureCount.serverError += 1;
    const sameLabel = (list: Failure[]) => list.filter((f) => f.target === target && f.outcome === outcome.label).length;
    if ((outcome.crash || outcome.serverError) && sameLabel(failures) < 20) failures.push({ index, target, outcome: outcome.label, input: describe() });
    if (outcome.nonstandardBody && sameLabel(nonstandardBodies) < 3) nonstandardBodies.push({ index, target, outcome: outcome.label, input: describe() });
  };

  const worker = async () => {
    while (next < indexes.length) {
      const index = indexes[next++]!;
      const random = new Random(`${options.seed}:${index}`);
      const target = chooseTarget(random);
      let input: ReturnType<Target['generate']>;
      try {
        input = target.generate(random, nowMs);
      } catch (error) {
        // A bug of the fuzzer's own: counted apart, never taken for the platform's.
        const label = `fuzzer error: ${error instanceof Error ? error.message : String(error)}`;
        record(index, target.name, { label, crash: false, serverError: false, nonstandardBody: false }, () => 'not generated');
        done += 1;
        continue;
      }
      const outcome = await target.send(input, urls, options.timeoutMs);
      record(index, target.name, outcome, () => describeInput(input));
      options.onOutcome?.(index, target.name, outcome, () => describeInput(input));
      done += 1;
      options.progress?.(done, indexes.length);
    }
  };

  const started = performance.now();
  try {
    await Promise.all(Array.from({ length: options.concurrency }, worker));
    const seconds = (performance.now() - started) / 1000;
    const finalExport = await checkValidExportStored({ httpUrl: platform.ingestHttpUrl, grpcAddress: platform.ingestGrpcAddress }, platform.queryUrl, options.finalTimeoutMs);
    const deadLetters = await platform.deadLetters(options.finalTimeoutMs);
    const deadLetterReasons = new Map<string, number>();
    for (const message of deadLetters) {
      const reason = message.reason || '(no reason header)';
      deadLetterReasons.set(reason, (deadLetterReasons.get(reason) ?? 0) + 1);
    }
    if (options.dlqDir) await writeDeadLetters(options.dlqDir, deadLetters);
    const report: FuzzReport = {
      seed: options.seed,
      inputs: indexes.length,
      seconds,
      counts,
      crashes: [...platform.exits],
      failures,
      failureCount,
      nonstandardBodies,
      deadLettered: Math.max(await deadLettered(platform.processorUrl), deadLetters.length),
      deadLetterReasons,
      errorLines: platform.errorLines,
      finalExport,
      passed: false,
    };
    report.passed = report.crashes.length === 0 && failureCount.crash === 0 && failureCount.serverError === 0 && finalExport.whole && report.deadLettered === 0;
    return report;
  } finally {
    clients.close();
    await platform.stop();
  }
}
