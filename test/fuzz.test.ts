import { describe, expect, it } from 'vitest';
import { formatFuzzReport } from '../scripts/fuzz/report.js';
import { runFuzz } from '../scripts/fuzz/run.js';

/**
 * `npm run fuzz` on a small count, through the same code: the platform as separate processes,
 * hostile inputs on every target, then a valid export through the official exporters.
 */
describe('hostile input', () => {
  it('2,000 generated inputs crash no process, get no 5xx but 503, dead-letter nothing ingest accepted, and a valid export afterwards is stored whole', async () => {
    const report = await runFuzz({
      seed: 'vitest',
      count: 2_000,
      concurrency: 8,
      timeoutMs: 60_000,
      finalTimeoutMs: 120_000,
      natsUrl: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
      serverUrl: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
      redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    });
    const text = formatFuzzReport(report);
    // Every target was reached and answered (not only refused at the door).
    for (const [target, byLabel] of report.counts) expect([...byLabel.values()].reduce((a, b) => a + b, 0), `${target}\n${text}`).toBeGreaterThan(0);
    expect(report.crashes, text).toEqual([]);
    expect(report.failures, text).toEqual([]);
    // Nothing ingest accepted was dead-lettered by the processors (each reason is in the text).
    expect(report.deadLettered, text).toBe(0);
    expect(report.finalExport.whole, text).toBe(true);
    expect(report.finalExport.traces.map((trace) => trace.stored)).toEqual(report.finalExport.traces.map((trace) => trace.sent));
    expect(report.passed).toBe(true);
  }, 900_000);
});
