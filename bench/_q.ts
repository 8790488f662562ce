import { pino } from 'pino';
import { createQueryApi, loadQueryApiConfig } from '@lumina/query-api';
const api = createQueryApi(loadQueryApiConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/lumina_bench_query', QUERY_CACHE_TTL_SECONDS: '0', QUERY_BACKGROUND_JOBS: 'false', LOG_LEVEL: 'error' }), pino({ level: 'error' }));
for (const path of ['/api/traces?q=erererbr', '/api/traces?q=shipping', '/api/spans?q=nemide&service=checkout']) {
  const t0 = performance.now(); const r = await api.app.request(path); const b = await r.text();
  console.log(path, r.status, (performance.now() - t0).toFixed(0), 'ms', b.slice(0, 200));
}
await api.stop();
