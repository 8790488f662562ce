import { runUntilSignal } from '@lumina/runtime';
import { loadIngestConfig } from './config.js';
import { createIngest } from './service.js';

await runUntilSignal(createIngest(loadIngestConfig()), 'ingest');
