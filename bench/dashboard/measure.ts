import type { Browser, Page } from 'playwright-core';

/** ms since the page's navigation started: when it showed its data, and when it answered a first interaction. */
export interface Timing {
  renderedMs: number;
  interactiveMs: number;
  /** when the app's script had arrived, and when the API call it made started and ended (resource timing) */
  scriptLoadedMs: number;
  apiStartMs: number;
  apiEndMs: number;
}

const now = (page: Page) => page.evaluate(() => performance.now());

/** Where the time went: the app script's arrival and the API call's span, from the page's resource timing. */
async function phases(page: Page, apiPath: string): Promise<Pick<Timing, 'scriptLoadedMs' | 'apiStartMs' | 'apiEndMs'>> {
  return page.evaluate((path) => {
    // (plain shapes: this file is type-checked without the DOM library)
    const entries = performance.getEntriesByType('resource') as unknown as { name: string; startTime: number; responseEnd: number }[];
    const script = entries.find((entry) => /\/assets\/index-.*\.js$/.test(entry.name));
    const api = entries.find((entry) => new URL(entry.name).pathname === path);
    return { scriptLoadedMs: script?.responseEnd ?? NaN, apiStartMs: api?.startTime ?? NaN, apiEndMs: api?.responseEnd ?? NaN };
  }, apiPath);
}

async function freshPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  return context.newPage();
}

/**
 * The trace list: rendered when its 50 rows are in the table; interactive when a click on a
 * row's checkbox has shown the "Replay 1 selected" button.
 */
export async function measureTraceList(browser: Browser, baseUrl: string): Promise<Timing> {
  const page = await freshPage(browser);
  try {
    await page.goto(`${baseUrl}/traces`, { waitUntil: 'commit' });
    await page.locator('[data-testid=trace-table] tbody tr').nth(49).waitFor();
    const renderedMs = await now(page);
    await page.locator('[data-testid=trace-table] tbody tr input[type=checkbox]').first().click();
    await page.getByRole('button', { name: 'Replay 1 selected' }).waitFor();
    return { renderedMs, interactiveMs: await now(page), ...(await phases(page, '/api/traces')) };
  } finally {
    await page.context().close();
  }
}

/**
 * A big trace: rendered when the waterfall holds every span and the first LLM call's detail
 * shows its conversation; interactive when a click on another span has shown that span, and
 * a scroll to the end of the waterfall has rendered its last row.
 */
export async function measureBigTrace(browser: Browser, baseUrl: string, traceId: string, spanCount: number): Promise<Timing> {
  const page = await freshPage(browser);
  try {
    await page.goto(`${baseUrl}/traces/${traceId}`, { waitUntil: 'commit' });
    await page.locator(`[data-testid=waterfall][data-span-count="${spanCount}"]`).waitFor();
    await page.getByTestId('conversation').waitFor();
    const renderedMs = await now(page);
    const target = page.locator('[data-testid=waterfall] .wf-row').nth(3);
    const name = (await target.locator('.wf-name').textContent())!.trim();
    await target.click();
    await page.locator('[data-testid=span-detail] h2', { hasText: name.replace(/^LLM\s*/, '') }).waitFor();
    await page.getByTestId('waterfall').evaluate((element) => element.scrollTo(0, element.scrollHeight));
    await page.locator(`[data-testid=waterfall] .wf-row[data-index="${spanCount - 1}"]`).waitFor();
    return { renderedMs, interactiveMs: await now(page), ...(await phases(page, `/api/traces/${traceId}`)) };
  } finally {
    await page.context().close();
  }
}
