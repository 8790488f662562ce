-- Up Migration

-- Issue #18: the mapping report, agents counted right, prices that can change.

-- Which source key gave each normalized field of an LLM span ({"model": "llm.model_name",
-- "provider": "price_catalog", ...}); null on other spans.
ALTER TABLE spans ADD COLUMN field_sources jsonb;
-- A span whose usage may repeat another's ('grouping': agent, chain, Vercel outer span;
-- 'framework': LangChain & co.). While it is counted (is_llm) its trace has it in open_wrappers;
-- once a span whose usage it repeats is stored, it stops being counted (core/src/usage).
ALTER TABLE spans ADD COLUMN wrapper_kind text CHECK (wrapper_kind IN ('grouping', 'framework'));
-- Where cost_usd came from (catalog | override | custom_attribute) and that source's version
-- (@pydantic/genai-prices@0.1.8, overrides:sha256:…), for repricing.
ALTER TABLE spans ADD COLUMN price_source text;
ALTER TABLE spans ADD COLUMN price_version text;

-- Counted wrappers of the trace that a later span may still turn out to repeat: while > 0,
-- every write touching the trace settles them (db/src/write/settle-wrappers.ts).
ALTER TABLE traces ADD COLUMN open_wrappers integer NOT NULL DEFAULT 0;

-- The mapping report (GET /api/conventions), per project and instrumentation scope+version:
--   kind 'spans'    name ''          source ''      LLM spans seen
--   kind 'field'    name <field>     source <key>   spans whose field came from that key
--   kind 'unmapped' name <attribute> source ''      spans carrying a key that no mapping read
-- Counts are added per processor batch (one upsert of the batch's aggregate).
CREATE TABLE convention_stats (
  project_id        text        NOT NULL,
  scope_name        text        NOT NULL,
  scope_version     text        NOT NULL,
  kind              text        NOT NULL CHECK (kind IN ('spans', 'field', 'unmapped')),
  name              text        NOT NULL,
  source            text        NOT NULL,
  span_count        bigint      NOT NULL,
  flagged           boolean     NOT NULL DEFAULT false,
  example_trace_id  text        NOT NULL,
  example_span_id   text        NOT NULL,
  last_seen         timestamptz NOT NULL,
  PRIMARY KEY (project_id, scope_name, scope_version, kind, name, source)
);

-- Down Migration
DROP TABLE convention_stats;
ALTER TABLE traces DROP COLUMN open_wrappers;
ALTER TABLE spans DROP COLUMN price_version;
ALTER TABLE spans DROP COLUMN price_source;
ALTER TABLE spans DROP COLUMN wrapper_kind;
ALTER TABLE spans DROP COLUMN field_sources;
