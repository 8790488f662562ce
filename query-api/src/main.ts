import { runUntilSignal } from '@lumina/runtime';
import { loadQueryApiConfig } from './config.js';
import { createQueryApi } from './service.js';

await runUntilSignal(createQueryApi(loadQueryApiConfig()), 'query-api');
