// @lumina/db: migrations and the stored-data contract (ARCHITECTURE.md "Folders"): the tables'
// rows, the batch statement every write goes through, the upkeep it leaves, and the readers.
export { migrate } from './migrate.js';
export { checkoutClient, inTransaction } from './checkout.js';
export { ensureDatabase, dropDatabase } from './ensure-database.js';
export { ensureSpanPartitions, daysAround, utcDay } from './partitions.js';
export { splitDatabaseUrl, withDatabase } from './database-url.js';

// write
export { createSpanWriter, type SpanWriter } from './write/span-writer.js';
export { ALL_BATCH_PARTS, batchStatementSql, CREATE_STAGING_SQL, STAGING_TABLE, type BatchParts } from './write/batch-sql.js';
export { STAGING_COLUMNS, STAGING_COLUMNS_SQL, SPAN_INSERT_COLUMNS, STAGING_SELECT_SQL } from './write/staging-columns.js';
export { CELL_MEASURES_SQL, INS_COLUMNS_READ, LATENCY_BUCKET_SQL, SPAN_ROLLUP_CTE, SPAN_SEARCH_CTE, SPAN_SEARCH_QUEUE_ONLY_CTE } from './write/rollup-sql.js';
export { copyField, copyLine, type CopyValue } from './write/copy-text.js';
export { addConventionCounts, type ConventionCount } from './write/convention-stats.js';
export { settleWrappers, UNCOUNT_WRAPPERS_SQL } from './write/settle-wrappers.js';
export { compactRollups, foldConventionDeltas, indexQueuedSpans, settleUpkeep } from './upkeep.js';

// read
export type { Queryable } from './read/queryable.js';
export { SqlParams, whereClause, type SqlQuery } from './read/sql-params.js';
export { SPAN_COLUMNS, TRACE_COLUMNS, fromMicros, type FeedbackRow, type SpanRow, type TraceRow } from './read/rows.js';
export { addFeedbackQuery, type NewFeedback } from './feedback.js';
export { readProjectSettings, upsertProject, type ProjectSettings } from './projects.js';
export { createApiKey, listApiKeys, readActiveApiKeys, revokeApiKey, type ApiKeyInfo } from './api-keys.js';
export { readTrace, traceSpansQuery, traceSummaryQuery } from './read/trace-reader.js';
export { conventionStatsQuery, type ConventionStatRow } from './read/conventions.js';
export { aggregateQuery, dimsFor } from './read/rollups/aggregate-query.js';
export { parseIntegerArray, readAggregates, sumAggregates } from './read/rollups/read-aggregates.js';
export { planSegments, RESOLUTION_MS, type Resolution, type Segment, type SegmentSource } from './read/rollups/time-plan.js';
export type { Aggregate, AggregateRead, AnalyticsScope, RollupKey } from './read/rollups/scope.js';

// replay
export type {
  ReplayMode,
  ReplayOriginalColumns,
  ReplayOutcomeColumns,
  ReplayResultKey,
  ReplayResultRow,
  ReplayResultStatus,
  ReplaySetProgressRow,
  ReplaySetRow,
  ReplaySetStatus,
} from './replay/rows.js';
export {
  insertReplaySet,
  insertReplaySetQuery,
  knownTracesQuery,
  matchingTracesQuery,
  readKnownTraces,
  readMatchingTraceIds,
  type CaptureFilters,
  type NewReplaySet,
} from './replay/capture.js';
export { finishReplayRun, listReplaySets, readReplaySet, readRunningSets, replaySetQuery, startReplayRun, type RunningSet, type RunStart } from './replay/sets.js';
export { claimResults, countUnfinished, expireClaimsOf, readOriginalProviders, readResults, releaseClaims, renewClaims, writeOutcomes, type ClaimRequest, type ResultOutcome } from './replay/results.js';

// retention
export * from './retention/index.js';
export { repriceCalls, type RepriceOptions, type RepriceProgress } from './reprice.js';
// alerts
export { deleteRuleQuery, enabledRulesQuery, insertRuleQuery, listRulesQuery, readRuleQuery, ruleFromRow, rulesByIdQuery, updateRuleQuery, type AlertRuleRow } from './alerts/rules.js';
export { acknowledgeAlertQuery, ALERT_COLUMNS, listAlertsQuery, readAlertQuery, toApiAlert, type AlertFilters, type AlertRow, type ApiAlert } from './alerts/alerts.js';
export {
  claimFactKeys,
  extendAlert,
  factKeyText,
  insertAlert,
  lockSeries,
  pruneFactKeys,
  readFiringAlerts,
  readIncident,
  readWindowStats,
  resolveAlert,
  writeWindowStats,
  type FactKey,
  type NewAlert,
  type WindowStatsWrite,
} from './alerts/alerter-state.js';
export { claimNotifications, enqueueNotifications, markDelivered, markFailed, scheduleRetry, type NewNotification, type NotificationRow } from './alerts/outbox.js';
// quality (issue #17)
export { applyJudgedQuality, readRecentResponses, type JudgedQuality, type RecentResponse } from './quality.js';
// gen_ai events sent as logs, joined to their spans
export { insertPendingEvents, joinPendingEvents, storedLogEvent, type JoinOptions, type JoinResult, type StoredLogEvent } from './log-events/index.js';
