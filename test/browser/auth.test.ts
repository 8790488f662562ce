/**
 * With AUTH_REQUIRED=true the dashboard asks for an API key when the query API answers 401,
 * keeps it in localStorage and sends it as a Bearer token from then on.
 */
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '@lumina/db';
import { launchBrowser, newPage } from '../support/browser.js';
import { seedLlmTraces } from '../support/llm-traces.js';
import { startPlatform, type TestPlatform } from '../support/platform.js';
import { waitFor } from '../support/wait.js';

let platform: TestPlatform;
let browser: Browser;
let page: Page;
let readKey: string;

beforeAll(async () => {
  platform = await startPlatform({ queryEnv: { AUTH_REQUIRED: 'true', AUTH_KEYS_REFRESH_MS: '200' } });
  const pool = new pg.Pool({ connectionString: platform.databaseUrl });
  readKey = (await createApiKey(pool, { projectId: 'default', scopes: ['read'] })).key;
  await pool.end();
  const headers = { authorization: `Bearer ${readKey}` };
  await waitFor(async () => (await fetch(`${platform.queryUrl}/api/traces`, { headers })).status, (status) => status === 200, 10_000, 'the key known to the query API');
  await seedLlmTraces(
    platform,
    [{ service: 'secure-app', model: 'gpt-4o', provider: 'openai', system: 's', question: 'Is this private?', answer: 'Yes.', promptTokens: 5, cachedTokens: 0, completionTokens: 2, latencyMs: 100, user: 'u', tags: [], finishReason: 'stop' }],
    Date.now() - 60_000,
    headers,
  );
  browser = await launchBrowser();
  ({ page } = await newPage(browser));
});
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

describe('an API key', () => {
  it('is asked for on a 401, kept in the browser and sent on every call', async () => {
    await page.goto(`${platform.queryUrl}/traces`);
    const prompt = page.getByTestId('auth-required');
    await prompt.waitFor();
    expect(await prompt.textContent()).toContain('An API key is needed');

    await prompt.locator('input[name=api-key]').fill(readKey);
    await prompt.getByRole('button', { name: 'Save key' }).click();
    const rows = page.locator('[data-testid=trace-table] tbody tr');
    await expect.poll(() => rows.count()).toBe(1);

    await page.reload();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('secure-app');
  });
});
