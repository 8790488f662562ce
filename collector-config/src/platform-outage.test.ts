/**
 * Lumina away loses nothing: the stock collector in front of the real platform keeps what
 * apps send while ingest is down for 30 s (and while the collector itself restarts), then
 * delivers it, and Postgres ends up with every span exactly once.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestIngest } from '../../test/support/ingest.js';
import { startPlatform, type TestPlatform } from '../../test/support/platform.js';
import { findFreePort, freeCollectorPorts, startCollector, type RunningCollector } from '../../scripts/collector/index.js';
import { startLlmTraffic } from './testing/llm-traffic.js';
import { storedCounts as stored } from './testing/stored-counts.js';

/** What the issue asks for; keep it. */
const OUTAGE_MS = 30_000;
/** The collector restarts this long into the outage, with data queued on disk. */
const COLLECTOR_RESTART_AFTER_MS = 8_000;
const SEND_EVERY_MS = 200;

let platform: TestPlatform;
let storageDir = '';
beforeAll(async () => {
  storageDir = await mkdtemp(join(tmpdir(), 'lumina-collector-outage-'));
  platform = await startPlatform();
});
afterAll(async () => {
  await platform?.stop();
  await rm(storageDir, { recursive: true, force: true });
});

describe('the stock collector while Lumina is away', () => {
  it(`loses nothing when ingest is down for ${OUTAGE_MS / 1000} s under traffic, collector restart included; every span stored once`, async () => {
    // The collector's ingest: a real one publishing to the platform's stream, on a port of
    // its own so that a second one can take the same port after the outage.
    const ingestPort = await findFreePort();
    const startIngest = () => startTestIngest(platform.queue, { INGEST_HTTP_PORTS: String(ingestPort) });
    let ingest: Awaited<ReturnType<typeof startIngest>> | null = await startIngest();
    const ports = await freeCollectorPorts();
    const env = {
      ...ports,
      LUMINA_INGEST_ENDPOINT: `http://127.0.0.1:${ingestPort}`,
      LUMINA_LLM_DECISION_WAIT: '1s',
      LUMINA_LLM_DECISION_WAIT_AFTER_ROOT: '500ms',
      // Retry every 2 s at most (default 10 s), so delivery after the outage is quick.
      LUMINA_INGEST_RETRY_MAX_INTERVAL: '2s',
      LUMINA_COLLECTOR_STORAGE_DIR: storageDir,
    };
    let collector: RunningCollector | null = await startCollector('stock', { env });
    const traffic = startLlmTraffic(() => ({ grpcPort: Number(ports.LUMINA_COLLECTOR_OTLP_GRPC_PORT), httpPort: Number(ports.LUMINA_COLLECTOR_OTLP_HTTP_PORT) }), SEND_EVERY_MS, 'outage');
    try {
      await sleep(3_000);
      await ingest.ingest.stop();
      ingest = null;
      const outageStartedAt = Date.now();
      const sentBeforeOutage = traffic.counts.spans;

      await sleep(COLLECTOR_RESTART_AFTER_MS);
      await traffic.pause();
      await collector.stop();
      collector = null;
      collector = await startCollector('stock', { env });
      traffic.resume();

      await sleep(outageStartedAt + OUTAGE_MS - Date.now());
      const sentDuringOutage = traffic.counts.spans - sentBeforeOutage;
      const storedDuringOutage = await stored(platform.databaseUrl);
      ingest = await startIngest();
      await sleep(3_000); // traffic keeps flowing after Lumina is back
      await traffic.stop();

      const sent = traffic.counts;
      const deadline = Date.now() + 60_000;
      while ((await stored(platform.databaseUrl)).spans < sent.spans && Date.now() < deadline) await sleep(250);
      await sleep(2_000); // a duplicate or a late straggler would show now

      // The outage was real: traffic flowed throughout, and nothing sent meanwhile was stored.
      expect(sentDuringOutage).toBeGreaterThan(50);
      expect(storedDuringOutage.spans).toBeLessThanOrEqual(sentBeforeOutage);
      expect(await stored(platform.databaseUrl)).toEqual({ spans: sent.spans, spanCountSum: sent.spans, traces: sent.traces });
    } finally {
      await traffic.stop().catch(() => {});
      await collector?.stop();
      await ingest?.ingest.stop();
    }
  }, 120_000);
});
