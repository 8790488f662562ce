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

  it('keeps quality_floor and quality_threshold when a rule is edited through the page', async () => {
    const created = (await (
      await fetch(`${platform.queryUrl}/api/alert-rules`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'cost up, quality down', type: 'dual_signal', threshold: 1.8, window: '1h', quality_floor: 0.55, quality_threshold: 0.15 }),
      })
    ).json()) as { rule_id: string };
    type Stored = { name: string; type: string; threshold: number; quality_floor: number | null; quality_threshold: number | null; enabled: boolean };
    const stored = async () => (await (await fetch(`${platform.queryUrl}/api/alert-rules/${created.rule_id}`)).json()) as Stored;
    expect(await stored()).toMatchObject({ quality_floor: 0.55, quality_threshold: 0.15 });

    await page.goto(`${platform.queryUrl}/alerts`);
    const row = page.locator(`[data-testid=alert-rules] tbody tr[data-rule-id="${created.rule_id}"]`);
    await row.getByRole('button', { name: 'Edit' }).click();
    const form = page.locator('form[aria-label="Save rule"]');
    expect(await form.locator('input[name=quality_floor]').inputValue()).toBe('0.55');
    expect(await form.locator('input[name=quality_threshold]').inputValue()).toBe('0.15');
    // Change something else only: the quality fields go back as they were, not as the API's defaults.
    await form.locator('input[name=name]').fill('cost up, quality down (checkout)');
    await form.getByRole('button', { name: 'Save rule' }).click();
    await expect.poll(async () => (await stored()).name).toBe('cost up, quality down (checkout)');
    expect(await stored()).toMatchObject({ type: 'dual_signal', threshold: 1.8, quality_floor: 0.55, quality_threshold: 0.15 });

    // Changed in the form, the new floor is what the API stores; muting keeps both.
    await row.getByRole('button', { name: 'Edit' }).click();
    await form.locator('input[name=quality_floor]').fill('0.4');
    await form.getByRole('button', { name: 'Save rule' }).click();
    await expect.poll(async () => (await stored()).quality_floor).toBe(0.4);
    await row.getByRole('button', { name: 'Mute' }).click();
    await expect.poll(async () => (await stored()).enabled).toBe(false);
    expect(await stored()).toMatchObject({ quality_floor: 0.4, quality_threshold: 0.15 });
    expect(await row.locator('td[data-field=threshold]').textContent()).toBe('1.8 · floor 0.4 · quality −0.15');
  });
});
