/**
 * Postgres COPY text format: one line per row, tab-separated, `\N` for null, with backslash,
 * newline, carriage return and tab escaped. Cheaper for Postgres to parse than JSON.
 */
const NEEDS_ESCAPE = /[\\\n\r\t]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Up to this length the regular expression finds an escaped character soonest; beyond, four indexOf scans (memchr) are ~10× faster. */
const SHORT_TEXT = 32;

function needsEscape(value: string): boolean {
  if (value.length < SHORT_TEXT) return NEEDS_ESCAPE.test(value);
  return value.includes('\\') || value.includes('\n') || value.includes('\t') || value.includes('\r');
}

function escapeText(value: string): string {
  return needsEscape(value) ? value.replace(/[\\\n\r\t]/g, (c) => ESCAPES[c]!) : value;
}

/** A text[] literal: every element double-quoted, with `"` and `\` escaped inside. */
function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

export type CopyValue = string | number | boolean | null | readonly string[] | object;

/** One field: strings as text, arrays as text[], other objects as JSON (for jsonb columns). */
export function copyField(value: CopyValue): string {
  if (value === null) return '\\N';
  if (typeof value === 'string') return escapeText(value);
  // A number's text has nothing to escape.
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (Array.isArray(value)) return escapeText(arrayLiteral(value as string[]));
  return escapeText(JSON.stringify(value));
}

/** One row as a COPY text line, newline included. */
export function copyLine(fields: readonly CopyValue[]): string {
  let line = '';
  for (let i = 0; i < fields.length; i += 1) line += (i === 0 ? '' : '\t') + copyField(fields[i]!);
  return `${line}\n`;
}

/** UTF-8 takes at most 3 bytes per UTF-16 code unit (a surrogate pair: 4 bytes for 2 units). */
const MAX_UTF8_BYTES_PER_UNIT = 3;

const TAB = 0x09;
const NEWLINE = 0x0a;

/**
 * COPY data gathered in one growing Buffer, a field at a time: no string per line, no joined
 * string of the whole batch, and each value's text written once, as it is (a long prompt is not
 * copied into a line first). Text format through `field`/`tab`/`endLine`, binary format through
 * the `int*`/`binary`/`sizedText` writers. Reusable: `reset()` keeps the memory for the next batch.
 */
export class CopyTextBuffer {
  private bytes: Buffer;
  private length = 0;

  constructor(initialBytes = 64 * 1024) {
    this.bytes = Buffer.allocUnsafe(initialBytes);
  }

  /** Bytes held (what reusing this buffer keeps in memory). */
  get capacity(): number {
    return this.bytes.length;
  }

  /** Appends COPY text as it is (a line from {@link copyLine}, or a field already escaped), UTF-8 encoded. */
  append(text: string): void {
    this.reserve(text.length * MAX_UTF8_BYTES_PER_UNIT);
    this.length += this.bytes.write(text, this.length, 'utf8');
  }

  /** Appends one value as {@link copyField} writes it (a string with nothing to escape is written as it is, not copied). */
  field(value: CopyValue): void {
    this.append(copyField(value));
  }

  /** The separator between two fields of a line. */
  tab(): void {
    this.byte(TAB);
  }

  endLine(): void {
    this.byte(NEWLINE);
  }

  int16(value: number): void {
    this.reserve(2);
    this.length = this.bytes.writeInt16BE(value, this.length);
  }

  int32(value: number): void {
    this.reserve(4);
    this.length = this.bytes.writeInt32BE(value, this.length);
  }

  int64(value: bigint): void {
    this.reserve(8);
    this.length = this.bytes.writeBigInt64BE(value, this.length);
  }

  /** Bytes as they are (a binary value made elsewhere). */
  binary(value: Uint8Array): void {
    this.reserve(value.length);
    this.bytes.set(value, this.length);
    this.length += value.length;
  }

  /** A binary field of text: its UTF-8 length, then its UTF-8. */
  sizedText(value: string): void {
    this.reserve(4 + value.length * MAX_UTF8_BYTES_PER_UNIT);
    const written = this.bytes.write(value, this.length + 4, 'utf8');
    this.bytes.writeInt32BE(written, this.length);
    this.length += 4 + written;
  }

  /** The data written so far: a view of this buffer, valid until the next write or reset. */
  contents(): Buffer {
    return this.bytes.subarray(0, this.length);
  }

  /** Forgets what was written, keeping the memory. */
  reset(): void {
    this.length = 0;
  }

  private byte(value: number): void {
    this.reserve(1);
    this.bytes[this.length++] = value;
  }

  /** Grows (doubling) so that `extra` more bytes fit. */
  private reserve(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < needed) size *= 2;
    const grown = Buffer.allocUnsafe(size);
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }
}

export interface CopyTextBuffersOptions {
  /** spare buffers kept between uses (default 4: one per batch in flight) */
  keep?: number;
  /** a buffer grown past this is let go after use rather than kept (default 16 MiB) */
  maxKeptBytes?: number;
}

/**
 * Spare {@link CopyTextBuffer}s, so each batch writes into memory the last one grew instead of
 * allocating (and the GC freeing) megabytes per batch. `use` hands a buffer to `work` and takes
 * it back only when `work` succeeded: after a failed COPY the socket may still hold its bytes.
 */
export class CopyTextBuffers {
  private readonly spare: CopyTextBuffer[] = [];
  private readonly keep: number;
  private readonly maxKeptBytes: number;

  constructor(options: CopyTextBuffersOptions = {}) {
    this.keep = options.keep ?? 4;
    this.maxKeptBytes = options.maxKeptBytes ?? 16 * 1024 * 1024;
  }

  async use<T>(work: (buffer: CopyTextBuffer) => Promise<T>): Promise<T> {
    const buffer = this.spare.pop() ?? new CopyTextBuffer();
    buffer.reset();
    const result = await work(buffer);
    if (this.spare.length < this.keep && buffer.capacity <= this.maxKeptBytes) this.spare.push(buffer);
    return result;
  }
}
