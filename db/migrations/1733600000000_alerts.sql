-- Up Migration

-- Alert rules (API.md "Alerts"), written through the query API, evaluated by the alerter.
CREATE TABLE alert_rules (
  project_id         text        NOT NULL,
  rule_id            text        PRIMARY KEY DEFAULT gen_random_uuid()::text,
  name               text        NOT NULL,
  type               text        NOT NULL CHECK (type IN ('cost_spike', 'quality_drop', 'latency_spike', 'budget', 'error_rate', 'dual_signal')),
  service            text,
  model              text,
  tag                text,
  user_id            text,
  threshold          double precision NOT NULL,
  "window"           text        NOT NULL,
  min_samples        integer     NOT NULL,
  quality_floor      double precision,
  quality_threshold  double precision,
  webhook_url        text,
  slack_webhook_url  text,
  enabled            boolean     NOT NULL DEFAULT true,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alert_rules_project_idx ON alert_rules (project_id, created_at);

-- The alerter's window state, by event time: one row per rule, series (a service, or '' when
-- the rule is not split) and window; the stats are core's WindowStats. Survives restarts and
-- is shared by every alerter replica (row changes happen under a per-series advisory lock).
CREATE TABLE alert_window_stats (
  rule_id       text        NOT NULL REFERENCES alert_rules (rule_id) ON DELETE CASCADE,
  series        text        NOT NULL,
  window_start  timestamptz NOT NULL,
  stats         jsonb       NOT NULL,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (rule_id, series, window_start)
);

-- Calls already counted (a facts message redelivered after a crash, or republished by the
-- processors after theirs, counts once); pruned after ALERTER_DEDUPE_RETENTION_MS.
CREATE TABLE alert_fact_keys (
  project_id  text        NOT NULL,
  trace_id    text        NOT NULL,
  span_id     text        NOT NULL,
  seen_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (project_id, trace_id, span_id)
);
CREATE INDEX alert_fact_keys_seen_idx ON alert_fact_keys (seen_at);

-- Alerts with their evidence. At most one firing alert per rule and series: one incident, one alert.
CREATE TABLE alerts (
  project_id          text        NOT NULL,
  alert_id            text        PRIMARY KEY DEFAULT gen_random_uuid()::text,
  rule_id             text        NOT NULL,
  series              text        NOT NULL,
  type                text        NOT NULL,
  service             text,
  model               text,
  status              text        NOT NULL CHECK (status IN ('firing', 'resolved')),
  baseline            double precision,
  current             double precision,
  change_pct          double precision,
  threshold           double precision NOT NULL,
  "window"            text        NOT NULL,
  window_start        timestamptz NOT NULL,
  trace_ids           text[]      NOT NULL DEFAULT '{}',
  evidence            jsonb       NOT NULL DEFAULT '{}',
  message             text        NOT NULL,
  fired_at            timestamptz NOT NULL DEFAULT now(),
  resolved_at         timestamptz,
  last_breach_window  timestamptz NOT NULL,
  last_breach_at      timestamptz NOT NULL DEFAULT now(),
  acknowledged_at     timestamptz,
  acknowledged_by     text
);
CREATE UNIQUE INDEX alerts_one_firing_idx ON alerts (rule_id, series) WHERE status = 'firing';
CREATE INDEX alerts_project_fired_idx ON alerts (project_id, fired_at DESC, alert_id DESC);
CREATE INDEX alerts_rule_resolved_idx ON alerts (rule_id, series, resolved_at DESC);

-- The outbox: a notification is written in the transaction that fires or resolves its alert,
-- then delivered (with retries and backoff) by whichever alerter replica claims it.
CREATE TABLE alert_notifications (
  notification_id  bigserial   PRIMARY KEY,
  project_id       text        NOT NULL,
  alert_id         text        NOT NULL,
  event            text        NOT NULL CHECK (event IN ('firing', 'resolved')),
  channel          text        NOT NULL CHECK (channel IN ('webhook', 'slack')),
  url              text        NOT NULL,
  body             jsonb       NOT NULL,
  attempts         integer     NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  lease_until      timestamptz,
  delivered_at     timestamptz,
  failed_at        timestamptz,
  last_error       text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (alert_id, event, channel)
);
CREATE INDEX alert_notifications_due_idx ON alert_notifications (next_attempt_at) WHERE delivered_at IS NULL AND failed_at IS NULL;

-- Down Migration
DROP TABLE alert_notifications;
DROP TABLE alerts;
DROP TABLE alert_fact_keys;
DROP TABLE alert_window_stats;
DROP TABLE alert_rules;
