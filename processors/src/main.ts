import { runUntilSignal } from '@lumina/runtime';
import { loadProcessorConfig } from './config.js';
import { limitHeapGrowth } from './heap-growth.js';
import { createProcessor } from './service.js';

const config = loadProcessorConfig();
limitHeapGrowth(config.PROCESSOR_HEAP_GROWTH_PERCENT);
await runUntilSignal(createProcessor(config), 'processors');
