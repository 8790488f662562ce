// @lumina/runtime: what every service process needs, written once (ARCHITECTURE.md "Folders").
export { runUntilSignal, type Lifecycle } from './run-until-signal.js';
export { createLogger, errorText, type Logger } from './logger.js';
export { closeHttp, listenHttp, type FetchHandler, type HttpListener } from './http-server.js';
export { addServiceRoutes, type NotReady, type ServiceProbes } from './service-routes.js';
export { createRequestMetrics, createServiceRegistry, metricName, observeRequests, type RequestMetrics } from './metrics.js';
export { BASE_ENV, baseEnv, countEnv, flagEnv, portEnv, spansStreamLimits } from './env.js';
export { connectNats, natsServers, type NatsHandle } from './nats.js';
export { ensureStream, type EnsureStreamOptions } from './streams.js';
export { createStreamGauges, watchStream, type StreamFill, type StreamGauges, type StreamWatch } from './stream-watch.js';
export { classifyDatabaseError, isDatabaseUnavailable, isUnstorableText, openPool, queryRows, type DatabaseFailure, type PoolOptions } from './postgres.js';
export { repeatingJob, type RepeatingJob } from './repeating-job.js';
export { scheduledJob, type ScheduledJob, type ScheduledJobOptions } from './scheduled-job.js';
export { createKeyVerifier, OPEN_ACCESS, type Caller, type KeyVerifier } from './api-key-verifier.js';
export { requireApiKey } from './require-api-key.js';
export { warnIfExposed } from './exposure.js';
export { catalogVersion, configuredPricer, loadPriceOverrides, PRICE_ENV } from './pricing.js';
export { ensureFactsStream } from './facts-stream.js';
export { openOptionalRedis, type OptionalRedis, type OptionalRedisOptions } from './optional-redis.js';
