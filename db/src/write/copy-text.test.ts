import { describe, expect, it } from 'vitest';
import { copyField, copyLine } from './copy-text.js';

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
