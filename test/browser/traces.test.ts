/**
 * The dashboard's trace list and trace detail in headless Chromium, over data sent through
 * the real OTLP path: the empty state first, then filters kept in the URL, cursor pages, and
 * one call's prompt, response and figures; a truncated call's quality and signals, an exception and its events, tool calls, and the quality filters.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPage, screenshot } from '../support/browser.js';
import { seedLlmTraces, seededCostUsd, type SeededCall } from '../support/llm-traces.js';
import { startPlatform, type TestPlatform } from '../support/platform.js';
import { waitFor } from '../support/wait.js';
import type { components } from '../../dashboard/src/api/query-api.js';

type ApiSpan = components['schemas']['Span'];

const call = (i: number, service: string, model: string, provider: string): SeededCall => ({
  service,
  model,
  provider,
  system: `You are assistant number ${i}.`,
  question: `Where is landmark ${i} located?`,
  answer: `Landmark ${i} stands in the old town, next to the river.`,
  promptTokens: 100 + i * 10,
  cachedTokens: 40 + i,
  completionTokens: 20 + i,
  latencyMs: 300 + i * 50,
  user: `user-${i % 2}`,
  tags: [i % 2 === 0 ? 'even' : 'odd'],
  finishReason: 'stop',
});

const CALLS = [
  call(0, 'checkout', 'gpt-4o-mini', 'openai'),
  call(1, 'support-bot', 'claude-haiku-4-5', 'anthropic'),
  call(2, 'checkout', 'gpt-4o', 'openai'),
  call(3, 'support-bot', 'gpt-4o-mini', 'openai'),
  call(4, 'checkout', 'claude-haiku-4-5', 'anthropic'),
];

let platform: TestPlatform;
let browser: Browser;
let page: Page;
let errors: string[];
/** a call cut off by max tokens (finish reason `length`), seeded by the trace detail tests */
let truncated: SeededCall;

const rowIds = async () => page.locator('[data-testid=trace-table] tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-trace-id')));
const idsOf = (calls: SeededCall[]) => calls.map((c) => c.traceId).reverse();

beforeAll(async () => {
  platform = await startPlatform();
  browser = await launchBrowser();
  ({ page, errors } = await newPage(browser));
});
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

describe('the trace list', () => {
  it('tells a new user how to send a first trace before there is any', async () => {
    await page.goto(`${platform.queryUrl}/`);
    const empty = page.getByTestId('empty-state');
    await empty.waitFor();
    expect(page.url()).toBe(`${platform.queryUrl}/traces`);
    expect(await empty.textContent()).toContain('initLumina');
    expect(await empty.textContent()).toContain(':4318/v1/traces');
    await screenshot(page, 'empty-state');
  });

  it('lists the traces sent over OTLP, newest first, and filters them with the filters kept in the URL', async () => {
    await seedLlmTraces(platform, CALLS, Date.now() - 3_600_000);
    await page.goto(`${platform.queryUrl}/traces`);
    await expect.poll(rowIds).toEqual(idsOf(CALLS));
    await screenshot(page, 'traces');

    await page.locator('form[aria-label="trace filters"] input[name=service]').fill('checkout');
    await page.locator('form[aria-label="trace filters"] input[name=tag]').fill('even');
    await page.getByRole('button', { name: 'Apply' }).click();
    const expected = idsOf(CALLS.filter((c) => c.service === 'checkout' && c.tags.includes('even')));
    await expect.poll(rowIds).toEqual(expected);
    const url = new URL(page.url());
    expect(url.searchParams.get('service')).toBe('checkout');
    expect(url.searchParams.getAll('tag')).toEqual(['even']);

    // The URL alone reproduces the list: a reload (or a shared link) keeps the filters.
    await page.reload();
    await expect.poll(rowIds).toEqual(expected);
    expect(await page.locator('input[name=service]').inputValue()).toBe('checkout');

    await page.goto(`${platform.queryUrl}/traces?model=claude-haiku-4-5&min_latency=400`);
    await expect.poll(rowIds).toEqual(idsOf(CALLS.filter((c) => c.model === 'claude-haiku-4-5' && c.latencyMs + 10 >= 400)));
    await page.goto(`${platform.queryUrl}/traces?q=${encodeURIComponent('landmark 3')}`);
    await expect.poll(rowIds).toEqual(idsOf([CALLS[3]!]));
  });

  it('pages through the list with the API cursor', async () => {
    await page.goto(`${platform.queryUrl}/traces?limit=2`);
    const all = idsOf(CALLS);
    const seen: (string | null | undefined)[] = [];
    for (const expected of [all.slice(0, 2), all.slice(2, 4), all.slice(4)]) {
      await expect.poll(rowIds).toEqual(expected);
      seen.push(...expected);
      if (seen.length < all.length) {
        await page.getByRole('button', { name: 'Next page' }).click();
        await expect.poll(() => new URL(page.url()).searchParams.get('cursor')).toBeTruthy();
      }
    }
    expect(seen).toEqual(all);
    expect(await page.getByRole('button', { name: 'Next page' }).count()).toBe(0);
    // Back in the browser is the previous page: each page is a URL of its own.
    await page.goBack();
    await expect.poll(rowIds).toEqual(all.slice(2, 4));
  });

  it('shows a new trace without a reload when live refresh is on', async () => {
    await page.goto(`${platform.queryUrl}/traces`);
    await expect.poll(rowIds).toEqual(idsOf(CALLS));
    // A click, then the URL: the box is controlled by the URL, which the router updates a moment later
    // (playwright's check() reads the box right after its click and failed under load).
    await page.getByLabel('Live refresh').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('live')).toBe('1');
    expect(await page.getByLabel('Live refresh').isChecked()).toBe(true);
    const late = call(5, 'checkout', 'gpt-4o', 'openai');
    await seedLlmTraces(platform, [late], Date.now() - 60_000);
    await expect.poll(async () => (await rowIds())[0], { timeout: 20_000 }).toBe(late.traceId);
  });
});

describe('a trace', () => {
  it('shows the call with its provider, model, tokens, cost, finish reason and the conversation', async () => {
    const target = CALLS[2]!;
    await page.goto(`${platform.queryUrl}/traces`);
    await page.locator(`tr[data-trace-id="${target.traceId}"] a`).click();
    await page.getByTestId('conversation').waitFor();
    expect(page.url()).toBe(`${platform.queryUrl}/traces/${target.traceId}`);
    const field = (label: string) => page.locator(`[data-testid=span-detail] dd[data-field="${label}"]`).textContent();
    expect(await field('Provider')).toBe(target.provider);
    expect(await field('Model')).toBe(target.model);
    expect(await field('Prompt tokens')).toBe(String(target.promptTokens));
    expect(await field('Cached prompt tokens')).toBe(String(target.cachedTokens));
    expect(await field('Completion tokens')).toBe(String(target.completionTokens));
    expect(await field('Finish reason')).toBe(target.finishReason);
    expect(Number((await field('Cost'))!.replace('$', ''))).toBeCloseTo(seededCostUsd(target), 6);
    const turns = await page.locator('[data-testid=conversation] .turn').evaluateAll((nodes) =>
      nodes.map((node) => ({ role: node.getAttribute('data-role'), text: node.querySelector('.turn-content')?.textContent })),
    );
    expect(turns).toEqual([
      { role: 'system', text: target.system },
      { role: 'user', text: target.question },
      { role: 'assistant', text: target.answer },
    ]);
    expect(await page.locator('[data-testid=waterfall] .wf-row').count()).toBe(2);
    await screenshot(page, 'trace-detail');
  });

  it("shows a truncated call's low quality score with its signals, its exception and events, and its tool calls, as the API gives them", async () => {
    truncated = { ...call(7, 'checkout', 'gpt-4o', 'openai'), finishReason: 'length', answer: 'Landmark 7 stands in the' };
    const streamError = new TypeError('stream closed after 25 tokens');
    streamError.stack = 'TypeError: stream closed after 25 tokens\n    at readStream (src/llm/stream.ts:42:7)\n    at answer (src/routes/ask.ts:18:3)';
    const failing: SeededCall = { ...call(9, 'checkout', 'gpt-4o', 'openai'), exception: streamError, error: true };
    const tooling: SeededCall = { ...call(8, 'support-bot', 'gpt-4o-mini', 'openai'), finishReason: 'tool_calls', toolCalls: [{ id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris"}' }, { id: 'call_b', name: 'get_time', arguments: '{"tz":"Europe/Paris"}' }] };
    await seedLlmTraces(platform, [truncated, failing, tooling], Date.now() - 30 * 60_000);
    // The list already held as many traces as were sent: wait for these calls themselves.
    const llmSpan = (c: SeededCall) =>
      waitFor(
        async () => {
          const response = await fetch(`${platform.queryUrl}/api/traces/${c.traceId}`);
          if (!response.ok) return undefined;
          return ((await response.json()) as { spans: ApiSpan[] }).spans.find((span) => span.span_id === c.spanId);
        },
        (span): span is ApiSpan => span !== undefined,
        30_000,
        `call ${c.spanId} served by the query API`,
      ) as Promise<ApiSpan>;
    const field = (label: string) => page.locator(`[data-testid=span-detail] dd[data-field="${label}"]`).textContent();

    const api = await llmSpan(truncated);
    expect(api.finish_reason).toBe('length');
    expect(api.quality_score).not.toBeNull();
    expect(api.quality_score!).toBeLessThan(1);
    expect(api.quality_signals?.finish_reason?.score).toBeLessThan(1);
    expect(api.exception).toBeNull();
    await page.goto(`${platform.queryUrl}/traces/${truncated.traceId}`);
    await page.getByTestId('quality').waitFor();
    expect(await page.getByTestId('quality-score').textContent()).toBe(api.quality_score!.toFixed(2));
    expect(await field('Quality')).toBe(api.quality_score!.toFixed(2));
    const signals = await page.locator('[data-testid=quality] tr[data-signal]').evaluateAll((rows) =>
      rows.map((row) => ({ name: row.getAttribute('data-signal'), score: row.querySelector('.signal-score')?.textContent })),
    );
    expect(signals.map((signal) => signal.name).sort()).toEqual(Object.keys(api.quality_signals!).sort());
    expect(signals.find((signal) => signal.name === 'finish_reason')?.score).toBe(api.quality_signals!.finish_reason!.score.toFixed(2));
    expect(await page.locator('[data-testid=quality] tr[data-signal=finish_reason]').textContent()).toContain(api.quality_signals!.finish_reason!.detail ?? '');
    expect(await page.getByTestId('exception').count()).toBe(0);
    await screenshot(page, 'trace-quality');

    const failed = await llmSpan(failing);
    expect(failed.exception?.message).toBe(streamError.message);
    await page.goto(`${platform.queryUrl}/traces/${failing.traceId}`);
    const exception = page.getByTestId('exception');
    await exception.waitFor();
    expect(await exception.locator('.exception-type').textContent()).toBe(failed.exception!.type);
    expect(failed.exception!.type).toBe('TypeError');
    expect(await exception.locator('.exception-message').textContent()).toBe(streamError.message);
    expect(await exception.locator('.exception-stack').textContent()).toBe(failed.exception!.stacktrace);
    expect(failed.exception!.stacktrace).toBe(streamError.stack);
    const events = await page.locator('[data-testid=events] li').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-event')));
    expect(events).toEqual(failed.events.map((event) => event.name));
    expect(events).toContain('exception');
    expect(await page.locator('[data-testid=events] li[data-event=exception]').textContent()).toContain(streamError.message);
    await screenshot(page, 'trace-exception');

    const withTools = await llmSpan(tooling);
    expect(withTools.tool_calls?.map((t) => t.name)).toEqual(tooling.toolCalls!.map((t) => t.name));
    await page.goto(`${platform.queryUrl}/traces/${tooling.traceId}`);
    await page.getByTestId('tool-calls').waitFor();
    const shownCalls = await page.locator('[data-testid=tool-calls] .tool-call').evaluateAll((nodes) =>
      nodes.map((node) => ({ name: node.getAttribute('data-tool-call'), args: JSON.parse(node.querySelector('.tool-arguments')?.textContent ?? 'null') as unknown })),
    );
    expect(shownCalls).toEqual(withTools.tool_calls!.map((t) => ({ name: t.name, args: JSON.parse(String(t.arguments)) as unknown })));
    expect(await page.getByTestId('exception').count()).toBe(0);
    await screenshot(page, 'trace-tool-calls');
  });

  it('filters the list by quality bounds kept in the URL, and shows each trace\'s quality as the API gives it', async () => {
    const apiList = async (query: string) =>
      ((await (await fetch(`${platform.queryUrl}/api/traces?${query}`)).json()) as { data: { trace_id: string; quality_score: number | null }[] }).data;
    const low = await apiList('quality_max=0.5');
    expect(low.map((t) => t.trace_id)).toContain(truncated.traceId);
    await page.goto(`${platform.queryUrl}/traces`);
    await page.locator('form[aria-label="trace filters"] input[name=quality_max]').fill('0.5');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(rowIds).toEqual(low.map((t) => t.trace_id));
    expect(new URL(page.url()).searchParams.get('quality_max')).toBe('0.5');
    const cells = () => page.locator('[data-testid=trace-table] tbody td.quality-cell').evaluateAll((nodes) => nodes.map((node) => node.textContent));
    expect(await cells()).toEqual(low.map((t) => (t.quality_score === null ? '–' : t.quality_score.toFixed(2))));
    await screenshot(page, 'traces-quality');

    // The other bound from a shared link: every listed trace's worst call scored at least 0.9, as the API says.
    const high = await apiList('quality_min=0.9');
    expect(high.length).toBeGreaterThan(0);
    expect(high.map((t) => t.trace_id)).not.toContain(truncated.traceId);
    await page.goto(`${platform.queryUrl}/traces?quality_min=0.9`);
    await expect.poll(rowIds).toEqual(high.map((t) => t.trace_id));
    expect(await page.locator('input[name=quality_min]').inputValue()).toBe('0.9');
    expect(await cells()).toEqual(high.map((t) => t.quality_score!.toFixed(2)));
  });

  it('shows an unknown trace as a message, not a blank page', async () => {
    await page.goto(`${platform.queryUrl}/traces/${'0'.repeat(32)}`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('not_found');
    expect(errors).toEqual([]);
  });
});
