export { createProcessor, type Processor } from './service.js';
export { loadProcessorConfig, type ProcessorConfig } from './config.js';
