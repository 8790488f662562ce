export { DAY_MS, dayStartMs, expiryCutoff, isDayExpired, utcDayOf } from './expiry.js';
export { longestTraceRetentionDays, retentionPolicy, shortestTraceRetentionDays, traceRetentionDaysOf, type RetentionPolicy } from './retention-policy.js';
export { planDayPartitions, projectsExpiredOn, type PartitionPlan } from './partition-plan.js';
export { dayOfPartition, dayPartitionName } from './partition-names.js';
export { nextCleanupRun, parseCleanupSchedule, type CleanupSchedule } from './cleanup-schedule.js';
