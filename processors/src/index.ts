export { createProcessor, type Processor } from './service.js';
export { loadProcessorConfig, type ProcessorConfig } from './config.js';
export { createUpkeep, retentionSettings, type Upkeep, type UpkeepOptions } from './upkeep.js';
export { runRetention, RETENTION_LOCK, type RetentionReport, type RetentionSettings } from './retention.js';
export { createRetentionMetrics, type RetentionMetrics } from './retention-metrics.js';
export { loadUpkeepConfig, type UpkeepConfig } from './upkeep-config.js';
// The CPU-bound stages, for benches (bench/quality.ts) that time them without NATS or Postgres.
export { decode } from './decode.js';
export { normalize } from './normalize.js';
export { redact } from './redact.js';
export { price } from './price.js';
export { score, scoreRecord } from './score.js';
export { newDelivery, type Delivery, type Stage } from './stage.js';
