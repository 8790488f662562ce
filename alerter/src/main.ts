import { runUntilSignal } from '@lumina/runtime';
import { loadAlerterConfig } from './config.js';
import { createAlerter } from './service.js';

await runUntilSignal(createAlerter(loadAlerterConfig()), 'alerter');
