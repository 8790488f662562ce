export { createAlerter, type Alerter } from './service.js';
export { loadAlerterConfig, type AlerterConfig } from './config.js';
