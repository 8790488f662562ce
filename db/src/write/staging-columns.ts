import { searchDocumentText, type SpanRecord } from '@lumina/core';
import { copyField, type CopyValue } from './copy-text.js';

interface StagingColumn {
  name: string;
  sqlType: string;
  read: (span: SpanRecord) => CopyValue;
  /** staged for the batch statement, not a column of `spans` */
  stagedOnly?: boolean;
}

/** The staging table each database session COPYs a batch into (text format, see copy-text.ts). */
export const STAGING_TABLE = 'lumina_span_batch';

const column = (name: string, sqlType: string, read: (span: SpanRecord) => CopyValue, stagedOnly = false): StagingColumn => ({ name, sqlType, read, stagedOnly });

/**
 * The staging table's columns in COPY order, each with how to read it from a span record: one
 * list, so the table definition and the COPY lines cannot drift apart. Timestamps are staged as
 * unix microseconds; the batch statement turns them into timestamptz. The names are those of
 * the `spans` table (migrations), which the batch statement inserts into.
 */
export const STAGING_COLUMNS: readonly StagingColumn[] = [
  column('project_id', 'text', (s) => s.projectId),
  column('trace_id', 'text', (s) => s.traceId),
  column('span_id', 'text', (s) => s.spanId),
  column('parent_span_id', 'text', (s) => s.parentSpanId),
  column('name', 'text', (s) => s.name),
  column('kind', 'text', (s) => s.kind),
  column('service_name', 'text', (s) => s.serviceName),
  column('start_us', 'bigint', (s) => Number(s.startTimeUnixNano / 1000n)),
  column('end_us', 'bigint', (s) => Number(s.endTimeUnixNano / 1000n)),
  column('latency_ms', 'double precision', (s) => s.latencyMs),
  column('status', 'text', (s) => s.status),
  column('status_message', 'text', (s) => s.statusMessage),
  column('is_llm', 'boolean', (s) => s.isLlm),
  column('provider', 'text', (s) => s.provider),
  column('model', 'text', (s) => s.model),
  column('operation', 'text', (s) => s.operation),
  column('prompt_tokens', 'integer', (s) => s.promptTokens),
  column('completion_tokens', 'integer', (s) => s.completionTokens),
  column('cached_prompt_tokens', 'integer', (s) => s.cachedPromptTokens),
  column('cost_usd', 'double precision', (s) => s.costUsd),
  column('prompt', 'text', (s) => s.prompt),
  column('response', 'text', (s) => s.response),
  column('system_prompt', 'text', (s) => s.systemPrompt),
  column('finish_reason', 'text', (s) => s.finishReason),
  column('user_id', 'text', (s) => s.userId),
  column('session_id', 'text', (s) => s.sessionId),
  column('tags', 'text[]', (s) => s.tags),
  column('attributes', 'jsonb', (s) => s.attributes),
  column('resource', 'jsonb', (s) => s.resource),
  column('redactions', 'jsonb', (s) => s.redactions),
  column('field_sources', 'jsonb', (s) => s.fieldSources),
  column('wrapper_kind', 'text', (s) => s.wrapperKind),
  column('price_source', 'text', (s) => s.priceSource),
  column('price_version', 'text', (s) => s.priceVersion),
  column('quality_score', 'real', (s) => s.qualityScore),
  column('quality_signals', 'jsonb', (s) => s.qualitySignals as CopyValue),
  // JSON arrays go as JSON text: an array value would be written as a Postgres text[].
  column('events', 'jsonb', (s) => (s.events ? JSON.stringify(s.events) : null)),
  column('tool_calls', 'jsonb', (s) => (s.toolCalls ? JSON.stringify(s.toolCalls) : null)),
  // An LLM call's search document when the processors can make it exactly (core/src/search); the
  // batch statement writes it to span_search at once, and queues the others for Postgres to make.
  column('search_document', 'tsvector', (s) => (s.isLlm ? searchDocumentText(s.prompt, s.response) : null), true),
];

/** The staging table's column definitions, for CREATE TABLE. */
export const STAGING_COLUMNS_SQL = STAGING_COLUMNS.map((c) => `${c.name} ${c.sqlType}`).join(', ');

const SPAN_COLUMNS = STAGING_COLUMNS.filter((c) => !c.stagedOnly);

/** The `spans` columns filled from staging, in staging order, timestamps renamed. */
export const SPAN_INSERT_COLUMNS = SPAN_COLUMNS.map((c) => (c.name === 'start_us' ? 'start_time' : c.name === 'end_us' ? 'end_time' : c.name));

/** The SELECT list reading staging rows as `spans` rows (µs turned into timestamptz, null tags as empty). */
export const STAGING_SELECT_SQL = SPAN_COLUMNS.map((c) => {
  if (c.name === 'start_us' || c.name === 'end_us') return `timestamptz 'epoch' + ${c.name} * interval '1 microsecond'`;
  if (c.name === 'tags') return `coalesce(tags, '{}')`;
  if (c.name === 'attributes' || c.name === 'resource') return `coalesce(${c.name}, '{}')`;
  return c.name;
}).join(', ');

/** A span record as one COPY line in staging-column order, newline included (copyLine without an array per row). */
export function stagingLineText(span: SpanRecord): string {
  let line = copyField(STAGING_COLUMNS[0]!.read(span));
  for (let i = 1; i < STAGING_COLUMNS.length; i += 1) line += `\t${copyField(STAGING_COLUMNS[i]!.read(span))}`;
  return `${line}\n`;
}
