import { isDeepStrictEqual } from 'node:util';
import type { FlatSpan } from '@lumina/core';
import { decodeTraceRequest } from './decode.js';
import { ProtoDecodeError } from './errors.js';
import { decodeFlatSpans } from './flat-decode.js';
import { flattenTraceRequest } from './flatten.js';

/**
 * The oracle of the flat decoder's tests: the old path, `flattenTraceRequest(decodeTraceRequest())`,
 * run on the same bytes. Only tests import this file.
 */

export type Outcome = { spans: FlatSpan[] } | { error: unknown };

export function outcome(decode: () => FlatSpan[]): Outcome {
  try {
    return { spans: decode() };
  } catch (error) {
    return { error };
  }
}

export const oldPath = (bytes: Uint8Array): Outcome => outcome(() => flattenTraceRequest(decodeTraceRequest(bytes)));
export const flatPath = (bytes: Uint8Array): Outcome => outcome(() => decodeFlatSpans(bytes));

/** Why the flat decoder disagrees with the old path on `bytes`, or null when it agrees. */
export function disagreement(bytes: Uint8Array): string | null {
  const old = oldPath(bytes);
  const flat = flatPath(bytes);
  if ('error' in old) {
    if (!('error' in flat)) return `old path threw (${String(old.error)}), flat decoder did not`;
    return flat.error instanceof ProtoDecodeError && flat.error.code === 'invalid_protobuf' ? null : `flat decoder threw ${String(flat.error)}`;
  }
  if ('error' in flat) return `flat decoder threw (${String(flat.error)}), old path did not`;
  return isDeepStrictEqual(flat.spans, old.spans) ? null : 'different spans';
}
