import { runUntilSignal } from '@lumina/runtime';
import { loadReplayConfig } from './config.js';
import { createReplayService } from './service.js';

await runUntilSignal(createReplayService(loadReplayConfig()), 'replay');
