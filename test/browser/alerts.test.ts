/**
 * The alerts page in headless Chromium (API.md "Alerts", served by the query API): a rule is
 * created and muted through the page and read back from the API.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPage, screenshot } from '../support/browser.js';
import { startPlatform, type TestPlatform } from '../support/platform.js';

let platform: TestPlatform;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  platform = await startPlatform();
  browser = await launchBrowser();
  ({ page } = await newPage(browser));
});
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

describe('alerts', () => {
  it('creates a rule and mutes it', async () => {
    await page.goto(`${platform.queryUrl}/alerts`);
    const form = page.locator('form[aria-label="Create rule"]');
    await form.locator('input[name=name]').fill('checkout cost spike');
    await form.locator('select[name=type]').selectOption('cost_spike');
    await form.locator('input[name=threshold]').fill('1.5');
    await form.locator('input[name=service]').fill('checkout');
    await form.locator('input[name=window]').fill('1h');
    await form.getByRole('button', { name: 'Create rule' }).click();
    const row = page.locator('[data-testid=alert-rules] tbody tr', { hasText: 'checkout cost spike' });
    await row.waitFor();
    const ruleId = await row.getAttribute('data-rule-id');
    const stored = async () => (await (await fetch(`${platform.queryUrl}/api/alert-rules/${ruleId}`)).json()) as { name: string; type: string; threshold: number; service: string; enabled: boolean };
    expect(await stored()).toMatchObject({ name: 'checkout cost spike', type: 'cost_spike', threshold: 1.5, service: 'checkout', enabled: true });
    await row.getByRole('button', { name: 'Mute' }).click();
    await expect.poll(async () => (await stored()).enabled).toBe(false);
    await screenshot(page, 'alerts');
  });
});
