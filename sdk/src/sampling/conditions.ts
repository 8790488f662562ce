/**
 * Always-sample conditions, in the style of a MongoDB query: within one condition object
 * every key must match; a list of condition objects matches when any one does.
 */
import type { AttributeValue } from '@opentelemetry/api';
import { LuminaError } from '../errors.js';

/** A comparison on one value. A bare value means `$eq`. */
export type ValueMatcher =
  | string
  | number
  | boolean
  | { $eq?: AttributeValue; $in?: readonly AttributeValue[]; $gt?: number; $lt?: number; $gte?: number; $lte?: number };

/**
 * One condition: every key given must match.
 * - `error: true` — the span's status is ERROR (`false`: it is not);
 * - `costUsd` — the call's cost from its token counts and its price (see the README);
 * - `latencyMs` — the span's duration;
 * - `userId`, `sessionId` — `user.id`, `session.id`;
 * - any other key `k` — the metadata `lumina.metadata.k`, else the span attribute named `k`.
 */
export interface SampleCondition {
  error?: boolean;
  costUsd?: ValueMatcher;
  latencyMs?: ValueMatcher;
  userId?: ValueMatcher;
  sessionId?: ValueMatcher;
  [metadataKey: string]: ValueMatcher | undefined;
}

/** The facts about one finished span a condition can look at; each is read only if asked. */
export interface SampleSubject {
  isError(): boolean;
  latencyMs(): number;
  costUsd(): number | undefined;
  value(key: string): AttributeValue | undefined;
}

const OPERATORS = new Set(['$eq', '$in', '$gt', '$lt', '$gte', '$lte']);

function sameValue(a: AttributeValue | undefined, b: AttributeValue | undefined): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return JSON.stringify(a) === JSON.stringify(b);
  return a === b;
}

/** True when `actual` satisfies the matcher; an absent value satisfies nothing. */
export function valueMatches(actual: AttributeValue | undefined, matcher: ValueMatcher): boolean {
  if (actual === undefined || actual === null) return false;
  if (typeof matcher !== 'object' || matcher === null) return sameValue(actual, matcher);
  const n = typeof actual === 'number' ? actual : Number.NaN;
  if ('$eq' in matcher && !sameValue(actual, matcher.$eq)) return false;
  if (matcher.$in !== undefined && !matcher.$in.some((candidate) => sameValue(actual, candidate))) return false;
  if (matcher.$gt !== undefined && !(n > matcher.$gt)) return false;
  if (matcher.$lt !== undefined && !(n < matcher.$lt)) return false;
  if (matcher.$gte !== undefined && !(n >= matcher.$gte)) return false;
  if (matcher.$lte !== undefined && !(n <= matcher.$lte)) return false;
  return true;
}

/** Reads a key of a condition from the subject. */
function subjectValue(subject: SampleSubject, key: string): AttributeValue | undefined {
  if (key === 'latencyMs') return subject.latencyMs();
  if (key === 'costUsd') return subject.costUsd();
  return subject.value(key);
}

/** True when every key of the condition matches. */
export function conditionMatches(condition: SampleCondition, subject: SampleSubject): boolean {
  for (const [key, matcher] of Object.entries(condition)) {
    if (matcher === undefined) continue;
    if (key === 'error') {
      if (subject.isError() !== matcher) return false;
    } else if (!valueMatches(subjectValue(subject, key), matcher)) return false;
  }
  return true;
}

/** Checks conditions once, at start-up; throws `LuminaError('invalid_sampling_condition')`. */
export function validateConditions(conditions: readonly SampleCondition[]): void {
  conditions.forEach((condition, index) => {
    for (const [key, matcher] of Object.entries(condition)) {
      const where = `alwaysSampleConditions[${index}].${key}`;
      if (key === 'error') {
        if (typeof matcher !== 'boolean') throw new LuminaError('invalid_sampling_condition', `${where} must be true or false`);
        continue;
      }
      if (typeof matcher !== 'object' || matcher === null) continue;
      for (const operator of Object.keys(matcher)) {
        if (!OPERATORS.has(operator)) throw new LuminaError('invalid_sampling_condition', `${where}: unknown operator ${operator}`);
      }
      if ('$in' in matcher && !Array.isArray(matcher.$in)) throw new LuminaError('invalid_sampling_condition', `${where}.$in must be an array`);
    }
  });
}

