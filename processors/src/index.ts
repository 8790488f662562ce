export { createProcessor, type Processor } from './service.js';
export { loadProcessorConfig, type ProcessorConfig } from './config.js';
export { createUpkeep, type Upkeep } from './upkeep.js';
export { loadUpkeepConfig, type UpkeepConfig } from './upkeep-config.js';
