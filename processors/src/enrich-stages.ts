import type { Pricer, Redactor } from '@lumina/core';
import { decode } from './decode.js';
import { normalize } from './normalize.js';
import { price } from './price.js';
import { redact } from './redact.js';
import type { Stage } from './stage.js';

export interface EnrichDeps {
  redactorFor: (projectId: string) => Redactor | null;
  pricer: Pricer;
  /** the quality stages that run before storage (score), or none when scoring is off */
  quality: Stage[];
}

/**
 * The span lanes' stages before persist, in order: payload → spans, the canonical fields,
 * redaction, cost, quality. One list for the service and for `npm run bench:stages`, which
 * times them as the service runs them.
 */
export function enrichStages({ redactorFor, pricer, quality }: EnrichDeps): Stage[] {
  return [decode, normalize, redact(redactorFor), price(pricer), ...quality];
}
