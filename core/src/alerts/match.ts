import type { AlertFact } from './fact.js';
import type { AlertRule } from './rule.js';

/** True when the fact is one of the calls the rule watches (its filters, all optional, combine). */
export function ruleMatches(rule: AlertRule, fact: AlertFact): boolean {
  return (
    rule.projectId === fact.projectId &&
    (rule.service === null || rule.service === fact.service) &&
    (rule.model === null || rule.model === fact.model) &&
    (rule.userId === null || rule.userId === fact.userId) &&
    (rule.tag === null || fact.tags.includes(rule.tag))
  );
}

/**
 * The series a fact counts in: a rule without a service is judged per service (each service
 * its own baseline and incident), except budgets, which add up everything they select.
 * Models are never split: a model switch must compare against the old model's baseline.
 */
export function seriesOf(rule: AlertRule, fact: AlertFact): string {
  if (rule.type === 'budget' || rule.service !== null) return '';
  return fact.service;
}
