import { parseWindow, ruleMatches, seriesOf, windowStartMs, type AlertFact, type AlertRule, type WindowSpec } from '@lumina/core';

/** The facts of one rule series, by the window they fall in. */
export interface SeriesWork {
  rule: AlertRule;
  spec: WindowSpec;
  series: string;
  /** window start (ms) → the facts in it, in arrival order */
  windows: Map<number, AlertFact[]>;
}

/** Groups a message's facts by rule series and window (pure: what the transaction will touch). */
export function planFacts(rules: AlertRule[], facts: AlertFact[]): SeriesWork[] {
  const work = new Map<string, SeriesWork>();
  for (const rule of rules) {
    const spec = parseWindow(rule.window, rule.type === 'budget');
    if (!spec) continue; // validated on write; a hand-edited row is skipped
    for (const fact of facts) {
      if (!ruleMatches(rule, fact)) continue;
      const series = seriesOf(rule, fact);
      const key = `${rule.ruleId}/${series}`;
      let entry = work.get(key);
      if (!entry) work.set(key, (entry = { rule, spec, series, windows: new Map() }));
      const start = windowStartMs(spec, fact.startMs);
      const list = entry.windows.get(start);
      if (list) list.push(fact);
      else entry.windows.set(start, [fact]);
    }
  }
  return [...work.values()];
}

export const seriesLockKey = (work: { rule: AlertRule; series: string }) => `alert-series/${work.rule.ruleId}/${work.series}`;
