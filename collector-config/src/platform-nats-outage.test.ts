/**
 * NATS away loses nothing and duplicates nothing: the nats collector publishes straight to
 * JetStream, so here JetStream itself goes away. A private nats-server (never the shared
 * one) carries the platform's stream; apps keep sending LLM traces to the collector while
 * it is stopped for 30 s, and the collector restarts 8 s into the outage with its queue on
 * disk. Once NATS is back, Postgres holds every span once, and so does the stream.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startPlatform, type TestPlatform } from '../../test/support/platform.js';
import { ensureCollector, freeCollectorPorts, startCollector, type RunningCollector } from '../../scripts/collector/index.js';
import { startLlmTraffic } from './testing/llm-traffic.js';
import { startPrivateNats, type PrivateNats } from './testing/private-nats.js';
import { storedCounts } from './testing/stored-counts.js';

/** What the issue asks for; keep it. */
const OUTAGE_MS = 30_000;
const COLLECTOR_RESTART_AFTER_MS = 8_000;
const SEND_EVERY_MS = 200;

let nats: PrivateNats;
let platform: TestPlatform;
let storageDir = '';
// A cold cache builds the collector first (minutes); every later run finds it at once.
beforeAll(async () => {
  await ensureCollector('nats');
}, 20 * 60_000);
beforeAll(async () => {
  storageDir = await mkdtemp(join(tmpdir(), 'lumina-nats-outage-'));
  nats = await startPrivateNats();
  // Ingest (which creates the stream) and the processor on the private server too.
  platform = await startPlatform({ ingestEnv: { NATS_URL: nats.url }, processorEnv: { NATS_URL: nats.url } });
});
afterAll(async () => {
  await platform?.stop();
  await nats?.destroy();
  await rm(storageDir, { recursive: true, force: true });
});

describe('the nats collector while JetStream is away', () => {
  it(`loses nothing when NATS is down for ${OUTAGE_MS / 1000} s under traffic, collector restart included; every span stored once`, async () => {
    const ports = await freeCollectorPorts();
    const env = {
      ...ports,
      LUMINA_NATS_URL: nats.url,
      LUMINA_NATS_SUBJECT: platform.queue.SPANS_SUBJECT,
        LUMINA_NATS_LOGS_SUBJECT: platform.queue.LOGS_SUBJECT,
      LUMINA_LLM_DECISION_WAIT: '1s',
      LUMINA_LLM_DECISION_WAIT_AFTER_ROOT: '500ms',
      // Retry every 2 s at most (default 10 s), so delivery after the outage is quick.
      LUMINA_INGEST_RETRY_MAX_INTERVAL: '2s',
      LUMINA_COLLECTOR_STORAGE_DIR: storageDir,
    };
    let collector: RunningCollector | null = await startCollector('nats', { env });
    const traffic = startLlmTraffic(() => ({ grpcPort: Number(ports.LUMINA_COLLECTOR_OTLP_GRPC_PORT), httpPort: Number(ports.LUMINA_COLLECTOR_OTLP_HTTP_PORT) }), SEND_EVERY_MS, 'nats-outage');
    try {
      await sleep(3_000);
      await nats.stop();
      const outageStartedAt = Date.now();
      const sentBeforeOutage = traffic.counts.spans;

      // The collector restarts with its queue on disk, and starts while NATS is unreachable.
      await sleep(COLLECTOR_RESTART_AFTER_MS);
      await traffic.pause();
      await collector.stop();
      collector = null;
      collector = await startCollector('nats', { env });
      traffic.resume();

      await sleep(outageStartedAt + OUTAGE_MS - Date.now());
      const sentDuringOutage = traffic.counts.spans - sentBeforeOutage;
      const storedDuringOutage = await storedCounts(platform.databaseUrl);
      await nats.start();
      await sleep(3_000); // traffic keeps flowing after NATS is back
      await traffic.stop();

      const sent = traffic.counts;
      const deadline = Date.now() + 60_000;
      while ((await storedCounts(platform.databaseUrl)).spans < sent.spans && Date.now() < deadline) await sleep(250);
      await sleep(2_000); // a duplicate or a late straggler would show now

      // The outage was real: traffic flowed throughout, and nothing sent meanwhile was stored.
      expect(sentDuringOutage).toBeGreaterThan(50);
      expect(storedDuringOutage.spans).toBeLessThanOrEqual(sentBeforeOutage);
      expect(await storedCounts(platform.databaseUrl)).toEqual({ spans: sent.spans, spanCountSum: sent.spans, traces: sent.traces });

      // Nor did the stream get anything twice: retried publishes were deduplicated by id, so
      // the processors (the stream is a work queue: it keeps nothing once processed) never
      // saw a span again.
      const metrics = await (await fetch(`${platform.processorUrl}/metrics`)).text();
      expect(Number(metrics.match(/^lumina_spans_stored_total (\d+)/m)?.[1])).toBe(sent.spans);
      expect(Number(metrics.match(/^lumina_spans_redelivered_total (\d+)/m)?.[1])).toBe(0);
    } finally {
      await traffic.stop().catch(() => {});
      await collector?.stop();
    }
  }, 150_000);
});
