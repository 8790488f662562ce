import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * `npm run dev -w @lumina/dashboard`: the dev server proxies the APIs to a running query API
 * (which itself proxies /replay to the replay service), so the app uses one origin in dev and
 * in production alike.
 */
const queryApi = process.env.LUMINA_QUERY_URL ?? 'http://127.0.0.1:8081';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1000 },
  server: {
    port: Number(process.env.DASHBOARD_DEV_PORT ?? 5173),
    // '^/replay(/|$)': the API's /replay, not the page /replays
    proxy: { '/api': queryApi, '^/replay(/|$)': queryApi, '/openapi.json': queryApi },
  },
});
