/**
 * The trace list's filters as they live in the URL: exactly the API's parameter names, so a
 * link is a query, plus `range` (a relative time window) which becomes `from` when sent.
 */
export const TEXT_FILTERS = [
  'service',
  'model',
  'provider',
  'status',
  'user_id',
  'session_id',
  'from',
  'to',
  'min_cost',
  'max_cost',
  'min_latency',
  'max_latency',
  'min_feedback',
  'max_feedback',
  'quality_min',
  'quality_max',
  'q',
] as const;

export type TextFilter = (typeof TEXT_FILTERS)[number];

export interface TraceFilters {
  values: Partial<Record<TextFilter, string>>;
  tags: string[];
  /** relative window ending now: 15m, 1h, 24h, 7d, 30d */
  range: string | null;
  cursor: string | null;
  /** page size, when not the default */
  limit: number | null;
  live: boolean;
}

export const RANGES: Record<string, number> = { '15m': 15 * 60_000, '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 };

/** The API accepts 1–500 traces a page. */
function pageSize(text: string | null): number | null {
  const value = Number(text);
  return text !== null && Number.isInteger(value) && value >= 1 && value <= 500 ? value : null;
}

/** Reads the filters from a URL query string. */
export function filtersFromSearch(search: URLSearchParams): TraceFilters {
  const values: TraceFilters['values'] = {};
  for (const key of TEXT_FILTERS) {
    const value = search.get(key);
    if (value !== null && value !== '') values[key] = value;
  }
  const range = search.get('range');
  return {
    values,
    tags: search.getAll('tag').filter((tag) => tag !== ''),
    range: range !== null && range in RANGES ? range : null,
    cursor: search.get('cursor'),
    limit: pageSize(search.get('limit')),
    live: search.get('live') === '1',
  };
}

/** Writes the filters back into a URL query string (empty values left out). */
export function searchFromFilters(filters: TraceFilters): URLSearchParams {
  const search = new URLSearchParams();
  for (const key of TEXT_FILTERS) {
    const value = filters.values[key];
    if (value !== undefined && value !== '') search.set(key, value);
  }
  for (const tag of filters.tags) search.append('tag', tag);
  if (filters.range) search.set('range', filters.range);
  if (filters.cursor) search.set('cursor', filters.cursor);
  if (filters.limit) search.set('limit', String(filters.limit));
  if (filters.live) search.set('live', '1');
  return search;
}

/** The API's query parameters for these filters at time `nowMs` (a range becomes `from`). */
export function apiParams(filters: TraceFilters, nowMs: number, defaultLimit: number): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = { ...(filters.values as Record<string, string>), limit: String(filters.limit ?? defaultLimit) };
  if (filters.tags.length > 0) params.tag = filters.tags;
  if (filters.range && !filters.values.from) params.from = new Date(nowMs - (RANGES[filters.range] ?? 0)).toISOString();
  if (filters.cursor) params.cursor = filters.cursor;
  return params;
}

/** How many filters are set (shown on the filter bar; cursor and live are not filters). */
export function activeFilterCount(filters: TraceFilters): number {
  return Object.keys(filters.values).length + filters.tags.length + (filters.range ? 1 : 0);
}
