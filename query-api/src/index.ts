export { createQueryApi, type QueryApi } from './service.js';
export { loadQueryApiConfig, type QueryApiConfig } from './config.js';
