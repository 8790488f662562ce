/**
 * The costliest LLM calls of a range. The spans API lists newest first and filters by
 * `min_cost`, so the threshold is searched (grown, shrunk, then bisected) until every call at
 * or above it fits in one page and there are at least N of them: then the top N among them
 * are exactly the top N of the range.
 */
export interface CostedCall {
  cost_usd: number | null;
}

export interface TopCostResult<C> {
  calls: C[];
  /** false when the search gave up (then `calls` is the best found: the top of one page) */
  exact: boolean;
}

/** The next threshold between one known to match too many (`tooMany`) and one known to match too few (`tooFew`). */
function nextThreshold(current: number, tooMany: number | null, tooFew: number | null): number {
  if (tooFew === null) return current > 0 ? current * 4 : 1e-9;
  if (tooMany === null) return current < 1e-9 ? 0 : current / 8;
  return tooMany > 0 ? Math.sqrt(tooMany * tooFew) : tooFew / 8;
}

export async function topCostCalls<C extends CostedCall>(
  page: (minCostUsd: number) => Promise<{ data: C[]; has_more: boolean }>,
  meanCostUsd: number,
  count: number,
  maxRounds = 16,
): Promise<TopCostResult<C>> {
  const byCost = (calls: C[]) => [...calls].sort((a, b) => (b.cost_usd ?? 0) - (a.cost_usd ?? 0)).slice(0, count);
  let threshold = meanCostUsd > 0 ? meanCostUsd : 0;
  let tooMany: number | null = null;
  let tooFew: number | null = null;
  let best: C[] = [];
  for (let round = 0; round < maxRounds; round += 1) {
    const { data, has_more } = await page(threshold);
    const top = byCost(data);
    if (!has_more && (data.length >= count || threshold === 0)) return { calls: top, exact: true };
    if (top.length > best.length) best = top;
    if (has_more) tooMany = threshold;
    else tooFew = threshold;
    threshold = nextThreshold(threshold, tooMany, tooFew);
  }
  return { calls: best, exact: false };
}
