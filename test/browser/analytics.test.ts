/**
 * The analytics page in headless Chromium over calls sent through the real OTLP path: the cost
 * chart's total is the API's figure (and the seeded calls' cost), the breakdown matches the
 * seeded groups and links to their traces, the quality chart's average and breakdown are the API's, the costliest calls come first.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPage, screenshot } from '../support/browser.js';
import { seedLlmTraces, seededCostUsd, type SeededCall } from '../support/llm-traces.js';
import { startPlatform, type TestPlatform } from '../support/platform.js';

const MODELS = [
  { model: 'gpt-4o-mini', provider: 'openai' },
  { model: 'claude-haiku-4-5', provider: 'anthropic' },
  { model: 'gpt-4o', provider: 'openai' },
];

const CALLS: SeededCall[] = Array.from({ length: 12 }, (_, i) => ({
  ...MODELS[i % 3]!,
  service: i % 2 === 0 ? 'checkout' : 'support-bot',
  system: 'You answer shoppers.',
  question: `Question ${i} about an order`,
  answer: `Answer ${i}`,
  promptTokens: 200 + i * 37,
  cachedTokens: i * 3,
  completionTokens: 40 + i * 11,
  latencyMs: 200 + i * 90,
  user: `user-${i % 3}`,
  tags: ['shop'],
  // every fourth call cut off by max tokens: a lower quality score
  finishReason: i % 4 === 3 ? 'length' : 'stop',
}));

let platform: TestPlatform;
let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  platform = await startPlatform();
  // The last 12 minutes before now - 30 min: inside the page's default 24 h range.
  await seedLlmTraces(platform, CALLS, Date.now() - 45 * 60_000);
  browser = await launchBrowser();
  ({ page, errors } = await newPage(browser));
});
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

describe('analytics', () => {
  it("plots the cost over time with a total equal to the API's figure", async () => {
    const costAnswer = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/analytics/cost');
    await page.goto(`${platform.queryUrl}/analytics?range=24h&group_by=model`);
    const requested = new URL((await costAnswer).url());
    const chart = page.getByTestId('cost-chart');
    await chart.locator('canvas').waitFor();
    const plotted = Number(await chart.getAttribute('data-total'));

    const api = (await (await fetch(`${platform.queryUrl}${requested.pathname}${requested.search}`)).json()) as { total_cost_usd: number; llm_call_count: number };
    const seeded = CALLS.reduce((sum, c) => sum + seededCostUsd(c), 0);
    expect(api.llm_call_count).toBe(CALLS.length);
    expect(plotted).toBeCloseTo(api.total_cost_usd, 9);
    expect(api.total_cost_usd).toBeCloseTo(seeded, 9);
    expect(await page.getByTestId('total-cost').locator('.value').textContent()).toBe(`$${api.total_cost_usd.toFixed(4)}`);
    await page.getByTestId('latency-chart').locator('canvas').waitFor();
    await page.getByTestId('top-cost').waitFor();
    await screenshot(page, 'analytics');
  });

  it('breaks cost down by model, each row linking to the traces behind it', async () => {
    const rows = page.locator('[data-testid=breakdown] tbody tr');
    await expect.poll(() => rows.count()).toBe(MODELS.length);
    const keys = await rows.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-key')));
    const costOf = (model: string) => CALLS.filter((c) => c.model === model).reduce((sum, c) => sum + seededCostUsd(c), 0);
    expect(keys).toEqual(MODELS.map((m) => m.model).sort((a, b) => costOf(b) - costOf(a)));

    await page.locator('[data-testid=breakdown] tbody tr[data-key="gpt-4o"] a').click();
    await page.getByTestId('trace-table').waitFor();
    expect(new URL(page.url()).searchParams.get('model')).toBe('gpt-4o');
    const listed = await page.locator('[data-testid=trace-table] tbody tr').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-trace-id')));
    expect(listed.sort()).toEqual(CALLS.filter((c) => c.model === 'gpt-4o').map((c) => c.traceId).sort());
  });

  it("plots quality over time with an average equal to the API's, broken down by model", async () => {
    const qualityAnswer = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/analytics/quality');
    await page.goto(`${platform.queryUrl}/analytics?range=24h&group_by=model`);
    const requested = new URL((await qualityAnswer).url());
    const chart = page.getByTestId('quality-chart');
    await chart.locator('canvas').waitFor();
    type Quality = { scored_count: number; avg_score: number; floor: number; below_floor_share: number; breakdown: { key: string; avg_score: number; scored_count: number }[] };
    const api = (await (await fetch(`${platform.queryUrl}${requested.pathname}${requested.search}`)).json()) as Quality;
    expect(requested.searchParams.get('group_by')).toBe('model');
    expect(api.scored_count).toBe(CALLS.length);
    // The truncated calls pull the average under 1.
    expect(api.avg_score).toBeLessThan(1);
    expect(Number(await chart.getAttribute('data-scored'))).toBe(api.scored_count);
    // The chart's average weighs each bucket's average, which the API rounds to four decimals: when
    // the calls fall in more than one bucket, the two are within half a ten-thousandth.
    const plotted = Number(await chart.getAttribute('data-average'));
    expect(Math.abs(plotted - api.avg_score)).toBeLessThanOrEqual(0.00005 + 1e-9);
    // Shown to two decimals: an average on a rounding boundary (0.825 here: 9 calls at 1, 3 at 0.3)
    // may round either way, so the shown text is within half a hundredth of the API's.
    const shown = Number(/average (\d+\.\d\d)/.exec((await chart.locator('h2').textContent()) ?? '')?.[1]);
    expect(Math.abs(shown - api.avg_score)).toBeLessThanOrEqual(0.005 + 0.00005 + 1e-9);

    const rows = await page.locator('[data-testid=quality-breakdown] tbody tr').evaluateAll((nodes) =>
      nodes.map((node) => ({ key: node.getAttribute('data-key'), avg: node.querySelector('.quality-avg')?.textContent })),
    );
    expect(rows).toEqual(api.breakdown.map((row) => ({ key: row.key, avg: row.avg_score.toFixed(2) })));
    expect(rows.map((row) => row.key).sort()).toEqual(MODELS.map((m) => m.model).sort());
    await chart.scrollIntoViewIfNeeded();
    await screenshot(page, 'analytics-quality');

    // The share under the floor links to those calls' traces.
    await chart.locator('h2 a').click();
    await page.getByTestId('trace-table').waitFor();
    expect(new URL(page.url()).searchParams.get('quality_max')).toBe(String(api.floor));
    const listed = await page.locator('[data-testid=trace-table] tbody tr').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-trace-id')));
    const low = ((await (await fetch(`${platform.queryUrl}/api/traces?quality_max=${api.floor}&limit=500`)).json()) as { data: { trace_id: string }[] }).data;
    expect(listed.sort()).toEqual(low.map((t) => t.trace_id).sort());
    expect(listed.length).toBe(Math.round(api.below_floor_share * api.scored_count));
  });

  it('lists the costliest calls first', async () => {
    await page.goto(`${platform.queryUrl}/analytics?range=24h&group_by=service`);
    const links = page.locator('[data-testid=top-cost] tbody tr a');
    await expect.poll(() => links.count()).toBe(10);
    const traces = await links.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('href')));
    const expected = [...CALLS].sort((a, b) => seededCostUsd(b) - seededCostUsd(a)).slice(0, 10).map((c) => `/traces/${c.traceId}`);
    expect(traces).toEqual(expected);
    expect(errors).toEqual([]);
  });
});
