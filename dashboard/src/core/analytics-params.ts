/** The analytics page's settings as they live in the URL, and the API parameters and trace links they make. */
export const GROUPS = ['service', 'model', 'provider', 'user_id', 'tag'] as const;
export type Group = (typeof GROUPS)[number];
export const ANALYTICS_RANGES: Record<string, number> = { '1h': 3_600_000, '6h': 6 * 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 };
const UNIT_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;
export type Interval = keyof typeof UNIT_MS;

export interface AnalyticsSettings {
  range: string;
  /** a custom window (ISO 8601 or epoch ms); both set, they replace the range */
  from: string;
  to: string;
  groupBy: Group;
  service: string;
  model: string;
  provider: string;
}

export function settingsFromSearch(search: URLSearchParams): AnalyticsSettings {
  const range = search.get('range') ?? '24h';
  const groupBy = search.get('group_by') ?? 'model';
  return {
    range: range in ANALYTICS_RANGES ? range : '24h',
    from: search.get('from') ?? '',
    to: search.get('to') ?? '',
    groupBy: (GROUPS as readonly string[]).includes(groupBy) ? (groupBy as Group) : 'model',
    service: search.get('service') ?? '',
    model: search.get('model') ?? '',
    provider: search.get('provider') ?? '',
  };
}

export function searchFromSettings(settings: AnalyticsSettings): URLSearchParams {
  const search = new URLSearchParams({ range: settings.range, group_by: settings.groupBy });
  for (const key of ['service', 'model', 'provider', 'from', 'to'] as const) if (settings[key]) search.set(key, settings[key]);
  return search;
}

function timeOf(text: string): number {
  return /^\d+$/.test(text) ? Number(text) : Date.parse(text);
}

/** The API's own default bucket size for a range (≤ 6 h minutes, ≤ 7 d hours, else days). */
export function intervalFor(rangeMs: number): Interval {
  if (rangeMs <= 6 * 3_600_000) return 'minute';
  if (rangeMs <= 7 * 86_400_000) return 'hour';
  return 'day';
}

/** A fixed window: `to` is rounded up to the next minute so that repeated renders ask the same (cacheable) question. */
export function windowOf(settings: AnalyticsSettings, nowMs: number): { fromMs: number; toMs: number; interval: Interval } {
  const customFrom = timeOf(settings.from);
  const customTo = timeOf(settings.to);
  if (Number.isFinite(customFrom) && Number.isFinite(customTo) && customTo > customFrom) {
    return { fromMs: customFrom, toMs: customTo, interval: intervalFor(customTo - customFrom) };
  }
  const toMs = Math.ceil(nowMs / 60_000) * 60_000;
  const rangeMs = ANALYTICS_RANGES[settings.range] ?? 86_400_000;
  return { fromMs: toMs - rangeMs, toMs, interval: intervalFor(rangeMs) };
}

export function analyticsParams(settings: AnalyticsSettings, window: { fromMs: number; toMs: number; interval: Interval }): Record<string, string> {
  const params: Record<string, string> = {
    from: new Date(window.fromMs).toISOString(),
    to: new Date(window.toMs).toISOString(),
    interval: window.interval,
    group_by: settings.groupBy,
  };
  for (const key of ['service', 'model', 'provider'] as const) if (settings[key]) params[key] = settings[key];
  return params;
}

/** The trace list behind a chart point or a breakdown row: same filters, the bucket's (or the range's) time, the group's key. */
export function tracesLink(settings: AnalyticsSettings, fromMs: number, toMs: number, group?: { by: Group; key: string | null }): string {
  const search = new URLSearchParams({ from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() });
  for (const key of ['service', 'model', 'provider'] as const) if (settings[key]) search.set(key, settings[key]);
  if (group && group.key !== null) search.set(group.by, group.key);
  return `/traces?${search.toString()}`;
}

/** Where a trend bucket ends. */
export function bucketEndMs(bucketIso: string, interval: Interval): number {
  return Date.parse(bucketIso) + UNIT_MS[interval];
}
