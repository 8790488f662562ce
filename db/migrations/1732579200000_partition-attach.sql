-- Up Migration

-- Day partitions are created standalone and then attached: ATTACH PARTITION takes only a
-- SHARE UPDATE EXCLUSIVE lock on spans (CREATE ... PARTITION OF takes ACCESS EXCLUSIVE), so
-- creating tomorrow's partition never blocks, or deadlocks with, writers and readers of today's.
CREATE OR REPLACE FUNCTION lumina_ensure_span_partition(day date) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  part text := format('spans_%s', to_char(day, 'YYYYMMDD'));
  lower timestamptz := day::timestamp AT TIME ZONE 'UTC';
  upper timestamptz := (day + 1)::timestamp AT TIME ZONE 'UTC';
BEGIN
  IF to_regclass(part) IS NOT NULL THEN
    RETURN;
  END IF;
  BEGIN
    EXECUTE format('CREATE TABLE %I (LIKE spans INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part);
    -- The check lets ATTACH skip its validation scan.
    EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I CHECK (start_time >= %L AND start_time < %L)',
      part, part || '_range', lower, upper);
    EXECUTE format('ALTER TABLE spans ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', part, lower, upper);
    EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', part, part || '_range');
  EXCEPTION WHEN duplicate_table OR unique_violation THEN
    -- another replica created it first
    NULL;
  END;
END;
$$;

-- Down Migration
CREATE OR REPLACE FUNCTION lumina_ensure_span_partition(day date) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  part text := format('spans_%s', to_char(day, 'YYYYMMDD'));
BEGIN
  IF to_regclass(part) IS NOT NULL THEN
    RETURN;
  END IF;
  BEGIN
    EXECUTE format('CREATE TABLE %I PARTITION OF spans FOR VALUES FROM (%L) TO (%L)',
      part, day::timestamp AT TIME ZONE 'UTC', (day + 1)::timestamp AT TIME ZONE 'UTC');
  EXCEPTION WHEN duplicate_table OR unique_violation THEN
    NULL;
  END;
END;
$$;
