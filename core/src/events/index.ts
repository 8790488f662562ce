export * from './gen-ai-event.js';
export * from './span-events.js';
