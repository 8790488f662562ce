export { createIngest, type Ingest, type IngestAddresses } from './service.js';
export { loadIngestConfig, type IngestConfig } from './config.js';
