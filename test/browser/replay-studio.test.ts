/**
 * The replay studio in headless Chromium: traces sent through OTLP are selected in the trace
 * list, captured into a set, run in simulation mode through the query API's /replay proxy
 * with a model override, and compared side by side with the word diff, regressions first.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestReplay, type TestReplay } from '../../replay/testing/test-replay.js';
import { launchBrowser, newPage, screenshot } from '../support/browser.js';
import { freePort } from '../support/free-port.js';
import { seedLlmTraces, type SeededCall } from '../support/llm-traces.js';
import { startPlatform, type TestPlatform } from '../support/platform.js';

const CALLS: SeededCall[] = [0, 1, 2].map((i) => ({
  service: 'travel-app',
  model: 'gpt-4o',
  provider: 'openai',
  system: 'You are a concise travel assistant.',
  question: `What should I see in city ${i}?`,
  answer: `City ${i} is easy: start early, buy a big map, get a good and quick tram pass, check the great example routes, try the small market and also choose a fast ferry.`,
  promptTokens: 60,
  cachedTokens: 0,
  completionTokens: 25,
  latencyMs: 900 + i * 100,
  user: 'traveller',
  tags: ['replay-me'],
  finishReason: 'stop',
}));

let platform: TestPlatform;
let replay: TestReplay;
let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  const replayPort = await freePort();
  platform = await startPlatform({ queryEnv: { REPLAY_URL: `http://127.0.0.1:${replayPort}` } });
  replay = await startTestReplay(platform.databaseUrl, { REPLAY_PORT: String(replayPort), REPLAY_MODE: 'simulation' });
  await seedLlmTraces(platform, CALLS, Date.now() - 30 * 60_000);
  browser = await launchBrowser();
  ({ page, errors } = await newPage(browser));
});
afterAll(async () => {
  await browser?.close();
  await replay?.stop();
  await platform?.stop();
});

describe('the replay studio', () => {
  it('captures the traces selected in the trace list, runs them with provider, model and prompt overrides and shows the diff, regressions first', async () => {
    const chosen = [CALLS[0]!, CALLS[2]!];
    await page.goto(`${platform.queryUrl}/traces`);
    for (const call of chosen) await page.getByLabel(`select ${call.traceId}`).check();
    await page.getByRole('button', { name: 'Replay 2 selected' }).click();
    const form = page.locator('form[aria-label="capture a replay set"]');
    expect((await form.locator('textarea[name=trace_ids]').inputValue()).split('\n').sort()).toEqual(chosen.map((c) => c.traceId).sort());
    await form.locator('input[name=name]').fill('cheaper model');
    await form.getByRole('button', { name: 'Capture replay set' }).click();
    await page.waitForURL(/\/replays\/[^/]+$/);
    const replayId = page.url().split('/').at(-1)!;

    const run = page.locator('form[aria-label="run the replay"]');
    await run.locator('input[name=provider]').fill('anthropic');
    await run.locator('input[name=model]').fill('claude-haiku-4-5');
    await run.locator('input[name=temperature]').fill('1');
    await run.locator('input[name=prompt_template]').fill('Answer briefly. {{input}}');
    await run.getByRole('button', { name: 'Run replay' }).click();
    await expect.poll(() => page.getByTestId('replay-status').textContent(), { timeout: 30_000 }).toBe('completed');
    expect(await page.getByTestId('replay-mode').textContent()).toBe('simulation');
    await expect.poll(() => page.getByTestId('replay-result').count()).toBe(2);

    const diff = (await (await fetch(`${replay.url}/replay/${replayId}/diff`)).json()) as {
      results: { span_id: string; replay_model: string; original_response: string; replay_response: string; regression: boolean; semantic_score: number }[];
    };
    expect(diff.results.map((r) => r.replay_model)).toEqual(['claude-haiku-4-5', 'claude-haiku-4-5']);
    expect(diff.results.some((r) => r.replay_response !== r.original_response)).toBe(true);
    const shown = await page.getByTestId('replay-result').evaluateAll((nodes) =>
      nodes.map((node) => ({
        span: node.getAttribute('data-span-id'),
        regression: node.getAttribute('data-regression') === 'true',
        original: node.querySelector('[data-testid=original-response]')?.textContent,
        replay: node.querySelector('[data-testid=replay-response]')?.textContent,
        added: [...node.querySelectorAll('[data-testid=word-diff] ins')].map((part) => part.textContent).join(''),
      })),
    );
    for (const card of shown) {
      const result = diff.results.find((r) => r.span_id === card.span)!;
      expect(card.original).toBe(result.original_response);
      expect(card.replay).toBe(result.replay_response);
      // Every word the replay added shows as an insertion, and nothing else does.
      if (result.replay_response === result.original_response) expect(card.added).toBe('');
      else expect(card.added.length).toBeGreaterThan(0);
    }
    const regressionsAt = shown.map((card) => card.regression);
    expect(regressionsAt).toEqual([...regressionsAt].sort((a, b) => Number(b) - Number(a)));
    await page.getByTestId('replay-result').first().locator('summary').click();
    await screenshot(page, 'replay-studio');
  });

  it('lists the set with its figures', async () => {
    await page.goto(`${platform.queryUrl}/replays`);
    const row = page.locator('[data-testid=replay-sets] tbody tr').first();
    await row.waitFor();
    expect(await row.locator('td').first().textContent()).toBe('cheaper model');
    expect(await row.locator('td').nth(4).textContent()).toBe('2/2');
    expect(errors).toEqual([]);
  });
});
