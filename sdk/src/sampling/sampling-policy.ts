/** The sampling settings of a client: a head rate by trace id, and conditions that override it. */
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { conditionMatches, validateConditions, type SampleCondition } from './conditions.js';
import { spanSubject } from './span-subject.js';
import { traceIdWithinRate } from './trace-id-ratio.js';
import { LuminaError } from '../errors.js';

/** Decides, for a finished span, whether Lumina keeps it. */
export interface SamplingPolicy {
  /** True when the head rate keeps the whole trace. */
  keepsTrace(traceId: string): boolean;
  /** True when the span matches an always-sample condition (its trace is then kept). */
  forcesKeep(span: ReadableSpan): boolean;
}

/** Builds a policy; throws `LuminaError` on a rate outside 0..1 or a malformed condition. */
export function createSamplingPolicy(rate: number, conditions: readonly SampleCondition[]): SamplingPolicy {
  if (!(rate >= 0 && rate <= 1)) throw new LuminaError('invalid_option', `samplingRate must be between 0 and 1, got ${rate}`);
  validateConditions(conditions);
  return {
    keepsTrace: (traceId) => traceIdWithinRate(traceId, rate),
    forcesKeep(span) {
      if (conditions.length === 0) return false;
      const subject = spanSubject(span);
      return conditions.some((condition) => conditionMatches(condition, subject));
    },
  };
}
