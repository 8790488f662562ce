import { describe, expect, it } from 'vitest';
import { topCostCalls } from './top-cost';

/** A spans API over these costs: newest first (here: array order), `min_cost`, pages of `pageSize`. */
function api(costs: number[], pageSize: number) {
  const asked: number[] = [];
  const page = async (minCost: number) => {
    asked.push(minCost);
    const matching = costs.filter((cost) => cost >= minCost).map((cost_usd) => ({ cost_usd }));
    return { data: matching.slice(0, pageSize), has_more: matching.length > pageSize };
  };
  return { page, asked };
}

describe('the costliest calls', () => {
  it('are exact when many calls cost more than the mean: the threshold rises until they fit a page', async () => {
    const costs = Array.from({ length: 5_000 }, (_, i) => ((i * 7919) % 5_000) / 1000);
    const mean = costs.reduce((a, b) => a + b, 0) / costs.length;
    const { page, asked } = api(costs, 500);
    const result = await topCostCalls(page, mean, 10);
    expect(result.exact).toBe(true);
    expect(result.calls.map((c) => c.cost_usd)).toEqual([...costs].sort((a, b) => b - a).slice(0, 10));
    expect(asked.length).toBeGreaterThan(1);
  });

  it('lower the threshold when fewer than N calls reach the mean', async () => {
    const costs = [100, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
    const { page } = api(costs, 500);
    const result = await topCostCalls(page, costs.reduce((a, b) => a + b, 0) / costs.length, 10);
    expect(result).toEqual({ calls: [100, 1, 1, 1, 1, 1, 1, 1, 1, 1].map((cost_usd) => ({ cost_usd })), exact: true });
  });
});
