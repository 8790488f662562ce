import { isDayExpired } from './expiry.js';
import { longestTraceRetentionDays, shortestTraceRetentionDays, traceRetentionDaysOf, type RetentionPolicy } from './retention-policy.js';

/**
 * What retention does to the day partitions of a table holding every project's spans:
 *   drop:    days expired for every project (older than the longest retention), dropped whole
 *   partial: days kept because some project still keeps them, but where a project with a
 *            shorter retention may have expired rows, removed by a delete scoped to that project
 * Days are `YYYY-MM-DD`, ascending.
 */
export interface PartitionPlan {
  drop: string[];
  partial: string[];
}

/** Splits the existing partition days into those dropped whole and those checked project by project. */
export function planDayPartitions(days: Iterable<string>, now: Date, policy: RetentionPolicy): PartitionPlan {
  const longest = longestTraceRetentionDays(policy);
  const shortest = shortestTraceRetentionDays(policy);
  const plan: PartitionPlan = { drop: [], partial: [] };
  for (const day of [...new Set(days)].sort()) {
    if (isDayExpired(day, now, longest)) plan.drop.push(day);
    else if (isDayExpired(day, now, shortest)) plan.partial.push(day);
  }
  return plan;
}

/** Of the projects with rows on `day`, those whose retention has expired the day. */
export function projectsExpiredOn(day: string, projectIds: Iterable<string>, now: Date, policy: RetentionPolicy): string[] {
  return [...projectIds].filter((projectId) => isDayExpired(day, now, traceRetentionDaysOf(policy, projectId))).sort();
}
