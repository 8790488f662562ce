import { diffWords } from 'diff';

/** A piece of a word diff: kept, added (only in the replay) or removed (only in the original). */
export interface DiffPart {
  text: string;
  change: 'same' | 'added' | 'removed';
}

/** Word-level diff of the original and the replayed response (jsdiff). */
export function responseDiff(original: string, replay: string): DiffPart[] {
  return diffWords(original, replay).map((part) => ({ text: part.value, change: part.added ? 'added' : part.removed ? 'removed' : 'same' }));
}

interface Ranked {
  regression: boolean;
  status: string;
  semantic_score: number | null;
}

/** Regressions first, then failures, then the rest by rising semantic score (the most changed first). */
export function regressionsFirst<R extends Ranked>(results: readonly R[]): R[] {
  const rank = (result: R) => (result.regression ? 0 : result.status === 'failed' ? 1 : 2);
  return [...results].sort((a, b) => rank(a) - rank(b) || (a.semantic_score ?? 2) - (b.semantic_score ?? 2));
}

/** Run overrides from a form: empty fields are left out, numbers parsed. */
export function runOverrides(fields: Record<string, string>): Record<string, string | number> {
  const overrides: Record<string, string | number> = {};
  for (const [key, raw] of Object.entries(fields)) {
    const value = raw.trim();
    if (value === '' && key !== 'system_prompt') continue;
    if (key === 'system_prompt' && raw === '') continue;
    overrides[key] = ['temperature', 'max_tokens', 'concurrency'].includes(key) ? Number(value) : key === 'system_prompt' ? raw : value;
  }
  return overrides;
}
