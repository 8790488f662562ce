import { describe, expect, it } from 'vitest';
import { activeFilterCount, apiParams, filtersFromSearch, searchFromFilters } from './trace-filters';

describe('trace filters in the URL', () => {
  it('read back exactly what was written, tags repeated, unknown keys ignored', () => {
    const search = new URLSearchParams('service=checkout&tag=a&tag=b&min_cost=0.01&q=refund+policy&range=24h&cursor=abc&limit=20&live=1&nonsense=1');
    const filters = filtersFromSearch(search);
    expect(filters).toEqual({ values: { service: 'checkout', min_cost: '0.01', q: 'refund policy' }, tags: ['a', 'b'], range: '24h', cursor: 'abc', limit: 20, live: true });
    expect(filtersFromSearch(searchFromFilters(filters))).toEqual(filters);
    expect(activeFilterCount(filters)).toBe(6);
  });

  it('keep the quality bounds apart from the feedback bounds, under the API names', () => {
    const filters = filtersFromSearch(new URLSearchParams('quality_min=0.2&quality_max=0.8&min_feedback=0.5'));
    expect(filters.values).toEqual({ quality_min: '0.2', quality_max: '0.8', min_feedback: '0.5' });
    expect(searchFromFilters(filters).toString()).toBe('min_feedback=0.5&quality_min=0.2&quality_max=0.8');
    expect(apiParams(filters, 0, 50)).toEqual({ quality_min: '0.2', quality_max: '0.8', min_feedback: '0.5', limit: '50' });
  });

  it('turn a relative range into `from` unless one is given, and never send an out-of-range page size', () => {
    const now = Date.parse('2026-12-03T12:00:00Z');
    expect(apiParams(filtersFromSearch(new URLSearchParams('range=1h&limit=9999')), now, 50)).toEqual({ from: '2026-12-03T11:00:00.000Z', limit: '50' });
    expect(apiParams(filtersFromSearch(new URLSearchParams('range=1h&from=2026-01-01')), now, 50)).toEqual({ from: '2026-01-01', limit: '50' });
    expect(apiParams(filtersFromSearch(new URLSearchParams('tag=x&cursor=c')), now, 50)).toEqual({ tag: ['x'], cursor: 'c', limit: '50' });
  });
});
