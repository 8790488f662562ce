import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../testing/test-api.js';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(async () => {
  await t?.close();
});

const LISTS = ['/api/traces', '/api/spans'];
const ANALYTICS = ['/api/analytics/cost', '/api/analytics/latency', '/api/analytics/tokens', '/api/analytics/quality'];

/** [query, the parameter the 400 must name] */
const BAD_LIST_PARAMS: Array<[string, string]> = [
  ['limit=0', 'limit'],
  ['limit=501', 'limit'],
  ['limit=ten', 'limit'],
  ['status=broken', 'status'],
  ['from=yesterday', 'from'],
  ['to=2026-13-45T00:00:00Z', 'to'],
  ['from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z', 'from'],
  ['min_cost=-1', 'min_cost'],
  ['max_cost=cheap', 'max_cost'],
  ['min_cost=2&max_cost=1', 'min_cost'],
  ['min_latency=1e999', 'min_latency'],
  ['max_latency=-5', 'max_latency'],
  ['min_latency=10&max_latency=5', 'min_latency'],
  ['q=%21%21%21', 'q'],
  [`q=${'a'.repeat(501)}`, 'q'],
  ['q=', 'q'],
  ['service=a&service=b', 'service'],
  ['tag=', 'tag'],
  ['user_id=', 'user_id'],
  ['cursor=%25%25%25', 'cursor'],
];

const BAD_ANALYTICS_PARAMS: Array<[string, string]> = [
  ['group_by=color', 'group_by'],
  ['interval=week', 'interval'],
  ['from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z', 'from'],
  ['from=2026-01-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'from'],
  ['from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z&interval=minute', 'interval'],
  ['breakdown_limit=0', 'breakdown_limit'],
  ['to=soon', 'to'],
  ['model=a&model=b', 'model'],
];

function expectBadRequest(response: { status: number; body: any }, parameter: string) {
  expect(response.status).toBe(400);
  expect(response.body.error.code).toBe('invalid_parameter');
  expect(response.body.error.details.parameter).toBe(parameter);
  expect(response.body.error.message.startsWith(`${parameter}: `)).toBe(true);
  expect(JSON.stringify(response.body)).not.toMatch(/select|postgres|at .*\.ts/i);
}

describe('bad parameters', () => {
  for (const path of LISTS) {
    it.each(BAD_LIST_PARAMS)(`${path}?%s answers 400 naming %s`, async (query, parameter) => {
      expectBadRequest(await t.get(`${path}?${query}`), parameter);
    });
  }

  for (const path of ANALYTICS) {
    it.each(BAD_ANALYTICS_PARAMS)(`${path}?%s answers 400 naming %s`, async (query, parameter) => {
      expectBadRequest(await t.get(`${path}?${query}`), parameter);
    });
  }

  it('/api/export answers 400 for an unknown format', async () => {
    expectBadRequest(await t.get('/api/export?format=xml'), 'format');
  });

  it.each([...LISTS, ...ANALYTICS, '/api/export'])('%s rejects an unknown parameter instead of ignoring it', async (path) => {
    const { status, body } = await t.get(`${path}?servce=checkout`);
    expect(status).toBe(400);
    expect(body).toEqual({ error: { code: 'unknown_parameter', message: 'unknown parameter: servce', details: { parameters: ['servce'] } } });
  });

  it('accepts every documented parameter at once', async () => {
    const all =
      'service=s&model=m&provider=p&status=ok&tag=a&tag=b&user_id=u&session_id=x&from=2026-01-01&to=1767312000000' +
      '&min_cost=0&max_cost=1.5&min_latency=0.5&max_latency=9e3&q=hello%20world&limit=500';
    for (const path of LISTS) expect((await t.get(`${path}?${all}`)).status).toBe(200);
    const analytics = 'from=2026-01-01T00:00:00%2B02:00&to=2026-01-02 00:00:00&service=s&model=m&provider=p&group_by=tag&interval=hour&breakdown_limit=5';
    for (const path of ANALYTICS) expect((await t.get(`${path}?${analytics}`)).status).toBe(200);
  });

  it.each([...LISTS, ...ANALYTICS, '/api/export'])('%s answers 400, not 500, for a NUL character (\\u0000) in a text value (found by npm run fuzz)', async (path) => {
    for (const query of ['service=%00', 'model=a%00b']) {
      const { status, body } = await t.get(`${path}?${query}`);
      expect([status, body.error.code], query).toEqual([400, 'invalid_parameter']);
    }
  });

  it.each([...LISTS, ...ANALYTICS, '/api/export'])('%s answers 400, not 500, for a time outside 1970–9999 (found by npm run fuzz)', async (path) => {
    for (const query of ['to=-8639999999999999', 'from=8639999999999999', 'from=1969-12-31', 'to=999999999999999']) {
      const { status, body } = await t.get(`${path}?${query}`);
      expect([status, body.error.code], query).toEqual([400, 'invalid_parameter']);
      expect(body.error.message, query).toContain('1970');
    }
  });

  it('answers unknown routes with the error body', async () => {
    const { status, body } = await t.get('/api/nothing');
    expect(status).toBe(404);
    expect(body.error.code).toBe('not_found');
  });
});
