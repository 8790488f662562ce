import { pino } from 'pino';
import { createProcessor, loadProcessorConfig } from '@lumina/processors';
import { TEST_NATS_URL } from './nats.js';
import type { uniqueQueueNames } from './names.js';

/** A real processor replica on the test's streams and database. */
export async function startTestProcessor(queue: ReturnType<typeof uniqueQueueNames>, databaseUrl: string, overrides: Record<string, string> = {}) {
  const config = loadProcessorConfig({
    NATS_URL: TEST_NATS_URL,
    DATABASE_URL: databaseUrl,
    PROCESSOR_HTTP_PORT: '0',
    PROCESSOR_BATCH_WAIT_MS: '1000',
    LOG_LEVEL: 'silent',
    ...queue,
    ...overrides,
  });
  const processor = createProcessor(config, pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }));
  const { httpPort } = await processor.start();
  return { processor, httpPort };
}
