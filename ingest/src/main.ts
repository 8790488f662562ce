import { loadIngestConfig } from './config.js';
import { createIngest } from './service.js';
import { runUntilSignal } from './run-until-signal.js';

await runUntilSignal(createIngest(loadIngestConfig()));
