import { loadProcessorConfig } from './config.js';
import { createProcessor } from './service.js';

const processor = createProcessor(loadProcessorConfig());
try {
  await processor.start();
} catch (error) {
  console.error(JSON.stringify({ level: 'fatal', msg: 'processor failed to start', err: String(error) }));
  process.exit(1);
}
let stopping: Promise<void> | null = null;
// A second signal must not cut the first graceful stop short.
const shutdown = () => {
  stopping ??= processor.stop().then(() => process.exit(0), () => process.exit(1));
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
