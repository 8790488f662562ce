export * from './names.js';
export * from './span.js';
export * from './errors.js';
export * from './time.js';
export * from './stream-spec.js';
export * from './pricing/index.js';
export * from './normalize/index.js';
export * from './sketch/index.js';
