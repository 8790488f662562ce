export { createReplayService, type ReplayService } from './service.js';
export { loadReplayConfig, judgeModelOf, type ReplayConfig } from './config.js';
