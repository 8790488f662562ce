-- Up Migration

-- Issue #22: a span of an LLM call (1-2 KB of prompt and response, its attributes) is past the
-- TOAST threshold, so Postgres compresses it on every insert; with the default pglz that was
-- ~20% of the database's CPU for a COPY of spans. lz4 compresses (and decompresses, for every
-- read) several times faster. Rows already stored keep pglz; both read the same.
-- Every compressible column of spans and of its day partitions (ALTER on the partitioned table
-- alone reaches only partitions made after it). A server built without lz4 keeps pglz.
DO $$
DECLARE
  target regclass;
  col text;
BEGIN
  FOR target IN SELECT 'spans'::regclass UNION ALL SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = 'spans'::regclass LOOP
    FOR col IN SELECT attname FROM pg_attribute WHERE attrelid = target AND attnum > 0 AND NOT attisdropped AND attstorage IN ('x', 'm') LOOP
      EXECUTE format('ALTER TABLE %s ALTER COLUMN %I SET COMPRESSION lz4', target, col);
    END LOOP;
  END LOOP;
EXCEPTION WHEN feature_not_supported THEN
  RAISE NOTICE 'this server has no lz4: spans stay compressed with pglz';
END;
$$;

-- Day partitions take their columns' compression from spans.
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
    EXECUTE format('CREATE TABLE %I (LIKE spans INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING COMPRESSION)', part);
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
-- The partition function keeps INCLUDING COMPRESSION: with spans back on the default, it copies the default.
DO $$
DECLARE
  target regclass;
  col text;
BEGIN
  FOR target IN SELECT 'spans'::regclass UNION ALL SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = 'spans'::regclass LOOP
    FOR col IN SELECT attname FROM pg_attribute WHERE attrelid = target AND attnum > 0 AND NOT attisdropped AND attcompression <> '' LOOP
      EXECUTE format('ALTER TABLE %s ALTER COLUMN %I SET COMPRESSION default', target, col);
    END LOOP;
  END LOOP;
END;
$$;
