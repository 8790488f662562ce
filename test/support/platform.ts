import { pino } from 'pino';
import { createUpkeep, loadUpkeepConfig } from '@lumina/processors';
import { createQueryApi, loadQueryApiConfig } from '@lumina/query-api';
import { createTestDatabase } from '@lumina/db/testing';
import { startTestIngest } from './ingest.js';
import { uniqueQueueNames } from './names.js';
import { deleteStreams } from './nats.js';
import { startTestProcessor } from './processor.js';

export interface TestPlatform {
  databaseUrl: string;
  queue: ReturnType<typeof uniqueQueueNames>;
  grpcPort: number;
  httpPort: number;
  queryUrl: string;
  /** the processor replica's /health and /metrics */
  processorUrl: string;
  stop(): Promise<void>;
}

/**
 * The whole platform in this process, as `npm start` wires it: real ingest, a processor
 * replica, the upkeep process and the query API, on a database and streams of this test's own, on free ports.
 */
export async function startPlatform(
  options: { processorEnv?: Record<string, string>; ingestEnv?: Record<string, string>; queryEnv?: Record<string, string> } = {},
): Promise<TestPlatform> {
  const db = await createTestDatabase('lumina_e2e');
  const queue = uniqueQueueNames();
  const ingest = await startTestIngest(queue, { DATABASE_URL: db.url, ...options.ingestEnv });
  const { processor, httpPort: processorPort } = await startTestProcessor(queue, db.url, options.processorEnv);
  const upkeep = createUpkeep(loadUpkeepConfig({ DATABASE_URL: db.url, UPKEEP_HTTP_PORT: '0', LOG_LEVEL: 'silent' }), pino({ level: 'silent' }));
  await upkeep.start();
  const queryApi = createQueryApi(
    loadQueryApiConfig({ DATABASE_URL: db.url, QUERY_API_PORT: '0', LOG_LEVEL: 'silent', QUERY_CACHE_PREFIX: `lumina-test:${queue.SPANS_STREAM}:`, ...options.queryEnv }),
    pino({ level: 'silent' }),
  );
  const { port } = await queryApi.start();
  return {
    databaseUrl: db.url,
    queue,
    grpcPort: ingest.grpcPort,
    httpPort: ingest.httpPort,
    queryUrl: `http://127.0.0.1:${port}`,
    processorUrl: `http://127.0.0.1:${processorPort}`,
    async stop() {
      await ingest.ingest.stop();
      await processor.stop();
      await upkeep.stop();
      await queryApi.stop();
      await deleteStreams(queue.SPANS_STREAM, queue.DLQ_STREAM, queue.FACTS_STREAM);
      await db.drop();
    },
  };
}
