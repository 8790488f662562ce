/** A quality trend's overall average: each bucket's average weighted by its scored calls (null without any). */
export function plottedAverage(trend: { scored_count: number; avg_score: number | null }[]): number | null {
  let sum = 0;
  let count = 0;
  for (const bucket of trend) {
    if (bucket.avg_score === null || bucket.scored_count === 0) continue;
    sum += bucket.avg_score * bucket.scored_count;
    count += bucket.scored_count;
  }
  return count === 0 ? null : sum / count;
}
