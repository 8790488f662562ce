import { Counter, Histogram, type Registry } from 'prom-client';
import { createServiceRegistry } from '@lumina/runtime';

/** The alerter's metrics, in a registry of its own so that several replicas can share a test process. */
export interface AlerterMetrics {
  registry: Registry;
  factsReceived: Counter;
  factsCounted: Counter;
  alertsFired: Counter<'type'>;
  alertsResolved: Counter<'type'>;
  notificationsDelivered: Counter<'channel' | 'event'>;
  notificationsFailed: Counter<'channel' | 'event'>;
  deliveryAttemptsFailed: Counter<'channel'>;
  messageSeconds: Histogram;
}

export function createAlerterMetrics(): AlerterMetrics {
  const registry = createServiceRegistry('alerter');
  const counter = <L extends string>(name: string, help: string, labelNames: L[] = []) => new Counter<L>({ name, help, labelNames, registers: [registry] });
  return {
    registry,
    factsReceived: counter('lumina_alert_facts_received_total', 'Facts of stored LLM calls received'),
    factsCounted: counter('lumina_alert_facts_counted_total', 'Facts counted in at least one rule window (new, matching a rule)'),
    alertsFired: counter('lumina_alerts_fired_total', 'Alerts fired (one per incident)', ['type']),
    alertsResolved: counter('lumina_alerts_resolved_total', 'Alerts resolved', ['type']),
    notificationsDelivered: counter('lumina_alert_notifications_delivered_total', 'Notifications a webhook accepted', ['channel', 'event']),
    notificationsFailed: counter('lumina_alert_notifications_failed_total', 'Notifications given up on (out of attempts or refused)', ['channel', 'event']),
    deliveryAttemptsFailed: counter('lumina_alert_delivery_attempts_failed_total', 'Delivery attempts that failed and will be retried', ['channel']),
    messageSeconds: new Histogram({
      name: 'lumina_alerter_message_duration_seconds',
      help: 'Time to count and judge one facts message (one transaction)',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [registry],
    }),
  };
}
