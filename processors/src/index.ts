export { createProcessor, type Processor } from './service.js';
export { loadProcessorConfig, type ProcessorConfig } from './config.js';
export { createUpkeep, retentionSettings, type Upkeep, type UpkeepOptions } from './upkeep.js';
export { runRetention, RETENTION_LOCK, type RetentionReport, type RetentionSettings } from './retention.js';
export { createRetentionMetrics, type RetentionMetrics } from './retention-metrics.js';
export { loadUpkeepConfig, type UpkeepConfig } from './upkeep-config.js';
