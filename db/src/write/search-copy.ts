import type { CopyTextBuffer } from './copy-text.js';

/**
 * span_search rows in COPY binary format (PostgreSQL docs, "COPY … Binary Format"): the
 * tsvector goes in its binary form (tsvectorrecv, made by core's searchDocumentBinary), which
 * Postgres takes without the text parsing that cost it ~50 µs a document.
 */

export const SEARCH_COPY_SQL = 'COPY span_search (project_id, trace_id, span_id, start_time, document) FROM STDIN (FORMAT binary)';

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
/** timestamptz is µs since 2000-01-01 UTC on the wire. */
const POSTGRES_EPOCH_MICROS = 946_684_800_000_000n;
const FIELDS = 5;

/** The stream's header: its signature, no flags, no header extension. */
export function startSearchCopy(out: CopyTextBuffer): void {
  out.binary(SIGNATURE);
  out.int32(0);
  out.int32(0);
}

/** One span_search row: the span's keys and its document in tsvector binary form. */
export function appendSearchRow(out: CopyTextBuffer, span: { projectId: string; traceId: string; spanId: string; startTimeUnixNano: bigint }, document: Uint8Array): void {
  out.int16(FIELDS);
  out.sizedText(span.projectId);
  out.sizedText(span.traceId);
  out.sizedText(span.spanId);
  out.int32(8);
  out.int64(span.startTimeUnixNano / 1000n - POSTGRES_EPOCH_MICROS);
  out.int32(document.length);
  out.binary(document);
}

/** The stream's trailer. */
export function endSearchCopy(out: CopyTextBuffer): void {
  out.int16(-1);
}
