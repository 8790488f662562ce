import type { Random } from './random.js';

/** Text that has broken parsers and SQL builders before: quotes, comments, escapes, JSON, LIKE and regex metacharacters. */
const METACHARACTERS = [
  "'", '"', '`', ';', '--', '/*', '*/', '\\', '%', '_', '[', ']', '{', '}', '(', ')', '$1', '$$', '::', '?', '&', '=', '#', '|', '^', '~', '*', '+', '<', '>',
  "' OR '1'='1", "'; DROP TABLE spans; --", '") OR 1=1 --', "1' UNION SELECT NULL--", "\\'; SELECT pg_sleep(0); --", 'E\'\\x00\'',
  '{"$gt":""}', '{"__proto__":{"polluted":true}}', 'constructor', '__proto__', 'prototype', 'toString', 'hasOwnProperty',
  '\\u0000', '\\ud800', '%00', '%ff', '%', '%%', '%25', '..%2f..%2f', '../../etc/passwd', '${jndi:ldap://x}', '{{7*7}}', '<script>alert(1)</script>',
  'NaN', 'Infinity', '-Infinity', '-0', '1e309', '9007199254740993', '18446744073709551615', '-9223372036854775809', 'null', 'true', 'undefined',
  '\u0000', '\u0001', '\u001f', '\u007f', '\u2028', '\u2029', '\ufeff', '\ufffd', '\uffff', '\u200b', '\u202e', 'é', 'Ω', '𝕏', '😀', '👩‍👩‍👧', 'ﷺ', 'ß', 'İ',
  '\ud800', '\udfff', '\udc00\ud800', '\r\n', '\n', '\t', ' ', '',
];

/** Strings that are valid UTF-16 in JS but lone surrogates encode to invalid UTF-8 (or U+FFFD) on the wire. */
export function hostileString(random: Random, maxLength = 512): string {
  const style = random.weighted({ meta: 5, mixed: 4, unicode: 2, long: 1, empty: 1, digits: 1 });
  switch (style) {
    case 'meta':
      return random.pick(METACHARACTERS);
    case 'empty':
      return '';
    case 'digits':
      return random.pick(['0', '-1', '1e3', '0x10', '007', String(random.next()), '99999999999999999999999999']);
    case 'long':
      return random.pick(METACHARACTERS).repeat(random.int(1, Math.max(1, Math.floor(maxLength / 2)))).slice(0, maxLength) || 'x'.repeat(maxLength);
    case 'unicode': {
      let out = '';
      const length = random.length(Math.min(64, maxLength));
      for (let i = 0; i < length; i += 1) out += String.fromCharCode(random.int(0, 0xffff));
      return out;
    }
    case 'mixed': {
      let out = '';
      const parts = random.int(1, 6);
      for (let i = 0; i < parts; i += 1) out += random.chance(0.5) ? random.pick(METACHARACTERS) : random.hex(random.int(1, 8));
      return out.slice(0, maxLength);
    }
  }
}

/** Bytes that are not valid UTF-8: stray continuation bytes, overlong forms, surrogates, truncated sequences. */
export function invalidUtf8(random: Random): Uint8Array {
  const pieces = [[0x80], [0xbf], [0xc0, 0x80], [0xc1, 0xbf], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xfe], [0xff], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0x00]];
  const out: number[] = [...new TextEncoder().encode(random.pick(['gpt-4o', 'prompt', 'svc', '']))];
  const count = random.int(1, 6);
  for (let i = 0; i < count; i += 1) out.push(...random.pick(pieces));
  return Uint8Array.from(out);
}

/** Ids of wrong lengths and shapes as hex text (for paths, JSON and query values). */
export function hostileHexId(random: Random, rightLength: number): string {
  const style = random.weighted({ right: 3, short: 2, long: 2, nonHex: 2, upper: 1, zero: 1, empty: 1, meta: 2 });
  switch (style) {
    case 'right':
      return random.hex(rightLength);
    case 'short':
      return random.hex(random.int(0, rightLength - 1));
    case 'long':
      return random.hex(random.int(rightLength + 1, rightLength * 4));
    case 'nonHex':
      return `${random.hex(rightLength - 2)}zz`;
    case 'upper':
      return random.hex(rightLength).toUpperCase();
    case 'zero':
      return '0'.repeat(rightLength);
    case 'empty':
      return '';
    case 'meta':
      return hostileString(random, 64);
  }
}

/** Nanosecond timestamps at and past the edges: 0, 1, max int64 and uint64, year 9999, now, up to a year back, random. */
export function hostileNanos(random: Random, nowMs: number): bigint {
  return random.pick([
    0n,
    1n,
    18446744073709551615n,
    9223372036854775807n,
    9223372036854775808n,
    BigInt(nowMs) * 1_000_000n,
    BigInt(nowMs) * 1_000_000n + BigInt(random.int(0, 1_000_000_000)),
    BigInt(nowMs - random.int(0, 86_400_000 * 400)) * 1_000_000n,
    253402300799000000000n, // 9999-12-31
    31_536_000_000_000_000n, // 1971: far in the past for LLM traffic
    BigInt(random.next()) * BigInt(random.next()) * BigInt(random.int(1, 4096)),
  ]);
}

/** JSON numbers and number-like strings at the edges (OTLP/JSON takes int64 as either). */
export function hostileJsonNumber(random: Random): number | string {
  return random.pick<number | string>([
    0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 2 ** 64, 5e-324,
    '18446744073709551615', '18446744073709551616', '-9223372036854775808', '9223372036854775808', '1e3', '0x1f', '', ' 1', 'abc', '-0', '1.5',
  ]);
}
