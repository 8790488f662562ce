/**
 * The alerts page in headless Chromium. Alerts are built beside the dashboard (API.md
 * "Alerts"): where this query API serves them, a rule is created and muted through the page and
 * read back from the API; where it does not, the page says the alerts service is not reachable.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPage, screenshot } from '../support/browser.js';
import { startPlatform, type TestPlatform } from '../support/platform.js';

let platform: TestPlatform;
let browser: Browser;
let page: Page;
let alertsServed: boolean;

beforeAll(async () => {
  platform = await startPlatform();
  const probe = await fetch(`${platform.queryUrl}/api/alert-rules`);
  const body = (await probe.json()) as { error?: { message?: string } };
  alertsServed = !(probe.status === 404 && body.error?.message?.startsWith('no route'));
  browser = await launchBrowser();
  ({ page } = await newPage(browser));
});
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

describe('alerts', () => {
  it('creates a rule and mutes it, or says the alerts service is not reachable', async () => {
    await page.goto(`${platform.queryUrl}/alerts`);
    if (!alertsServed) {
      const message = page.getByTestId('alerts-unavailable');
      await message.waitFor();
      expect(await message.textContent()).toContain('The alerts service is not reachable');
      await screenshot(page, 'alerts');
      return;
    }
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
