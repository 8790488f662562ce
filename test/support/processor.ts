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
    // JetStream reserves a stream's max_bytes on disk: keep the logs queue of a test small.
    LOGS_STREAM_MAX_BYTES: '67108864',
    ...queue,
    ...overrides,
  });
  const processor = createProcessor(config, pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }));
  const { httpPort } = await processor.start();
  return { processor, httpPort };
}
