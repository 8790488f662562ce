import type { SearchDocument } from '@lumina/core';

/**
 * span_search rows in COPY binary format (PostgreSQL docs, "COPY … Binary Format"): the
 * tsvector goes in its binary form (tsvectorrecv), which Postgres takes without the text
 * parsing that cost it ~50 µs a document.
 */

/** One ready document and the keys of its span. */
export interface SearchRow {
  projectId: string;
  traceId: string;
  spanId: string;
  startTimeUnixNano: bigint;
  document: SearchDocument;
}

export const SEARCH_COPY_SQL = 'COPY span_search (project_id, trace_id, span_id, start_time, document) FROM STDIN (FORMAT binary)';

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
/** timestamptz is µs since 2000-01-01 UTC on the wire. */
const POSTGRES_EPOCH_MICROS = 946_684_800_000_000n;
const FIELDS = 5;

function documentBytes(document: SearchDocument): number {
  let bytes = 4;
  for (let i = 0; i < document.words.length; i += 1) bytes += document.words[i]!.length + 1 + 2 + 2 * document.positions[i]!.length;
  return bytes;
}

/** A text field (length, then UTF-8); returns the offset after it. */
function writeText(out: Buffer, at: number, value: string): number {
  const length = out.write(value, at + 4);
  out.writeInt32BE(length, at);
  return at + 4 + length;
}

/** The rows as one COPY binary stream, header and trailer included. */
export function searchCopyBinary(rows: readonly SearchRow[]): Buffer {
  // Each document's size is needed twice (the buffer's size, then the field length): measured once.
  const documentSizes = rows.map((row) => documentBytes(row.document));
  let size = SIGNATURE.length + 8 + 2;
  rows.forEach((row, i) => {
    size += 2 + 4 * FIELDS + Buffer.byteLength(row.projectId) + Buffer.byteLength(row.traceId) + Buffer.byteLength(row.spanId) + 8 + documentSizes[i]!;
  });
  const out = Buffer.allocUnsafe(size);
  let at = SIGNATURE.copy(out, 0);
  at = out.writeInt32BE(0, at); // flags
  at = out.writeInt32BE(0, at); // header extension length
  // A plain loop: a closure over `at` would keep it in a context slot on this per-byte path.
  for (let r = 0; r < rows.length; r += 1) {
    const row = rows[r]!;
    at = out.writeInt16BE(FIELDS, at);
    at = writeText(out, at, row.projectId);
    at = writeText(out, at, row.traceId);
    at = writeText(out, at, row.spanId);
    at = out.writeInt32BE(8, at);
    at = out.writeBigInt64BE(row.startTimeUnixNano / 1000n - POSTGRES_EPOCH_MICROS, at);
    const { words, positions } = row.document;
    at = out.writeInt32BE(documentSizes[r]!, at);
    at = out.writeInt32BE(words.length, at);
    // Byte by byte: words are a few ASCII characters (core/src/search), positions ≤ 16,383.
    for (let i = 0; i < words.length; i += 1) {
      const word = words[i]!;
      for (let k = 0; k < word.length; k += 1) out[at++] = word.charCodeAt(k);
      out[at++] = 0;
      const list = positions[i]!;
      out[at++] = list.length >> 8;
      out[at++] = list.length & 0xff;
      for (let k = 0; k < list.length; k += 1) {
        out[at++] = list[k]! >> 8;
        out[at++] = list[k]! & 0xff;
      }
    }
  }
  out.writeInt16BE(-1, at);
  return out;
}
