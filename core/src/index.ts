export * from './names.js';
export * from './span.js';
export * from './errors.js';
export * from './time.js';
