import { runUntilSignal } from '@lumina/runtime';
import { loadProcessorConfig } from './config.js';
import { createProcessor } from './service.js';

await runUntilSignal(createProcessor(loadProcessorConfig()), 'processors');
