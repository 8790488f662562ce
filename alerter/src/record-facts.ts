import type pg from 'pg';
import {
  addFact,
  BASELINE_WINDOWS,
  emptyWindowStats,
  judgeWindow,
  shiftWindowMs,
  type AlertFact,
  type AlertRule,
  type WindowStats,
} from '@lumina/core';
import { claimFactKeys, inTransaction, enabledRulesQuery, factKeyText, lockSeries, readIncident, readWindowStats, ruleFromRow, writeWindowStats, type AlertRuleRow } from '@lumina/db';
import { applyVerdict, noChanges, type IncidentChanges, type IncidentState } from './incidents.js';
import { planFacts, seriesLockKey, type SeriesWork } from './plan-facts.js';

export interface RecordDeps {
  pool: pg.Pool;
  cooldownMs: number;
  now: () => number;
}

export interface RecordResult extends IncidentChanges {
  counted: number;
}

async function enabledRules(pool: pg.Pool, facts: AlertFact[]): Promise<AlertRule[]> {
  const projects = [...new Set(facts.map((fact) => fact.projectId))];
  const { text, values } = enabledRulesQuery(projects);
  return (await pool.query<AlertRuleRow>(text, values)).rows.map(ruleFromRow);
}

/** Adds the new facts to their windows, then judges every touched window (oldest first) against the windows before it. */
async function countAndJudge(client: pg.ClientBase, work: SeriesWork, isNew: (fact: AlertFact) => boolean, deps: RecordDeps, changes: IncidentChanges): Promise<number> {
  const { rule, spec, series } = work;
  const touched = [...work.windows.keys()].sort((a, b) => a - b);
  const historySize = rule.type === 'budget' ? 0 : BASELINE_WINDOWS;
  const from = shiftWindowMs(spec, touched[0] as number, -historySize);
  const stored = await readWindowStats<WindowStats>(client, rule.ruleId, series, from, touched.at(-1) as number);
  let counted = 0;
  const writes = [];
  for (const start of touched) {
    let stats = stored.get(start) ?? emptyWindowStats();
    for (const fact of work.windows.get(start) ?? []) {
      if (!isNew(fact)) continue;
      stats = addFact(stats, rule.type, fact);
      counted += 1;
    }
    stored.set(start, stats);
    writes.push({ ruleId: rule.ruleId, series, windowStartMs: start, stats });
  }
  if (counted === 0) return 0;
  await writeWindowStats(client, writes);

  const incident = await readIncident(client, rule.ruleId, series);
  const state: IncidentState = { open: incident.open, lastResolvedAtMs: incident.lastResolvedAt?.getTime() ?? null };
  for (const start of touched) {
    const history: WindowStats[] = [];
    for (let step = 1; step <= historySize; step += 1) {
      const earlier = stored.get(shiftWindowMs(spec, start, -step));
      if (earlier) history.push(earlier);
    }
    const stats = stored.get(start) as WindowStats;
    const verdict = judgeWindow(rule, stats, history);
    await applyVerdict(client, { rule, spec, series, windowStartMs: start, stats, verdict, historyWindows: history.length }, state, deps.now(), deps.cooldownMs, changes);
  }
  return counted;
}

/**
 * One facts message in one transaction: the calls not counted before are added to the windows
 * of every rule they match, the touched windows are judged, and alerts with their outbox
 * notifications are written. The caller acks the message only after this commits, so a crash
 * at any point redoes the message and the fact keys keep it from counting twice.
 */
export async function recordFacts(facts: AlertFact[], deps: RecordDeps): Promise<RecordResult> {
  const result: RecordResult = { ...noChanges(), counted: 0 };
  if (facts.length === 0) return result;
  const rules = await enabledRules(deps.pool, facts);
  const work = planFacts(rules, facts);
  if (work.length === 0) return result;

  const matched = new Map<string, AlertFact>();
  for (const entry of work) for (const list of entry.windows.values()) for (const fact of list) matched.set(factKeyText(fact), fact);

  return inTransaction(deps.pool, async (client) => {
    await lockSeries(client, work.map(seriesLockKey));
    const fresh = await claimFactKeys(client, [...matched.values()]);
    if (fresh.size > 0) {
      const isNew = (fact: AlertFact) => fresh.has(factKeyText(fact));
      for (const entry of work) await countAndJudge(client, entry, isNew, deps, result);
      result.counted = fresh.size;
    }
    return result;
  });
}
