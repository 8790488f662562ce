import { describe, expect, it } from 'vitest';
import {
  baselineOf,
  baselinesByEndpoint,
  baselinesByService,
  endpointKey,
  median,
  medianAbsoluteDeviation,
  quantileSorted,
  relativeChange,
  robustStat,
  robustZ,
  RollingWindow,
  type CallObservation,
} from './index.js';

const HOUR = 3_600_000;

function call(overrides: Partial<CallObservation> = {}): CallObservation {
  return { startMs: 0, serviceName: 'chat', name: 'chat gpt-4o', model: 'gpt-4o', costUsd: 0.01, latencyMs: 500, isError: false, qualityScore: 0.9, ...overrides };
}

describe('robust statistics', () => {
  it('median and MAD ignore one outlier where the mean does not', () => {
    const steady = [10, 11, 9, 10, 12, 10, 9, 11];
    const withOutlier = [...steady, 10_000];
    expect(median(withOutlier)).toBe(10);
    expect(medianAbsoluteDeviation(withOutlier)).toBe(1);
    expect(robustStat(withOutlier)!.mean).toBeGreaterThan(1000);
  });

  it('quantiles interpolate between sorted values', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 1)).toBe(4);
    expect(Number.isNaN(quantileSorted([], 0.5))).toBe(true);
  });

  it('robust z of a steady series uses the spread floor, not zero', () => {
    const stat = robustStat([1, 1, 1, 1])!;
    expect(stat.mad).toBe(0);
    expect(robustZ(1.05, stat)).toBeCloseTo(1, 5); // floor: 5% of the median
    expect(robustZ(3, stat)).toBeCloseTo(40, 5);
  });

  it('relative change is null over a zero baseline', () => {
    expect(relativeChange(3, 1)).toBe(2);
    expect(relativeChange(1, 0)).toBeNull();
  });
});

describe('baselineOf', () => {
  const window = { fromMs: 0, toMs: 4 * HOUR, minSamples: 10 };

  it('gives cost per call, cost per hour, latency percentiles, error rate and quality over the window', () => {
    const calls = Array.from({ length: 40 }, (_, i) =>
      call({ startMs: i * (HOUR / 10), costUsd: 0.01, latencyMs: 100 + i, isError: i % 10 === 0, qualityScore: i % 2 === 0 ? 0.8 : 1 }),
    );
    const baseline = baselineOf(calls, window);
    expect(baseline.sampleCount).toBe(40);
    expect(baseline.sufficient).toBe(true);
    expect(baseline.costPerCall!.median).toBeCloseTo(0.01);
    expect(baseline.costPerHour!.median).toBeCloseTo(0.1); // 10 calls an hour
    expect(baseline.costPerHour!.count).toBe(4);
    expect(baseline.latencyMs!.p50).toBeCloseTo(119.5);
    expect(baseline.latencyMs!.p99).toBeGreaterThan(138);
    expect(baseline.errorRate).toBeCloseTo(0.1);
    expect(baseline.errorRateByBucket!.median).toBeCloseTo(0.1);
    expect(baseline.quality!.median).toBeCloseTo(0.9);
  });

  it('one outlier call moves neither the median cost nor its spread', () => {
    const calls = Array.from({ length: 30 }, (_, i) => call({ startMs: i * 1000, costUsd: 0.01 + (i % 3) * 0.001 }));
    const before = baselineOf(calls, window);
    const after = baselineOf([...calls, call({ startMs: 31_000, costUsd: 5 })], window);
    expect(after.costPerCall!.median).toBe(before.costPerCall!.median);
    expect(after.costPerCall!.mad).toBe(before.costPerCall!.mad);
  });

  it('is not sufficient under the minimum sample size, and ignores calls outside the window', () => {
    const calls = [...Array.from({ length: 9 }, (_, i) => call({ startMs: i })), call({ startMs: 5 * HOUR }), call({ startMs: -1 })];
    const baseline = baselineOf(calls, window);
    expect(baseline.sampleCount).toBe(9);
    expect(baseline.sufficient).toBe(false);
  });

  it('counts empty hours as zero cost and leaves out figures no call carried', () => {
    const calls = Array.from({ length: 12 }, (_, i) => call({ startMs: i, costUsd: null, qualityScore: null }));
    const baseline = baselineOf(calls, window);
    expect(baseline.costPerCall).toBeNull();
    expect(baseline.quality).toBeNull();
    expect(baseline.costPerHour!.median).toBe(0);
    expect(baselineOf(calls, { fromMs: 0, toMs: HOUR }).costPerHour).toBeNull(); // under 3 buckets
  });
});

describe('baselines per endpoint and per service', () => {
  it('groups by (service, span name, model) and by service', () => {
    const calls = [
      call({ costUsd: 1 }),
      call({ costUsd: 3 }),
      call({ model: 'gpt-4o-mini', name: 'chat gpt-4o-mini', costUsd: 0.1 }),
      call({ serviceName: 'search', costUsd: 7 }),
    ];
    const window = { fromMs: 0, toMs: HOUR, minSamples: 1 };
    const byEndpoint = baselinesByEndpoint(calls, window);
    expect(byEndpoint.size).toBe(3);
    expect(byEndpoint.get(endpointKey(call()))!.costPerCall!.median).toBe(2);
    const byService = baselinesByService(calls, window);
    expect(byService.get('chat')!.sampleCount).toBe(3);
    expect(byService.get('search')!.costPerCall!.median).toBe(7);
  });
});

describe('RollingWindow', () => {
  it('keeps the last windowMs of event time and at most maxItems, late items in order', () => {
    const window = new RollingWindow<{ startMs: number }>({ windowMs: 100, maxItems: 3 });
    window.add({ startMs: 10 });
    window.add({ startMs: 50 });
    window.add({ startMs: 30 });
    expect(window.values().map((item) => item.startMs)).toEqual([10, 30, 50]);
    window.add({ startMs: 60 });
    expect(window.values().map((item) => item.startMs)).toEqual([30, 50, 60]);
    window.add({ startMs: 145 });
    expect(window.values().map((item) => item.startMs)).toEqual([50, 60, 145]);
    window.evict(300);
    expect(window.size).toBe(0);
  });
});
