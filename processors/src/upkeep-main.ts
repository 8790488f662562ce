import { runUntilSignal } from '@lumina/runtime';
import { loadUpkeepConfig } from './upkeep-config.js';
import { createUpkeep } from './upkeep.js';

await runUntilSignal(createUpkeep(loadUpkeepConfig()), 'upkeep');
