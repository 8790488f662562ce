import { searchDocumentBinary, type SpanRecord } from '@lumina/core';
import { copyField, type CopyTextBuffer, type CopyValue } from './copy-text.js';
import { STAGING_COLUMNS } from './staging-columns.js';
import { appendSearchRow, endSearchCopy, startSearchCopy } from './search-copy.js';

/**
 * The COPY text of a batch's first delivery (span-writer.ts): its rows straight into `spans`,
 * its ready search documents straight into `span_search`, and a narrow copy of what the trace
 * summaries, rollups and search queue read into the session's `lumina_span_copied` table, over
 * which the batch statement then runs instead of over the rows an INSERT returned.
 */

/** The session's table of the narrow rows; rows vanish at each commit. */
export const COPIED_TABLE = 'lumina_span_copied';

/** The columns of `ins` the summaries read (batch-sql.ts RETURNED_COLUMNS) and whether the span's document went straight in. */
const COPIED_COLUMNS: readonly [string, string, (span: SpanRecord, times: SpanTimes, hasDocument: boolean) => CopyValue][] = [
  ['project_id', 'text', (s) => s.projectId],
  ['trace_id', 'text', (s) => s.traceId],
  ['span_id', 'text', (s) => s.spanId],
  ['parent_span_id', 'text', (s) => s.parentSpanId],
  ['name', 'text', (s) => s.name],
  ['kind', 'text', (s) => s.kind],
  ['service_name', 'text', (s) => s.serviceName],
  ['start_time', 'timestamptz', (_, t) => t.start],
  ['end_time', 'timestamptz', (_, t) => t.end],
  ['latency_ms', 'double precision', (s) => s.latencyMs],
  ['status', 'text', (s) => s.status],
  ['is_llm', 'boolean', (s) => s.isLlm],
  ['provider', 'text', (s) => s.provider],
  ['model', 'text', (s) => s.model],
  ['operation', 'text', (s) => s.operation],
  ['prompt_tokens', 'integer', (s) => s.promptTokens],
  ['completion_tokens', 'integer', (s) => s.completionTokens],
  ['cached_prompt_tokens', 'integer', (s) => s.cachedPromptTokens],
  ['cost_usd', 'double precision', (s) => s.costUsd],
  ['quality_score', 'real', (s) => s.qualityScore],
  ['user_id', 'text', (s) => s.userId],
  ['session_id', 'text', (s) => s.sessionId],
  ['tags', 'text[]', (s) => s.tags ?? []],
  ['wrapper_kind', 'text', (s) => s.wrapperKind],
  ['has_document', 'boolean', (_, __, hasDocument) => hasDocument],
];

/** The columns the batch statement's `ins` has on either path (the staged path's RETURNING list). */
export const INS_COLUMNS: readonly string[] = COPIED_COLUMNS.map(([name]) => name).filter((name) => name !== 'has_document');

/** Creates the session's narrow table (once per session, like the staging table). */
export const CREATE_COPIED_SQL = `CREATE TEMP TABLE IF NOT EXISTS ${COPIED_TABLE} (${COPIED_COLUMNS.map(([name, type]) => `${name} ${type}`).join(', ')}) ON COMMIT DELETE ROWS`;

/** The `ins` rows of the batch statement over the narrow table. */
export const COPIED_SELECT_SQL = `SELECT ${COPIED_COLUMNS.map(([name]) => name).join(', ')} FROM ${COPIED_TABLE}`;

/** Per-span values computed once for all three texts. */
interface SpanTimes {
  start: string;
  end: string;
  /** the resource's COPY field, shared by the spans of one resource (one object per resource in the decoder) */
  resource: RawField;
}

/** A field already in COPY text form. */
class RawField {
  constructor(readonly text: string) {}
}

/** A span time as timestamptz text, truncated to the microsecond as the staged path's `start_us` is. */
function timestampText(unixNano: bigint): string {
  const micros = unixNano / 1000n;
  const seconds = micros / 1_000_000n;
  const fraction = micros - seconds * 1_000_000n;
  return `${new Date(Number(seconds) * 1000).toISOString().slice(0, 19)}.${String(fraction).padStart(6, '0')}+00`;
}

/** The `spans` columns in staging order (the staged-only ones left out), read for a direct COPY. */
const SPAN_COLUMN_READERS: readonly ((span: SpanRecord, times: SpanTimes) => CopyValue | RawField)[] = STAGING_COLUMNS.filter((c) => !c.stagedOnly).map((c) => {
  if (c.name === 'start_us') return (_: SpanRecord, t: SpanTimes) => t.start;
  if (c.name === 'end_us') return (_: SpanRecord, t: SpanTimes) => t.end;
  if (c.name === 'resource') return (_: SpanRecord, t: SpanTimes) => t.resource;
  // The staged insert fills these with coalesce(…); a direct COPY must write them.
  if (c.name === 'tags') return (s: SpanRecord) => s.tags ?? [];
  if (c.name === 'attributes') return (s: SpanRecord) => c.read(s) ?? {};
  return c.read;
});

/**
 * The three COPY streams of a batch, in one pass over its spans: the spans' rows appended to
 * `spanText`, the narrow rows to `copiedText`, and the span_search rows to `searchData` in COPY
 * binary format (search-copy.ts). Returns whether any span had a ready document (else
 * `searchData` holds nothing to send). `documents`: make search documents
 * (BatchParts.searchDocuments).
 */
export function appendDirectCopy(spans: readonly SpanRecord[], documents: boolean, spanText: CopyTextBuffer, copiedText: CopyTextBuffer, searchData: CopyTextBuffer): boolean {
  let searchRows = false;
  let resource: SpanRecord['resource'] | undefined;
  let resourceField = new RawField('');
  for (const span of spans) {
    if (span.resource !== resource) {
      resource = span.resource;
      resourceField = new RawField(copyField(resource ?? {}));
    }
    const times: SpanTimes = { start: timestampText(span.startTimeUnixNano), end: timestampText(span.endTimeUnixNano), resource: resourceField };
    const document = documents && span.isLlm ? searchDocumentBinary(span.prompt, span.response) : null;
    if (document !== null) {
      if (!searchRows) startSearchCopy(searchData);
      appendSearchRow(searchData, span, document);
      searchRows = true;
    }
    for (let i = 0; i < SPAN_COLUMN_READERS.length; i += 1) appendValue(spanText, i, SPAN_COLUMN_READERS[i]!(span, times));
    spanText.endLine();
    for (let i = 0; i < COPIED_COLUMNS.length; i += 1) appendValue(copiedText, i, COPIED_COLUMNS[i]![2](span, times, document !== null));
    copiedText.endLine();
  }
  if (searchRows) endSearchCopy(searchData);
  return searchRows;
}

/** The `column`th field of a line, its separator before it. */
function appendValue(out: CopyTextBuffer, column: number, value: CopyValue | RawField): void {
  if (column > 0) out.tab();
  if (value instanceof RawField) out.append(value.text);
  else out.field(value);
}
