import { describe, expect, it } from 'vitest';
import { plottedAverage } from './quality-trend';

describe("a quality trend's average", () => {
  it('weights each bucket by its scored calls and skips empty buckets', () => {
    expect(plottedAverage([{ scored_count: 3, avg_score: 1 }, { scored_count: 0, avg_score: null }, { scored_count: 1, avg_score: 0.2 }])).toBeCloseTo(0.8, 12);
    expect(plottedAverage([{ scored_count: 0, avg_score: null }])).toBeNull();
  });
});
