import { loadQueryApiConfig } from './config.js';
import { createQueryApi } from './service.js';

const api = createQueryApi(loadQueryApiConfig());
try {
  await api.start();
} catch (error) {
  console.error(JSON.stringify({ level: 'fatal', msg: 'query-api failed to start', err: String(error) }));
  process.exit(1);
}
const shutdown = () => {
  api.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
