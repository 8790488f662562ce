import { pino } from 'pino';
import { createIngest, loadIngestConfig, type IngestAddresses } from '@lumina/ingest';
import { TEST_NATS_URL } from './nats.js';

/** A real ingest on free ports, publishing to the given test stream. */
export async function startTestIngest(queue: { SPANS_STREAM: string; SPANS_SUBJECT: string }, overrides: Record<string, string> = {}) {
  const config = loadIngestConfig({
    NATS_URL: TEST_NATS_URL,
    INGEST_GRPC_PORT: '0',
    INGEST_HTTP_PORTS: '0',
    LOG_LEVEL: 'silent',
    // JetStream reserves a stream's max_bytes on disk: keep the logs queue of a test small.
    LOGS_STREAM_MAX_BYTES: '67108864',
    // Daily trace counts of this test's own, so that tests never share (or exhaust) one.
    DAILY_TRACE_LIMIT_KEY_PREFIX: `lumina-test:${queue.SPANS_STREAM}:daily-traces:`,
    ...queue,
    ...overrides,
  });
  const ingest = createIngest(config, pino({ level: 'silent' }));
  const addresses: IngestAddresses = await ingest.start();
  return { ingest, grpcPort: addresses.grpcPort, httpPort: addresses.httpPorts[0]! };
}
