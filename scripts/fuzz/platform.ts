import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { DLQ_REASON_HEADER, expressConsumer } from '@lumina/core';
import { dropDatabase, migrate, withDatabase } from '@lumina/db';
import { findFreePorts } from '../collector/ports.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const LOG_TAIL_LINES = 40;

/** A service process exiting while the fuzzer runs: a crash. */
export interface ProcessExit {
  service: string;
  code: number | null;
  signal: string | null;
  logTail: string[];
}

export interface FuzzPlatform {
  ingestHttpUrl: string;
  ingestGrpcAddress: string;
  queryUrl: string;
  replayUrl: string;
  processorUrl: string;
  exits: ProcessExit[];
  /** error-level log lines per service (a 5xx is logged at error level) */
  errorLines: Map<string, string[]>;
  /**
   * Waits (at most waitMs) until the processors have settled every accepted payload (stored or
   * dead-lettered), then reads the dead-letter stream of this run.
   */
  deadLetters(waitMs: number): Promise<DeadLetterMessage[]>;
  stop(): Promise<void>;
}

/** One payload the processors dead-lettered: its reason header and the original OTLP bytes. */
export interface DeadLetterMessage {
  seq: number;
  reason: string;
  contentType: string;
  payload: Uint8Array;
}

interface Service {
  name: string;
  entry: string;
  env: Record<string, string>;
  healthUrl: string;
}

/** Waits until GET url answers 200. */
async function waitHealthy(url: string, seconds = 90): Promise<void> {
  for (let i = 0; i < seconds * 10; i += 1) {
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not become healthy within ${seconds} s`);
}

/**
 * The whole platform as separate processes (as `npm start` runs it), on a database and streams
 * of this run's own and free ports. A process that exits is recorded with its last log lines
 * and started again, so one crash does not hide the next.
 */
export async function startFuzzPlatform(options: { natsUrl: string; serverUrl: string; redisUrl: string }): Promise<FuzzPlatform> {
  const id = randomBytes(4).toString('hex');
  const databaseUrl = withDatabase(options.serverUrl, `lumina_fuzz_${id}`);
  await migrate(databaseUrl);
  const queue = {
    SPANS_STREAM: `LUMINA_SPANS_FUZZ${id}`,
    SPANS_SUBJECT: `lumina.fuzz${id}.spans.otlp`,
    DLQ_STREAM: `LUMINA_DLQ_FUZZ${id}`,
    DLQ_SUBJECT: `lumina.fuzz${id}.dlq`,
    PROCESSOR_CONSUMER: `processors-fuzz${id}`,
  };
  const [grpcPort, httpPort, processorPort, upkeepPort, queryPort, replayPort] = await findFreePorts(6);
  const common = { ...queue, NATS_URL: options.natsUrl, DATABASE_URL: databaseUrl, REDIS_URL: options.redisUrl, LOG_LEVEL: 'error' };
  const services: Service[] = [
    {
      name: 'ingest',
      entry: 'ingest/src/main.ts',
      // The daily limit is checked as in production, high enough never to refuse, counted under keys of this run's own.
      env: { INGEST_GRPC_PORT: String(grpcPort), INGEST_HTTP_PORTS: String(httpPort), DAILY_TRACE_LIMIT: '1000000000', DAILY_TRACE_LIMIT_KEY_PREFIX: `lumina-fuzz:${id}:daily-traces:` },
      healthUrl: `http://127.0.0.1:${httpPort}/ready`,
    },
    { name: 'processors', entry: 'processors/src/main.ts', env: { PROCESSOR_HTTP_PORT: String(processorPort) }, healthUrl: `http://127.0.0.1:${processorPort}/health` },
    { name: 'upkeep', entry: 'processors/src/upkeep-main.ts', env: { UPKEEP_HTTP_PORT: String(upkeepPort) }, healthUrl: `http://127.0.0.1:${upkeepPort}/health` },
    { name: 'query-api', entry: 'query-api/src/main.ts', env: { QUERY_API_PORT: String(queryPort), QUERY_CACHE_PREFIX: `lumina-fuzz:${id}:query:` }, healthUrl: `http://127.0.0.1:${queryPort}/health` },
    {
      name: 'replay',
      entry: 'replay/src/main.ts',
      // Simulation only: the fuzzer never calls a real provider or judge.
      env: { REPLAY_PORT: String(replayPort), REPLAY_MODE: 'simulation', REPLAY_JUDGE_ENABLED: 'false', OPENAI_API_KEY: '', ANTHROPIC_API_KEY: '', REPLAY_REDIS_PREFIX: `lumina-fuzz:${id}:replay:`, REPLAY_WORKER_ID: `fuzz-${id}` },
      healthUrl: `http://127.0.0.1:${replayPort}/health`,
    },
  ];

  const exits: ProcessExit[] = [];
  const errorLines = new Map<string, string[]>();
  const children = new Map<string, ChildProcess>();
  let stopping = false;

  const spawnService = (service: Service): ChildProcess => {
    const env: Record<string, string | undefined> = { ...process.env, ...common, ...service.env };
    for (const key of ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY']) if (env[key] === '') delete env[key];
    const child = spawn(process.execPath, ['--import', 'tsx', service.entry], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    const onLine = (line: string) => {
      if (line.trim() === '') return;
      tail.push(line);
      if (tail.length > LOG_TAIL_LINES) tail.shift();
      const lines = errorLines.get(service.name) ?? [];
      lines.push(line);
      errorLines.set(service.name, lines);
    };
    for (const stream of [child.stdout!, child.stderr!]) {
      let buffered = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        buffered += chunk;
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        lines.forEach(onLine);
      });
    }
    child.once('exit', (code, signal) => {
      if (stopping) return;
      exits.push({ service: service.name, code, signal, logTail: [...tail] });
      const again = spawnService(service);
      children.set(service.name, again);
    });
    return child;
  };

  for (const service of services) children.set(service.name, spawnService(service));
  await Promise.all(services.map((service) => waitHealthy(service.healthUrl)));

  return {
    ingestHttpUrl: `http://127.0.0.1:${httpPort}`,
    ingestGrpcAddress: `127.0.0.1:${grpcPort}`,
    queryUrl: `http://127.0.0.1:${queryPort}`,
    replayUrl: `http://127.0.0.1:${replayPort}`,
    processorUrl: `http://127.0.0.1:${processorPort}`,
    exits,
    errorLines,
    async deadLetters(waitMs) {
      const nc = await connect({ servers: options.natsUrl });
      try {
        const jsm = await jetstreamManager(nc);
        const deadline = Date.now() + waitMs;
        // A failing payload is retried (2 s apart) before it is dead-lettered: wait until none is left.
        for (;;) {
          const lanes = await Promise.all([queue.PROCESSOR_CONSUMER, expressConsumer(queue.PROCESSOR_CONSUMER)].map((name) => jsm.consumers.info(queue.SPANS_STREAM, name).catch(() => null)));
          if (lanes.some((lane) => !lane) || lanes.every((lane) => lane!.num_pending === 0 && lane!.num_ack_pending === 0) || Date.now() > deadline) break;
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
        const info = await jsm.streams.info(queue.DLQ_STREAM).catch(() => null);
        if (!info) return [];
        const out: DeadLetterMessage[] = [];
        for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq += 1) {
          const message = await jsm.streams.getMessage(queue.DLQ_STREAM, { seq }).catch(() => null);
          if (!message) continue;
          out.push({
            seq,
            reason: message.header?.get(DLQ_REASON_HEADER) ?? '',
            contentType: message.header?.get('Content-Type') ?? '',
            payload: message.data,
          });
        }
        return out;
      } finally {
        await nc.close();
      }
    },
    async stop() {
      stopping = true;
      await Promise.all(
        [...children.values()].map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve();
              const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
              child.once('exit', () => {
                clearTimeout(timer);
                resolve();
              });
              child.kill('SIGTERM');
            }),
        ),
      );
      const nc = await connect({ servers: options.natsUrl });
      const jsm = await jetstreamManager(nc);
      for (const stream of [queue.SPANS_STREAM, queue.DLQ_STREAM]) await jsm.streams.delete(stream).catch(() => false);
      await nc.close();
      await dropDatabase(databaseUrl);
    },
  };
}
