import { describe, expect, it } from 'vitest';
import { LATENCY_MAX_MS, LATENCY_MIN_MS, latencyBucketIndex } from '@lumina/core';
import { useTestDatabase } from '@lumina/db/testing';

const db = useTestDatabase('lumina_query_test');

describe('lumina_latency_bucket() in Postgres', () => {
  it('puts every latency in the same bucket as core/src/sketch, from 0 to beyond the range', async () => {
    const latencies = [0, -1, 0.0005, LATENCY_MIN_MS, 0.0015, 1, 2.5, 999.999, 1000, 1234.567, 60_000, LATENCY_MAX_MS, LATENCY_MAX_MS * 3];
    for (let value = LATENCY_MIN_MS; value < LATENCY_MAX_MS; value *= 1.0007) latencies.push(Math.round(value * 1000) / 1000);
    const { rows } = await db.pool.query<{ bucket: number }>('SELECT lumina_latency_bucket(v) AS bucket FROM unnest($1::float8[]) WITH ORDINALITY AS u(v, i) ORDER BY i', [latencies]);
    const mismatches = latencies.filter((latency, i) => rows[i]?.bucket !== latencyBucketIndex(latency));
    expect(mismatches).toEqual([]);
    expect(latencies.length).toBeGreaterThan(30_000);
  });
});
