import { describe, expect, it } from 'vitest';
import { copyField, copyLine, CopyTextBuffer, CopyTextBuffers, type CopyValue } from './copy-text.js';

describe('COPY text encoding', () => {
  it('escapes the characters COPY treats specially and writes null as \\N', () => {
    expect(copyLine(['a\tb', 'line1\nline2\r', 'back\\slash', null, 3.5, true])).toBe('a\\tb\tline1\\nline2\\r\tback\\\\slash\t\\N\t3.5\tt\n');
  });

  it('writes text[] literals with every element quoted, and objects as JSON', () => {
    expect(copyField(['prod', 'say "hi"', 'a,b', 'c\\d'])).toBe('{"prod","say \\\\"hi\\\\"","a,b","c\\\\\\\\d"}');
    expect(copyField({ 'k': 'v\n' })).toBe('{"k":"v\\\\n"}');
    expect(copyField([])).toBe('{}');
  });
});

describe('COPY text written into a reused buffer', () => {
  const rows: CopyValue[][] = [
    ['a\tb', 'line1\nline2\r', 'back\\slash', null, 3.5, true, false, Number.NaN, -0.25, 1e21],
    ['naïve café ✓ 日本語 😀', 'lone \ud800 surrogate', '', ['x', 'say "hi"', 'c\\d'], { k: 'v\n', n: [1, 2], deep: { t: 'a\tb' } }, []],
    ['x'.repeat(70_000), null, 'y\\'.repeat(5000)],
  ];

  it('gives the same bytes as the string encoding, growing as needed', () => {
    const buffer = new CopyTextBuffer(16);
    for (const row of rows) buffer.append(copyLine(row));
    expect(buffer.capacity).toBeGreaterThan(16);
    expect(buffer.contents().equals(Buffer.from(rows.map(copyLine).join(''), 'utf8'))).toBe(true);
  });

  it('writes a line field by field as copyLine makes it', () => {
    const buffer = new CopyTextBuffer(16);
    for (const row of rows) {
      row.forEach((value, i) => {
        if (i > 0) buffer.tab();
        buffer.field(value);
      });
      buffer.endLine();
    }
    expect(buffer.contents().equals(Buffer.from(rows.map(copyLine).join(''), 'utf8'))).toBe(true);
  });

  it('writes binary values big-endian, and text with its UTF-8 length first', () => {
    const buffer = new CopyTextBuffer(4);
    buffer.int16(-1);
    buffer.int32(258);
    buffer.int64(-2n);
    buffer.sizedText('é1');
    buffer.binary(Uint8Array.of(7, 8));
    expect([...buffer.contents()]).toEqual([0xff, 0xff, 0, 0, 1, 2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe, 0, 0, 0, 3, 0xc3, 0xa9, 0x31, 7, 8]);
  });

  it('escapes long text as short text (where the check differs)', () => {
    const long = `${'a'.repeat(40)}\\back${'b'.repeat(40)}\nnew\ttab\rreturn`;
    expect(copyField(long)).toBe(`${'a'.repeat(40)}\\\\back${'b'.repeat(40)}\\nnew\\ttab\\rreturn`);
    for (const special of ['\\', '\n', '\t', '\r']) expect(copyField(`${'x'.repeat(50)}${special}`)).not.toBe(`${'x'.repeat(50)}${special}`);
    expect(copyField('x'.repeat(50))).toBe('x'.repeat(50));
  });

  it('starts afresh after a reset, keeping its memory', () => {
    const buffer = new CopyTextBuffer(16);
    buffer.append(copyLine(['first batch, a long line that makes the buffer grow']));
    const grown = buffer.capacity;
    buffer.reset();
    buffer.append(copyLine(['second', null]));
    expect(buffer.contents().toString()).toBe('second\t\\N\n');
    expect(buffer.capacity).toBe(grown);
  });

  it('reuses a buffer after a successful use, and never one whose use failed', async () => {
    const buffers = new CopyTextBuffers({ keep: 1 });
    const first = await buffers.use(async (buffer) => buffer);
    expect(await buffers.use(async (buffer) => buffer)).toBe(first);
    const failed = await buffers.use(async (buffer) => {
      throw Object.assign(new Error('copy failed'), { buffer });
    }).catch((error: { buffer: CopyTextBuffer }) => error.buffer);
    expect(failed).toBe(first);
    expect(await buffers.use(async (buffer) => buffer)).not.toBe(first);
  });

  it('lets go of a buffer grown past the kept size', async () => {
    const buffers = new CopyTextBuffers({ maxKeptBytes: 1024 });
    const big = await buffers.use(async (buffer) => {
      buffer.append('z'.repeat(4096));
      return buffer;
    });
    expect(await buffers.use(async (buffer) => buffer)).not.toBe(big);
  });
});
