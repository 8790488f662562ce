import type { Verdict } from './judge.js';
import type { AlertRule, AlertType } from './rule.js';

const usd = (value: number | null) => (value === null ? 'n/a' : `$${value < 0.01 ? value.toPrecision(3) : value.toFixed(2)}`);
const ms = (value: number | null) => (value === null ? 'n/a' : `${Math.round(value)} ms`);
const score = (value: number | null) => (value === null ? 'n/a' : value.toFixed(2));
const pct = (value: number | null) => (value === null ? '' : ` (${value >= 0 ? '+' : ''}${Math.round(value)}%)`);

const WHAT: Record<AlertType, string> = {
  cost_spike: 'cost per call',
  latency_spike: 'latency per call',
  quality_drop: 'average quality',
  error_rate: 'error rate',
  budget: 'spend',
  dual_signal: 'cost per call up and quality down',
};

/** The human line of an alert, for the webhook body's `message` and the Slack text. */
export function alertMessage(rule: AlertRule, verdict: Verdict, scope: { service: string | null; model: string | null; window: string }, status: 'firing' | 'resolved'): string {
  const where = [scope.service && `service ${scope.service}`, scope.model && `model ${scope.model}`, rule.tag && `tag ${rule.tag}`, rule.userId && `user ${rule.userId}`].filter(Boolean).join(', ');
  const head = `${status === 'resolved' ? 'Resolved' : 'Firing'}: ${rule.name} — ${WHAT[rule.type]}${where ? ` for ${where}` : ''}`;
  switch (rule.type) {
    case 'cost_spike':
      return `${head}: ${usd(verdict.current)} vs baseline ${usd(verdict.baseline)}${pct(verdict.changePct)} over ${scope.window}`;
    case 'latency_spike':
      return `${head}: ${ms(verdict.current)} vs baseline ${ms(verdict.baseline)}${pct(verdict.changePct)} over ${scope.window}`;
    case 'quality_drop':
      return `${head}: ${score(verdict.current)} vs baseline ${score(verdict.baseline)}${pct(verdict.changePct)} over ${scope.window}`;
    case 'error_rate':
      return `${head}: ${verdict.current === null ? 'n/a' : `${(verdict.current * 100).toFixed(1)}%`} (threshold ${(rule.threshold * 100).toFixed(1)}%) over ${scope.window}`;
    case 'budget':
      return `${head}: ${usd(verdict.current)} of a ${usd(rule.threshold)} budget per ${scope.window}`;
    case 'dual_signal':
      return `${head}: cost ${usd(verdict.current)} vs ${usd(verdict.baseline)}${pct(verdict.changePct)}, quality ${score(verdict.quality?.current ?? null)} vs ${score(verdict.quality?.baseline ?? null)}${pct(verdict.quality?.changePct ?? null)} over ${scope.window}`;
  }
}
