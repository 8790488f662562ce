/**
 * The costliest LLM calls of a range. The spans API lists newest first and filters by
 * `min_cost`, so the threshold is moved until every call at or above it fits in one page:
 * then the top N among them are exactly the top N of the range.
 */
export interface CostedCall {
  cost_usd: number | null;
}

export interface TopCostResult<C> {
  calls: C[];
  /** false when the search gave up (then `calls` is the best found: the top of one page) */
  exact: boolean;
}

export async function topCostCalls<C extends CostedCall>(
  page: (minCostUsd: number) => Promise<{ data: C[]; has_more: boolean }>,
  meanCostUsd: number,
  count: number,
  maxRounds = 8,
): Promise<TopCostResult<C>> {
  let threshold = meanCostUsd > 0 ? meanCostUsd : 0;
  let best: C[] = [];
  for (let round = 0; round < maxRounds; round += 1) {
    const { data, has_more } = await page(threshold);
    const sorted = [...data].sort((a, b) => (b.cost_usd ?? 0) - (a.cost_usd ?? 0)).slice(0, count);
    if (sorted.length > best.length || has_more) best = sorted;
    if (has_more) {
      threshold = threshold > 0 ? threshold * 4 : 1e-9;
      continue;
    }
    if (data.length >= count || threshold === 0) return { calls: sorted, exact: true };
    threshold = threshold < 1e-9 ? 0 : threshold / 8;
  }
  return { calls: best, exact: false };
}
