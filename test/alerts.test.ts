import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendCalls, spread } from './support/llm-calls.js';
import { startTestAlerter } from './support/alerter.js';
import { startPlatform, type TestPlatform } from './support/platform.js';
import { queryRows } from './support/sql.js';
import { waitFor } from './support/wait.js';
import { startWebhookReceiver } from './support/webhook-receiver.js';

const HOUR = 3_600_000;
let platform: TestPlatform;
let alerter: Awaited<ReturnType<typeof startTestAlerter>>;
let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;
/** the start of the current hour: every window below is a whole hour before it (event time) */
const H = Math.floor(Date.now() / HOUR) * HOUR;

beforeAll(async () => {
  platform = await startPlatform();
  alerter = await startTestAlerter(platform);
  hooks = await startWebhookReceiver();
});
afterAll(async () => {
  await alerter?.alerter.stop();
  await platform?.stop();
  await hooks?.close();
});

async function api(method: string, path: string, body?: unknown) {
  const response = await fetch(`${platform.queryUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: response.status === 204 ? null : ((await response.json()) as any) };
}

async function createRule(rule: Record<string, unknown>): Promise<string> {
  const created = await api('POST', '/api/alert-rules', rule);
  expect(created.status).toBe(201);
  return created.body.rule_id as string;
}

/** Waits until the alerter counted `calls` calls in the rule's windows (so that phases are judged in order). */
async function counted(ruleId: string, calls: number) {
  await waitFor(
    async () => Number((await queryRows<{ n: string }>(platform.databaseUrl, `SELECT coalesce(sum((stats->>'calls')::int), 0) AS n FROM alert_window_stats WHERE rule_id = $1`, [ruleId]))[0]?.n ?? 0),
    (n) => n >= calls,
    30_000,
    `${calls} calls counted for rule ${ruleId}`,
  );
}

const hooksFor = (ruleId: string, path = '/hook') => hooks.received.filter((hook) => hook.path === path && (hook.body?.rule_id === ruleId || path !== '/hook'));

describe('alert rules API', () => {
  it('creates, lists, reads, replaces and deletes a rule with the defaults of its kind', async () => {
    const id = await createRule({ name: 'spend', type: 'cost_spike', service: 'svc' });
    const read = await api('GET', `/api/alert-rules/${id}`);
    expect(read.body).toMatchObject({ rule_id: id, type: 'cost_spike', threshold: 2, window: '1h', min_samples: 20, enabled: true, service: 'svc', model: null });
    expect((await api('GET', '/api/alert-rules')).body.data.map((r: any) => r.rule_id)).toContain(id);
    const put = await api('PUT', `/api/alert-rules/${id}`, { name: 'spend', type: 'quality_drop', enabled: false });
    expect(put.body).toMatchObject({ type: 'quality_drop', threshold: 0.2, quality_floor: 0.7, enabled: false, service: null });
    expect((await api('DELETE', `/api/alert-rules/${id}`)).status).toBe(204);
    expect(await api('GET', `/api/alert-rules/${id}`)).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
  });

  it('answers 400 naming the field for every bad value', async () => {
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ type: 'cost_spike' }, 'name'],
      [{ name: 'x', type: 'cost_jump' }, 'type'],
      [{ name: 'x', type: 'budget' }, 'threshold'],
      [{ name: 'x', type: 'quality_drop', threshold: 1.5 }, 'threshold'],
      [{ name: 'x', type: 'cost_spike', window: 'soon' }, 'window'],
      [{ name: 'x', type: 'budget', threshold: 10, window: '1h' }, 'window'],
      [{ name: 'x', type: 'cost_spike', min_samples: 0 }, 'min_samples'],
      [{ name: 'x', type: 'cost_spike', webhook_url: 'ftp://x' }, 'webhook_url'],
      [{ name: 'x', type: 'cost_spike', enabled: 'yes' }, 'enabled'],
      [{ name: 'x', type: 'cost_spike', colour: 'red' }, 'colour'],
    ];
    for (const [body, field] of bad) {
      const answer = await api('POST', '/api/alert-rules', body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.details.field).toBe(field);
      expect(answer.body.error.message).toContain(field);
    }
    const notJson = await fetch(`${platform.queryUrl}/api/alert-rules`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{' });
    expect(notJson.status).toBe(400);
  });
});

describe('a cost spike', () => {
  const CHEAP = 1e-6;
  let ruleId = '';
  let spikeTraces: string[] = [];

  beforeAll(async () => {
    ruleId = await createRule({ name: 'shop cost', type: 'cost_spike', service: 'shop', window: '1h', min_samples: 10, webhook_url: hooks.url('/hook'), slack_webhook_url: hooks.url('/slack') });
    // Steady traffic backdated over four hours, then a model switch at 16× the price.
    for (let hour = 6; hour >= 3; hour -= 1) {
      await sendCalls(platform, 'shop', spread(H - hour * HOUR, HOUR, 12).map((startMs) => ({ startMs, model: 'small-model', promptPriceUsd: CHEAP })));
    }
    await counted(ruleId, 48);
  });

  it('fires exactly one cost_spike with the baseline and current figures of the stored calls', async () => {
    const times = spread(H - 2 * HOUR, HOUR, 12);
    // two exports (two batches at least): the second must not fire again
    spikeTraces = await sendCalls(platform, 'shop', times.slice(0, 6).map((startMs) => ({ startMs, model: 'big-model', promptPriceUsd: 16 * CHEAP })));
    spikeTraces.push(...(await sendCalls(platform, 'shop', times.slice(6).map((startMs) => ({ startMs, model: 'big-model', promptPriceUsd: 16 * CHEAP })))));
    await counted(ruleId, 60);
    await waitFor(async () => hooksFor(ruleId).length, (n) => n >= 1, 20_000, 'the firing webhook');

    const costs = await queryRows<{ hour: string; mean: number }>(
      platform.databaseUrl,
      `SELECT floor(extract(epoch FROM start_time) / 3600)::text AS hour, avg(cost_usd) AS mean FROM spans WHERE service_name = 'shop' GROUP BY 1 ORDER BY 1`,
    );
    const baseline = costs.slice(0, 4).map((row) => row.mean).sort((a, b) => a - b);
    const expectedBaseline = (baseline[1]! + baseline[2]!) / 2;
    const expectedCurrent = costs[4]!.mean;
    expect(expectedCurrent / expectedBaseline).toBeCloseTo(16, 6);

    const [hook] = hooksFor(ruleId);
    expect(hook!.body).toMatchObject({ rule_id: ruleId, type: 'cost_spike', status: 'firing', service: 'shop', model: 'big-model', threshold: 2, window: '1h', resolved_at: null });
    expect(hook!.body.baseline).toBeCloseTo(expectedBaseline, 12);
    expect(hook!.body.current).toBeCloseTo(expectedCurrent, 12);
    expect(hook!.body.change_pct).toBeCloseTo(1500, 1);
    expect(hook!.body.trace_ids.length).toBeGreaterThan(0);
    for (const traceId of hook!.body.trace_ids) expect(spikeTraces).toContain(traceId);
    expect(hook!.headers['idempotency-key']).toBeTruthy();
    const slack = hooks.received.filter((h) => h.path === '/slack');
    expect(slack).toHaveLength(1);
    expect(slack[0]!.body.text).toContain('shop cost');

    const listed = await api('GET', `/api/alerts?status=firing&type=cost_spike&service=shop`);
    expect(listed.body.data).toHaveLength(1);
    expect(listed.body.data[0]).toMatchObject({ alert_id: hook!.body.alert_id, status: 'firing' });
    expect(hooksFor(ruleId)).toHaveLength(1);
  });

  it('is acknowledged through the API', async () => {
    const [alert] = (await api('GET', `/api/alerts?rule_id=${ruleId}`)).body.data;
    const acked = await api('POST', `/api/alerts/${alert.alert_id}/ack`);
    expect(acked.status).toBe(200);
    expect(acked.body.acknowledged_at).toBeTruthy();
    expect((await api('POST', '/api/alerts/00000000-0000-0000-0000-000000000000/ack')).status).toBe(404);
  });

  it('resolves, with one resolved message, when traffic returns to normal', async () => {
    await sendCalls(platform, 'shop', spread(H - HOUR, HOUR, 12).map((startMs) => ({ startMs, model: 'small-model', promptPriceUsd: CHEAP })));
    await counted(ruleId, 72);
    await waitFor(async () => hooksFor(ruleId).length, (n) => n >= 2, 20_000, 'the resolved webhook');
    const [firing, resolved] = hooksFor(ruleId);
    expect(resolved!.body).toMatchObject({ alert_id: firing!.body.alert_id, status: 'resolved' });
    expect(resolved!.body.resolved_at).toBeTruthy();
    expect((await api('GET', `/api/alerts?status=resolved&rule_id=${ruleId}`)).body.data).toHaveLength(1);
    expect(hooks.received.filter((h) => h.path === '/slack')).toHaveLength(2);
  });
});

describe('a budget', () => {
  it('fires at the call that crosses it, counting only the calls it selects', async () => {
    const PRICE = 1e-3; // 100 prompt tokens: $0.10 a call
    const ruleId = await createRule({ name: 'search budget', type: 'budget', tag: 'cost_center:search', threshold: 0.35, window: '1d', webhook_url: hooks.url('/budget') });
    const now = Date.now();
    const day = Math.floor(now / 86_400_000) * 86_400_000;
    const at = (i: number) => Math.max(day, now - 60_000) + i;
    for (let i = 0; i < 3; i += 1) {
      await sendCalls(platform, 'search', [{ startMs: at(i), model: 'm', promptPriceUsd: PRICE, tags: ['cost_center:search'] }]);
      // calls of another cost centre never count
      await sendCalls(platform, 'search', [{ startMs: at(i), model: 'm', promptPriceUsd: PRICE, tags: ['cost_center:ads'] }]);
      await counted(ruleId, i + 1);
    }
    // $0.30 of $0.35: nothing yet
    expect(hooks.received.filter((h) => h.path === '/budget')).toHaveLength(0);
    expect((await api('GET', `/api/alerts?rule_id=${ruleId}`)).body.data).toHaveLength(0);
    const [crossing] = await sendCalls(platform, 'search', [{ startMs: at(3), model: 'm', promptPriceUsd: PRICE, tags: ['cost_center:search'] }]);
    await waitFor(async () => hooks.received.filter((h) => h.path === '/budget').length, (n) => n >= 1, 20_000, 'the budget webhook');
    const [hook] = hooks.received.filter((h) => h.path === '/budget');
    expect(hook!.body).toMatchObject({ type: 'budget', status: 'firing', threshold: 0.35, window: '1d' });
    expect(hook!.body.current).toBeCloseTo(0.4, 9);
    expect(hook!.body.trace_ids).toContain(crossing);
  });
});

describe('noisy but steady traffic', () => {
  it('fires nothing, not even for one outlier call', async () => {
    const ruleId = await createRule({ name: 'noisy cost', type: 'cost_spike', service: 'noisy', window: '1h', min_samples: 10, webhook_url: hooks.url('/noisy') });
    const latencyRule = await createRule({ name: 'noisy latency', type: 'latency_spike', service: 'noisy', window: '1h', min_samples: 10, webhook_url: hooks.url('/noisy') });
    const errorRule = await createRule({ name: 'noisy errors', type: 'error_rate', service: 'noisy', threshold: 0.2, window: '1h', min_samples: 10, webhook_url: hooks.url('/noisy') });
    // a fixed pseudo-random sequence: noise that is the same on every run
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    let sent = 0;
    for (let hour = 7; hour >= 1; hour -= 1) {
      const calls = spread(H - hour * HOUR, HOUR, 15).map((startMs) => ({
        startMs,
        model: random() < 0.7 ? 'small-model' : 'medium-model',
        promptTokens: 50 + Math.floor(random() * 100),
        promptPriceUsd: 1e-6 * (0.5 + random()),
        latencyMs: 300 + Math.floor(random() * 400),
        error: random() < 0.05,
      }));
      // one outlier in the latest hour: 40× the price and 20× the latency
      if (hour === 1) Object.assign(calls[7]!, { promptPriceUsd: 40e-6, latencyMs: 10_000 });
      await sendCalls(platform, 'noisy', calls);
      sent += calls.length;
      await counted(ruleId, sent);
    }
    await counted(latencyRule, sent);
    await counted(errorRule, sent);
    // every window was judged once its calls were counted (same transaction): nothing fired
    expect((await api('GET', '/api/alerts?service=noisy')).body.data).toEqual([]);
    expect(hooks.attempts.filter((h) => h.path === '/noisy')).toEqual([]);
  });
});

describe('quality', () => {
  /** a chat call with a response; `cutOff` ends it at the token limit (finish reason length: a low quality score) */
  const chat = (startMs: number, options: { cutOff?: boolean; price?: number } = {}) => ({
    startMs,
    model: 'writer-model',
    promptPriceUsd: options.price ?? 1e-6,
    attributes: {
      'gen_ai.prompt.0.role': 'user',
      'gen_ai.prompt.0.content': 'Write one sentence about the sea.',
      'gen_ai.completion.0.role': 'assistant',
      'gen_ai.completion.0.content': 'The sea keeps every colour of the sky and gives none of them back.',
      'gen_ai.completion.0.finish_reason': options.cutOff ? 'length' : 'stop',
    },
  });

  async function steadyThenIncident(service: string, ruleIds: string[], incident: { cutOff?: boolean; price?: number }) {
    for (let hour = 6; hour >= 3; hour -= 1) await sendCalls(platform, service, spread(H - hour * HOUR, HOUR, 12).map((t) => chat(t)));
    for (const id of ruleIds) await counted(id, 48);
    await sendCalls(platform, service, spread(H - 2 * HOUR, HOUR, 12).map((t) => chat(t, incident)));
    for (const id of ruleIds) await counted(id, 60);
  }

  const windowQuality = async (service: string) =>
    queryRows<{ hour: string; mean: number }>(
      platform.databaseUrl,
      `SELECT floor(extract(epoch FROM start_time) / 3600)::text AS hour, avg(quality_score) AS mean FROM spans WHERE service_name = $1 GROUP BY 1 ORDER BY 1`,
      [service],
    );

  it('a quality drop fires quality_drop (and no dual signal while cost holds)', async () => {
    const drop = await createRule({ name: 'writer quality', type: 'quality_drop', service: 'writer', min_samples: 10, webhook_url: hooks.url('/quality') });
    const dual = await createRule({ name: 'writer dual', type: 'dual_signal', service: 'writer', min_samples: 10, webhook_url: hooks.url('/quality') });
    await steadyThenIncident('writer', [drop, dual], { cutOff: true });
    await waitFor(async () => hooks.received.filter((h) => h.body?.rule_id === drop).length, (n) => n >= 1, 20_000, 'the quality_drop webhook');
    const quality = await windowQuality('writer');
    expect(quality.slice(0, 4).every((row) => row.mean > 0.9)).toBe(true);
    const [hook] = hooks.received.filter((h) => h.body?.rule_id === drop);
    expect(hook!.body).toMatchObject({ type: 'quality_drop', status: 'firing', service: 'writer' });
    expect(hook!.body.current).toBeCloseTo(quality[4]!.mean, 5);
    expect(hook!.body.current).toBeLessThan(0.7);
    expect(hook!.body.change_pct).toBeLessThan(-20);
    expect((await api('GET', `/api/alerts?rule_id=${dual}`)).body.data).toEqual([]);
  });

  it('cost up and quality down in the same window fire dual_signal', async () => {
    const dual = await createRule({ name: 'agent dual', type: 'dual_signal', service: 'agent', min_samples: 10, webhook_url: hooks.url('/dual') });
    await steadyThenIncident('agent', [dual], { cutOff: true, price: 16e-6 });
    await waitFor(async () => hooks.received.filter((h) => h.path === '/dual').length, (n) => n >= 1, 20_000, 'the dual_signal webhook');
    const [hook] = hooks.received.filter((h) => h.path === '/dual');
    expect(hook!.body).toMatchObject({ type: 'dual_signal', status: 'firing', service: 'agent' });
    expect(hook!.body.current / hook!.body.baseline).toBeCloseTo(16, 6);
    const quality = await windowQuality('agent');
    expect(hook!.body.evidence.quality.current).toBeCloseTo(quality[4]!.mean, 5);
    expect(hook!.body.evidence.quality.baseline).toBeGreaterThan(0.9);
    expect(hooks.received.filter((h) => h.path === '/dual')).toHaveLength(1);
  });
});

describe('GET /api/alerts', () => {
  it('pages newest first with a cursor, and refuses a bad filter naming it', async () => {
    const all = (await api('GET', '/api/alerts?limit=500')).body.data as Array<{ alert_id: string; fired_at: string }>;
    expect(all.length).toBeGreaterThanOrEqual(3);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await api('GET', `/api/alerts?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.body.data.map((a: { alert_id: string }) => a.alert_id));
      cursor = page.body.pagination.next_cursor;
    } while (cursor);
    expect(seen).toEqual(all.map((a) => a.alert_id));
    expect([...all].sort((a, b) => b.fired_at.localeCompare(a.fired_at)).map((a) => a.fired_at)).toEqual(all.map((a) => a.fired_at));
    expect(await api('GET', '/api/alerts?status=open')).toMatchObject({ status: 400, body: { error: { code: 'invalid_parameter', details: { parameter: 'status' } } } });
    expect((await api('GET', '/api/alerts?colour=red')).body.error.code).toBe('unknown_parameter');
  });
});
