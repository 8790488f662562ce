import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { createReplayService, loadReplayConfig, type ReplayService } from '../src/index.js';

export interface TestReplay {
  service: ReplayService;
  url: string;
  /** the Redis key prefix of this test's own */
  redisPrefix: string;
  stop(): Promise<void>;
}

/** A unique Redis key prefix for one test file, so judge verdicts never leak between tests. */
export function testRedisPrefix(): string {
  return `lumina-test:replay:${randomBytes(5).toString('hex')}:`;
}

/**
 * A replay service on a free port over the given database, quiet, with no provider keys
 * unless the env gives them (process.env is not read), fast polls and leases for tests.
 */
export async function startTestReplay(databaseUrl: string, env: Record<string, string> = {}): Promise<TestReplay> {
  const redisPrefix = env.REPLAY_REDIS_PREFIX ?? testRedisPrefix();
  const config = loadReplayConfig({
    DATABASE_URL: databaseUrl,
    REPLAY_PORT: '0',
    LOG_LEVEL: 'silent',
    REPLAY_POLL_INTERVAL_MS: '200',
    REPLAY_RETRY_BASE_DELAY_MS: '10',
    REPLAY_REDIS_PREFIX: redisPrefix,
    ...env,
  });
  const service = createReplayService(config, pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }));
  const { port } = await service.start();
  return { service, url: `http://127.0.0.1:${port}`, redisPrefix, stop: () => service.stop() };
}

/** JSON over HTTP: the status and the parsed body. */
export async function call<T = any>(url: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${url}${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  const text = await response.text();
  return { status: response.status, body: (text === '' ? null : JSON.parse(text)) as T };
}
