import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createQueryApi, loadQueryApiConfig, type QueryApi } from '../index.js';

const INDEX = '<!doctype html><title>Lumina</title><div id="root"></div>';
let dir: string;
let replay: Server;
let replayUrl: string;
const seen: { method: string; url: string; auth: string | undefined; cookie: string | undefined; body: string }[] = [];

function api(env: Record<string, string>): QueryApi {
  return createQueryApi(loadQueryApiConfig({ LOG_LEVEL: 'silent', QUERY_CACHE_TTL_SECONDS: '0', ...env }), pino({ level: 'silent' }));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lumina-dashboard-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), INDEX);
  writeFileSync(join(dir, 'assets', 'app-1234.js'), 'console.log(1)');
  // A stand-in replay service that records what the proxy forwarded.
  replay = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      seen.push({ method: request.method!, url: request.url!, auth: request.headers.authorization, cookie: request.headers.cookie, body });
      response.writeHead(request.url === '/replay/missing' ? 404 : 200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(request.url === '/replay/missing' ? { error: { code: 'not_found', message: 'no set' } } : { ok: true }));
    });
  });
  await new Promise<void>((resolve) => replay.listen(0, '127.0.0.1', resolve));
  const address = replay.address();
  replayUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await new Promise((resolve) => replay.close(resolve));
});

describe('the dashboard served by the query API', () => {
  it('answers every page path with index.html, so deep links open the right page', async () => {
    const { app, stop } = api({ DASHBOARD_DIR: dir, REPLAY_URL: replayUrl });
    for (const path of ['/', '/traces', '/traces/4bf92f3577b34da6a3ce929d0e0e4736', '/replays/abc', '/alerts']) {
      const response = await app.request(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(await response.text()).toBe(INDEX);
    }
    const asset = await app.request('/assets/app-1234.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await app.request('/assets/gone-9999.js')).status).toBe(404);
    await stop();
  });

  it('keeps API paths as API answers: an unknown one is a JSON 404, not the page', async () => {
    const { app, stop } = api({ DASHBOARD_DIR: dir, REPLAY_URL: replayUrl });
    const response = await app.request('/api/nothing-here');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'not_found' } });
    expect((await app.request('/openapi.json')).headers.get('content-type')).toContain('application/json');
    await stop();
  });

  it('says how to build the dashboard when it is not built', async () => {
    const { app, stop } = api({ DASHBOARD_DIR: join(dir, 'absent'), REPLAY_URL: replayUrl });
    const response = await app.request('/traces');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'dashboard_not_built' } });
    await stop();
  });
});

describe('/replay through the query API', () => {
  it('forwards method, path, query, body and the API key to REPLAY_URL, and its answer back', async () => {
    const { app, stop } = api({ DASHBOARD_DIR: dir, REPLAY_URL: replayUrl });
    seen.length = 0;
    const run = await app.request('/replay/run?wait=true', {
      method: 'POST',
      headers: { authorization: 'Bearer lum_key', cookie: 'session=1', 'content-type': 'application/json' },
      body: JSON.stringify({ replay_id: 'r1', model: 'gpt-4o-mini' }),
    });
    expect(run.status).toBe(200);
    expect(await run.json()).toEqual({ ok: true });
    expect(seen).toEqual([{ method: 'POST', url: '/replay/run?wait=true', auth: 'Bearer lum_key', cookie: undefined, body: '{"replay_id":"r1","model":"gpt-4o-mini"}' }]);
    const missing = await app.request('/replay/missing');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: 'not_found', message: 'no set' } });
    await stop();
  });

  it('answers 503 replay_unavailable when the replay service is down', async () => {
    const { app, stop } = api({ DASHBOARD_DIR: dir, REPLAY_URL: 'http://127.0.0.1:1' });
    const response = await app.request('/replay');
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: { code: 'replay_unavailable' } });
    await stop();
  });
});
